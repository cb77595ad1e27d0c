import Foundation

/// The application's variables, resolved once at start-up: each
/// `[variables]` entry takes its value from the first provider that has
/// one (`SPIN_VARIABLE_<NAME>` and `.env` by default), else its default; a
/// required variable without a value stops `spin up`. Component variables
/// and other templated settings (`allowed_outbound_hosts`, the Redis
/// trigger's address) expand `{{ name }}` against them. Secret values never
/// appear in messages.
///
/// See <https://spinframework.dev/v3/variables>.
public struct ApplicationVariables: Sendable {
    /// Resolved values by variable name.
    let values: [String: String]

    public init(manifest: Manifest, providers: [any VariablesProvider]) throws(SpinError) {
        var values: [String: String] = [:]
        for variable in manifest.variables {
            if let provided = providers.lazy.compactMap({ $0.value(of: variable.name) }).first {
                values[variable.name] = provided
            } else if let fallback = variable.defaultValue {
                values[variable.name] = fallback
            } else {
                throw .variables("variable \(quoted(variable.name)) is required but has no value; set it with "
                    + "SPIN_VARIABLE_\(variable.name.uppercased())=... or in a .env file")
            }
        }
        self.values = values
    }

    /// Values already resolved (for tests and embedders).
    public init(values: [String: String]) {
        self.values = values
    }

    /// `template` with every `{{ name }}` replaced by the variable's value.
    /// - Parameter place: where the template is, for messages.
    public func expand(_ template: String, in place: String) throws(SpinError) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .variables("\(place): unclosed \"{{\" in \(quoted(template))")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else {
                throw .variables("\(place): \(quoted(template)) uses \(quoted(name)), which is not an application variable")
            }
            result += value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// A component's `variables`, expanded.
    public func componentVariables(_ component: ComponentManifest) throws(SpinError) -> [String: String] {
        var expanded: [String: String] = [:]
        for (name, template) in component.variables {
            expanded[name] = try expand(template, in: "component \(quoted(component.id)) variable \(quoted(name))")
        }
        return expanded
    }
}

/// Where variable values come from, asked in order.
public protocol VariablesProvider: Sendable {
    /// The value of the application variable `name` (lower snake case), if this provider has one.
    func value(of name: String) -> String?
}

/// Spin's environment provider: `<PREFIX>_<NAME>` in upper case from the
/// process environment, else from a `.env` file (`KEY=VALUE` lines).
public struct EnvironmentVariablesProvider: VariablesProvider {
    let prefix: String
    let environment: [String: String]
    let dotenv: [String: String]

    /// - Parameter environment: nil for the process's environment.
    public init(prefix: String = "SPIN_VARIABLE", environment: [String: String]? = nil, dotenvPath: String?) {
        self.prefix = prefix
        self.environment = environment ?? ProcessInfo.processInfo.environment
        dotenv = dotenvPath.flatMap { FileManager.default.contents(atPath: $0) }
            .map { Self.parseDotenv(String(decoding: $0, as: UTF8.self)) } ?? [:]
    }

    public func value(of name: String) -> String? {
        let key = prefix + "_" + name.uppercased()
        return environment[key] ?? dotenv[key]
    }

    /// `KEY=VALUE` lines; `#` comments, `export ` prefixes and matching quotes around values are allowed.
    static func parseDotenv(_ text: String) -> [String: String] {
        var entries: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            entries[key] = value
        }
        return entries
    }
}
