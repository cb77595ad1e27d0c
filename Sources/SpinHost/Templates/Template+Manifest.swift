import Foundation
import TOMLKit

extension Template {
    /// Loads the template in `directory` (the folder that holds `metadata/`).
    ///
    /// Like Spin, unknown fields are errors (so typos are found), `trigger_type`
    /// is accepted and ignored, and `custom_filters` is refused.
    /// See <https://spinframework.dev/v3/template-authoring#authoring-the-manifest>.
    public static func load(from directory: String, origin: Origin = .builtIn) throws(TemplateError) -> Template {
        let path = directory + "/metadata/spin-template.toml"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(.invalidTemplate, "\(path): cannot read the template manifest")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TemplateError(.invalidTemplate,
                "\(path): line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw TemplateError(.invalidTemplate, "\(path): \(error)")
        }
        var reader = TemplateManifestReader(path: path)
        return try reader.template(from: root, text: text, directory: directory, origin: origin)
    }
}

/// Reads `spin-template.toml` (manifest version 1) field by field, naming
/// the file and the field in every error.
struct TemplateManifestReader {
    let path: String

    mutating func template(from root: TOMLTable, text: String, directory: String, origin: Template.Origin) throws(TemplateError) -> Template {
        try allowOnly(root, ["manifest_version", "id", "description", "trigger_type", "tags", "new_application",
                             "add_component", "parameters", "custom_filters", "outputs"], in: nil)
        guard let version = root["manifest_version"] else { throw invalid("missing field \"manifest_version\"") }
        guard version.string == "1" else {
            throw invalid("manifest_version must be \"1\" (the only template manifest version), got \(version.debugDescription)")
        }
        guard let id = try string(root, "id", in: nil), !id.isEmpty else { throw invalid("missing field \"id\"") }
        if root["custom_filters"] != nil {
            throw invalid("custom filters are not supported; please update the template")
        }
        let tags = Set((try strings(root, "tags", in: nil) ?? []).map { $0.lowercased() }).sorted()
        let parameters = try readParameters(root, order: Self.parameterOrder(in: text))
        let newApplication = try variant(root, "new_application", supportedByDefault: true)
        let addComponent = try variant(root, "add_component", supportedByDefault: false)
        return Template(
            id: id, description: try string(root, "description", in: nil) ?? "", tags: tags,
            parameters: parameters, newApplication: newApplication, addComponent: addComponent,
            extraOutputs: try readOutputs(root), directory: directory, origin: origin)
    }

    private func readParameters(_ root: TOMLTable, order: [String: Int]) throws(TemplateError) -> [TemplateParameter] {
        guard let value = root["parameters"] else { return [] }
        guard let table = value.table else { throw invalid("[parameters] must be a table") }
        var parameters: [TemplateParameter] = []
        for id in table.keys {
            let context = "parameter \"\(id)\""
            guard let entry = table[id]?.table else { throw invalid("\(context) must be a table") }
            try allowOnly(entry, ["type", "prompt", "default", "pattern", "allowed_values"], in: context)
            guard let type = try string(entry, "type", in: context) else { throw invalid("\(context): missing field \"type\"") }
            guard type == "string" else { throw invalid("\(context): unrecognised data type \"\(type)\"") }
            guard let prompt = try string(entry, "prompt", in: context) else { throw invalid("\(context): missing field \"prompt\"") }
            let pattern = try string(entry, "pattern", in: context)
            if let pattern, !TemplatePattern.isValid(pattern) {
                throw invalid("\(context): \"\(pattern)\" is not a valid regular expression")
            }
            parameters.append(TemplateParameter(
                id: id, prompt: prompt, defaultValue: try string(entry, "default", in: context), pattern: pattern,
                allowedValues: try strings(entry, "allowed_values", in: context)))
        }
        return parameters.sorted { (order[$0.id] ?? .max, $0.id) < (order[$1.id] ?? .max, $1.id) }
    }

    private func variant(_ root: TOMLTable, _ key: String, supportedByDefault: Bool) throws(TemplateError) -> TemplateVariant? {
        guard let value = root[key] else { return supportedByDefault ? TemplateVariant() : nil }
        guard let table = value.table else { throw invalid("[\(key)] must be a table") }
        try allowOnly(table, ["supported", "skip_files", "skip_parameters", "snippets", "conditions"], in: "[\(key)]")
        if let supported = table["supported"] {
            guard let flag = supported.bool else { throw invalid("[\(key)]: \"supported\" must be true or false") }
            if !flag { return nil }
        }
        var variant = TemplateVariant()
        variant.skipFiles = try strings(table, "skip_files", in: "[\(key)]") ?? []
        variant.skipParameters = try strings(table, "skip_parameters", in: "[\(key)]") ?? []
        if let snippets = table["snippets"] {
            guard let snippets = snippets.table else { throw invalid("[\(key).snippets] must be a table") }
            for name in snippets.keys {
                guard let file = snippets[name]?.string else { throw invalid("[\(key).snippets]: \"\(name)\" must be a file name") }
                guard ["component", "application_trigger", "variables"].contains(name) else {
                    throw invalid("[\(key).snippets]: unknown snippet \"\(name)\" (expected component, application_trigger or variables)")
                }
                variant.snippets[name] = file
            }
        }
        if let conditions = table["conditions"] {
            guard let conditions = conditions.table else { throw invalid("[\(key).conditions] must be a table") }
            for name in conditions.keys {
                let context = "[\(key).conditions.\(name)]"
                guard let entry = conditions[name]?.table else { throw invalid("\(context) must be a table") }
                try allowOnly(entry, ["condition", "skip_files", "skip_parameters", "skip_snippets"], in: context)
                guard let test = entry["condition"]?.table, test.keys == ["manifest_entry_exists"],
                      let entryPath = test["manifest_entry_exists"]?.string else {
                    throw invalid("\(context): condition must be { manifest_entry_exists = \"dotted.path\" }")
                }
                variant.conditions.append(TemplateCondition(
                    manifestEntry: entryPath.split(separator: ".").map(String.init),
                    skipFiles: try strings(entry, "skip_files", in: context) ?? [],
                    skipParameters: try strings(entry, "skip_parameters", in: context) ?? [],
                    skipSnippets: try strings(entry, "skip_snippets", in: context) ?? []))
            }
        }
        return variant
    }

    private func readOutputs(_ root: TOMLTable) throws(TemplateError) -> [TemplateExtraOutput] {
        guard let value = root["outputs"] else { return [] }
        guard let table = value.table else { throw invalid("[outputs] must be a table") }
        var outputs: [TemplateExtraOutput] = []
        for name in table.keys {
            let context = "output \"\(name)\""
            guard let entry = table[name]?.table else { throw invalid("\(context) must be a table") }
            try allowOnly(entry, ["action", "path", "at"], in: context)
            guard try string(entry, "action", in: context) == "create_dir" else {
                throw invalid("\(context): action must be \"create_dir\"")
            }
            guard let path = try string(entry, "path", in: context) else { throw invalid("\(context): missing field \"path\"") }
            let location: TemplateExtraOutput.Location
            switch try string(entry, "at", in: context) {
            case nil, "component": location = .component
            case "manifest": location = .manifest
            case let other?: throw invalid("\(context): \"at\" must be \"component\" or \"manifest\", got \"\(other)\"")
            }
            let template: LiquidTemplate
            do throws(TemplateError) {
                template = try LiquidTemplate(parsing: path)
            } catch {
                throw invalid("\(context): \(error.message)")
            }
            outputs.append(TemplateExtraOutput(path: template, location: location))
        }
        return outputs
    }

    // MARK: - Field helpers

    private func allowOnly(_ table: TOMLTable, _ fields: Set<String>, in context: String?) throws(TemplateError) {
        for key in table.keys where !fields.contains(key) {
            throw invalid((context.map { $0 + ": " } ?? "") + "unknown field \"\(key)\"")
        }
    }

    private func string(_ table: TOMLTable, _ key: String, in context: String?) throws(TemplateError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw invalid((context.map { $0 + ": " } ?? "") + "\"\(key)\" must be a string") }
        return text
    }

    private func strings(_ table: TOMLTable, _ key: String, in context: String?) throws(TemplateError) -> [String]? {
        guard let value = table[key] else { return nil }
        let problem = (context.map { $0 + ": " } ?? "") + "\"\(key)\" must be an array of strings"
        guard let array = value.array else { throw invalid(problem) }
        var result: [String] = []
        for element in array {
            guard let text = element.string else { throw invalid(problem) }
            result.append(text)
        }
        return result
    }

    private func invalid(_ message: String) -> TemplateError {
        TemplateError(.invalidTemplate, "\(path): \(message)")
    }

    /// The line on which each parameter is declared, because the TOML
    /// library sorts keys and Spin asks for parameters in manifest order.
    static func parameterOrder(in text: String) -> [String: Int] {
        var order: [String: Int] = [:]
        var inParameters = false
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = TemplateFilter.trimmed(rawLine)
            if line.hasPrefix("[") {
                let header = line.filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
                inParameters = header == "[parameters]"
                if header.hasPrefix("[parameters.") {
                    let key = String(header.dropFirst("[parameters.".count).prefix { $0 != "." && $0 != "]" })
                    if order[key] == nil { order[key] = number }
                }
                continue
            }
            guard inParameters else { continue }
            let unquoted = line.filter { $0 != "\"" && $0 != "'" }
            let key = String(unquoted.prefix { !$0.isWhitespace && $0 != "=" && $0 != "." })
            if !key.isEmpty, order[key] == nil { order[key] = number }
        }
        return order
    }
}

/// Regular expressions of parameter patterns (ICU syntax, close to Rust's
/// `regex` for the patterns templates use).
enum TemplatePattern {
    static func isValid(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }

    static func matches(_ pattern: String, _ value: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }
}
