/// The providers of application variables, in the order Spin asks them:
/// those of the runtime config (`[[variables_provider]]`, or its older
/// name `[[config_provider]]`) in file order, then the default environment
/// provider (`SPIN_VARIABLE_<NAME>`, then `./.env`), then the manifest's
/// defaults.
enum VariablesProviders {
    static func from(_ config: RuntimeConfig) throws(ManifestError) -> [any VariablesProvider] {
        let key = config.root?.contains("variables_provider") == true ? "variables_provider" : "config_provider"
        var providers: [any VariablesProvider] = []
        for fields in try config.tableArray(key) {
            let type = try fields.requiredString("type")
            switch type {
            case "env":
                try fields.rejectUnknownFields(allowed: ["type", "prefix", "dotenv_path"])
                providers.append(EnvironmentVariablesProvider(
                    prefix: try fields.string("prefix") ?? "SPIN_VARIABLE", dotenvPath: try fields.string("dotenv_path")))
            case "static":
                try fields.rejectUnknownFields(allowed: ["type", "values"])
                providers.append(StaticVariablesProvider(values: try fields.stringTable("values") ?? [:]))
            default:
                throw fields.error("unsupported variables provider type \(quoted(type)); this host has \"env\" and \"static\"", at: "type")
            }
        }
        return providers + [EnvironmentVariablesProvider(dotenvPath: ".env")]
    }
}

/// Values written in the runtime config (`type = "static"`).
struct StaticVariablesProvider: VariablesProvider {
    let values: [String: String]

    func value(of name: String) -> String? { values[name] }
}
