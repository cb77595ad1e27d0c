import TOMLKit

/// Reads a version 1 manifest (`spin_version = "1"` or
/// `spin_manifest_version = "1"`) and converts it into the version 2 model
/// the way Spin does:
///
/// - `name`, `version`, `description`, `authors` become `[application]`, and
///   `trigger = { type = "http", base = ... }` its HTTP settings;
/// - each `[[component]]` becomes a component under its `id` (made
///   kebab-case if needed: `my_Component` becomes `my-component`), its
///   `config` becomes `variables`, and `allowed_http_hosts` is converted and
///   appended to `allowed_outbound_hosts` (when that is absent, the
///   component also keeps Spin 1's access to any Redis, MySQL or PostgreSQL host);
/// - each `[component.trigger]` becomes an HTTP trigger with id
///   `trigger-<id>`, or, under `trigger = { type = "redis", address = ... }`,
///   a Redis trigger on the component's `channel` at that address.
///
/// See <https://spinframework.dev/v3/manifest-reference-v1>.
struct ManifestV1 {
    let root: TOMLFields
    let applicationDirectory: String

    static let topLevelFields: Set<String> = [
        "spin_version", "spin_manifest_version", "name", "version", "description", "authors",
        "trigger", "variables", "component",
    ]

    static let componentFields: Set<String> = [
        "id", "source", "trigger", "description", "config", "environment", "files", "exclude_files",
        "allowed_http_hosts", "allowed_outbound_hosts", "key_value_stores", "sqlite_databases",
        "ai_models", "build",
    ]

    func decode() throws(ManifestError) -> Manifest {
        try root.rejectUnknownFields(allowed: Self.topLevelFields)
        if root.contains("spin_version") && root.contains("spin_manifest_version") {
            throw root.error("only one of \"spin_version\" and \"spin_manifest_version\" may be set", at: "spin_manifest_version")
        }
        let name = try root.requiredString("name")
        guard let trigger = try root.table("trigger") else { throw root.missing("trigger") }
        let type = try trigger.requiredString("type")
        let redisAddress: String?
        switch type {
        case "http":
            try trigger.rejectUnknownFields(allowed: ["type", "base"])
            redisAddress = nil
        case "redis":
            try trigger.rejectUnknownFields(allowed: ["type", "address"])
            redisAddress = try trigger.requiredString("address")
        default:
            throw trigger.error("unsupported trigger type \(quoted(type)): this host runs \"http\" and \"redis\" triggers",
                                at: "type")
        }
        let application = ApplicationDetails(
            name: name,
            version: try root.string("version") ?? "",
            description: try root.string("description") ?? "",
            authors: try root.stringArray("authors") ?? [],
            httpBase: redisAddress == nil ? try trigger.string("base") : nil)
        let variables = try ApplicationVariablesDecoder.decode(root)

        let entries = try root.arrayOfTables(
            "component", expectation: "an array of tables ([[component]])",
            context: { "[[component]] #\($0 + 1)" }) ?? []
        var components: [String: ComponentManifest] = [:]
        var order: [String] = []
        var triggers: [HTTPTrigger] = []
        var redisTriggers: [RedisTrigger] = []
        var lines: [ManifestValidation.TriggerLines] = []
        for (index, entry) in entries.enumerated() {
            let (component, trigger) = try decodeComponent(entry, redisAddress: redisAddress)
            order.append(component.id)
            guard components[component.id] == nil else {
                throw root.error("duplicate component id \(quoted(component.id))", at: [.key("component"), .index(index), .key("id")])
            }
            components[component.id] = component
            switch trigger {
            case .http(let http):
                lines.append(.init(route: entry.line(at: [.key("trigger"), .key("route")]), component: entry.line))
                triggers.append(http)
            case .redis(let redis):
                redisTriggers.append(redis)
            }
        }
        var manifest = try ManifestValidation(file: root.file, triggerLines: lines).manifest(
            applicationDirectory: applicationDirectory, format: .version1, application: application,
            variables: variables, httpTriggers: triggers, components: components, componentOrder: order)
        manifest.redisTriggers = redisTriggers
        return manifest
    }

    private enum ComponentTrigger {
        case http(HTTPTrigger)
        case redis(RedisTrigger)
    }

    private func decodeComponent(_ entry: TOMLFields, redisAddress: String?) throws(ManifestError) -> (ComponentManifest, ComponentTrigger) {
        let givenID = try entry.requiredString("id")
        let id = SpinIdentifier.convertedVersion1ComponentID(givenID)
        if let problem = SpinIdentifier.problem(with: id, style: .kebab) {
            throw entry.error("invalid component id \(quoted(givenID)): \(problem)", at: "id")
        }
        let fields = entry.recontextualized(ManifestContext.component(id))
        try fields.rejectUnknownFields(allowed: Self.componentFields)
        let decoder = ComponentManifestDecoder(applicationDirectory: applicationDirectory)
        let source = try decoder.source(fields, key: "source")

        guard let trigger = try fields.table("trigger") else { throw fields.missing("trigger") }
        let componentTrigger: ComponentTrigger
        if let redisAddress {
            try trigger.rejectUnknownFields(allowed: ["channel"])
            componentTrigger = .redis(RedisTrigger(component: id, channel: try trigger.requiredString("channel"),
                                                   address: redisAddress))
        } else {
            try trigger.rejectUnknownFields(allowed: ["route", "executor"])
            componentTrigger = .http(HTTPTrigger(id: "trigger-\(id)", route: try HTTPTriggerDecoder.route(trigger),
                                                 handler: .component(id: id, executor: try HTTPTriggerDecoder.executor(trigger))))
        }

        let outbound = try decoder.outboundHosts(fields)
        let fromHTTPHosts = try decoder.httpHosts(fields)
        let allowed = (outbound ?? AllowedHTTPHosts.version1DatabaseAccess) + fromHTTPHosts

        let component = ComponentManifest(
            id: id,
            source: source,
            description: try fields.string("description") ?? "",
            variables: try decoder.variables(fields, key: "config"),
            environment: try fields.stringTable("environment") ?? [:],
            files: try decoder.files(fields),
            excludeFiles: try decoder.excludeFiles(fields),
            allowedOutboundHosts: allowed,
            keyValueStores: try decoder.labels(fields, key: "key_value_stores"),
            sqliteDatabases: try decoder.labels(fields, key: "sqlite_databases"),
            aiModels: try fields.stringArray("ai_models") ?? [],
            build: try decoder.build(fields))
        return (component, componentTrigger)
    }
}
