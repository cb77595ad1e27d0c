import TOMLKit

/// `[variables]`, shared by both manifest versions.
///
/// See <https://spinframework.dev/v3/manifest-reference#the-variables-table>.
enum ApplicationVariablesDecoder {
    static func decode(_ root: TOMLFields) throws(ManifestError) -> [ApplicationVariable] {
        let entries = try root.tableOfTables(
            "variables", expectation: "a table of variable tables (name = { default = \"...\" })",
            context: { ManifestContext.variable($0) }) ?? []
        var variables: [ApplicationVariable] = []
        for (name, fields) in entries {
            if let problem = SpinIdentifier.problem(with: name, style: .lowerSnake) {
                throw fields.error("invalid variable name: \(problem)")
            }
            try fields.rejectUnknownFields(allowed: ["description", "default", "required", "secret"])
            let defaultValue = try fields.string("default")
            let required = try fields.bool("required") ?? false
            if required && defaultValue != nil {
                throw fields.error("a variable cannot both be required and have a default")
            }
            if !required && defaultValue == nil {
                throw fields.error("a variable must be required (required = true) or have a default")
            }
            variables.append(
                ApplicationVariable(
                    name: name, description: try fields.string("description"), defaultValue: defaultValue,
                    required: required, secret: try fields.bool("secret") ?? false))
        }
        return variables
    }
}
