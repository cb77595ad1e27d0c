import TOMLKit

/// Reads component tables: the version 2 `[component.<id>]` table as a
/// whole, and the fields that version 1 `[[component]]` tables share with it.
///
/// See <https://spinframework.dev/v3/manifest-reference#the-component-table>.
struct ComponentManifestDecoder {
    /// Absolute and canonical; `files` entries must stay inside it.
    let applicationDirectory: String

    static let version2Fields: Set<String> = [
        "source", "description", "variables", "environment", "files", "exclude_files",
        "allowed_http_hosts", "allowed_outbound_hosts", "key_value_stores", "sqlite_databases",
        "ai_models", "targets", "build", "tool", "dependencies_inherit_configuration",
        "dependencies", "profile",
    ]

    func version2Component(_ fields: TOMLFields, id: String) throws(ManifestError) -> ComponentManifest {
        try fields.rejectUnknownFields(allowed: Self.version2Fields)
        let source = try source(fields, key: "source")
        if let tool = fields.value("tool"), tool.table == nil { throw fields.typeError("tool", "a table") }
        let outbound = try outboundHosts(fields) ?? []
        let fromHTTPHosts = try httpHosts(fields)
        return ComponentManifest(
            id: id,
            source: source,
            description: try fields.string("description") ?? "",
            variables: try variables(fields, key: "variables"),
            environment: try fields.stringTable("environment") ?? [:],
            files: try files(fields),
            excludeFiles: try excludeFiles(fields),
            allowedOutboundHosts: outbound + fromHTTPHosts,
            keyValueStores: try labels(fields, key: "key_value_stores"),
            sqliteDatabases: try labels(fields, key: "sqlite_databases"),
            aiModels: try fields.stringArray("ai_models") ?? [],
            targets: try targets(fields, key: "targets"),
            build: try build(fields),
            dependenciesInheritConfiguration: try fields.bool("dependencies_inherit_configuration") ?? false,
            dependencies: try dependencies(fields, key: "dependencies"),
            profiles: try profiles(fields))
    }

    // MARK: Source

    static let sourceExpectation = "a path string, a { url, digest } table or a { registry, package, version } table"

    func source(_ fields: TOMLFields, key: String) throws(ManifestError) -> ComponentSource {
        guard let value = fields.value(key) else { throw fields.missing(key) }
        if let path = value.string {
            guard !path.isEmpty else { throw fields.error("field \(quoted(fields.path(key))) must not be empty", at: key) }
            return .local(path: path)
        }
        guard let table = try? fields.table(key) else { throw fields.typeError(key, Self.sourceExpectation) }
        if table.contains("url") || table.contains("digest") {
            try table.rejectUnknownFields(allowed: ["url", "digest"])
            let url = try checkedURL(table, key: "url")
            return .remote(url: url, digest: try checkedDigest(table, key: "digest"))
        }
        if table.contains("package") || table.contains("registry") || table.contains("version") {
            try table.rejectUnknownFields(allowed: ["registry", "package", "version"])
            return .registry(
                registry: try table.string("registry"), package: try table.requiredString("package"),
                version: try table.requiredString("version"))
        }
        throw fields.typeError(key, Self.sourceExpectation)
    }

    func checkedURL(_ fields: TOMLFields, key: String) throws(ManifestError) -> String {
        let url = try fields.requiredString(key)
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), url.count > 8 else {
            throw fields.typeError(key, "an http:// or https:// URL")
        }
        return url
    }

    /// `sha256:` and 64 hexadecimal digits, returned with lowercase digits.
    func checkedDigest(_ fields: TOMLFields, key: String) throws(ManifestError) -> String {
        let digest = try fields.requiredString(key)
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst(7) : ""
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw fields.typeError(key, "\"sha256:\" followed by 64 hexadecimal digits")
        }
        return "sha256:" + hex.lowercased()
    }

    // MARK: Files

    func files(_ fields: TOMLFields) throws(ManifestError) -> [FileMount] {
        guard let value = fields.value("files") else { return [] }
        let expectation = "an array of glob strings or { source, destination } tables"
        guard let array = value.array else { throw fields.typeError("files", expectation) }
        var mounts: [FileMount] = []
        for (index, element) in array.enumerated() {
            let at: TOMLPositions.Path = [.key("files"), .index(index)]
            if let pattern = element.string {
                if let problem = ComponentFiles.problem(withPattern: pattern, applicationDirectory: applicationDirectory) {
                    throw fields.error("files entry \(quoted(pattern)) \(problem)", at: at)
                }
                mounts.append(.pattern(pattern))
            } else if let table = element.table {
                let entry = fields.nested(table, at: at, context: fields.context, prefix: fields.path("files") + ".")
                try entry.rejectUnknownFields(allowed: ["source", "destination"])
                let source = try entry.requiredString("source")
                let destination = try entry.requiredString("destination")
                if let problem = ComponentFiles.problem(withPlacementSource: source, applicationDirectory: applicationDirectory) {
                    throw fields.error("files source \(quoted(source)) \(problem)", at: at)
                }
                if HostPath.normalizedComponents(destination) == nil || destination.split(separator: "/").contains("..") {
                    throw fields.error("files destination \(quoted(destination)) must not contain \"..\"", at: at)
                }
                mounts.append(.placement(source: source, destination: destination))
            } else {
                throw fields.typeError("files", expectation, within: [.index(index)])
            }
        }
        return mounts
    }

    func excludeFiles(_ fields: TOMLFields) throws(ManifestError) -> [String] {
        let patterns = try fields.stringArray("exclude_files") ?? []
        for (index, pattern) in patterns.enumerated() {
            do {
                _ = try GlobPattern.pathTokens(of: pattern)
            } catch {
                throw fields.error(
                    "exclude_files entry \(quoted(pattern)) is not a valid glob pattern: \(error.message)",
                    at: [.key("exclude_files"), .index(index)])
            }
        }
        return patterns
    }

    // MARK: Names and lists

    /// A string table whose keys are `lower_snake_case` variable names.
    func variables(_ fields: TOMLFields, key: String) throws(ManifestError) -> [String: String] {
        let table = try fields.stringTable(key) ?? [:]
        for name in table.keys.sorted() {
            if let problem = SpinIdentifier.problem(with: name, style: .lowerSnake) {
                throw fields.error(
                    "field \(quoted(fields.path(key))): invalid variable name \(quoted(name)): \(problem)", at: [.key(key), .key(name)])
            }
        }
        return table
    }

    /// Key-value store or SQLite database labels: kebab-case or snake_case.
    func labels(_ fields: TOMLFields, key: String) throws(ManifestError) -> [String] {
        let labels = try fields.stringArray(key) ?? []
        for (index, label) in labels.enumerated() where !SpinIdentifier.isValidLabel(label) {
            throw fields.error(
                "field \(quoted(fields.path(key))): invalid label \(quoted(label)): expected kebab-case or snake_case",
                at: [.key(key), .index(index)])
        }
        return labels
    }

    /// `allowed_outbound_hosts`, nil when absent (version 1 treats absent and empty differently).
    func outboundHosts(_ fields: TOMLFields) throws(ManifestError) -> [String]? {
        guard let hosts = try fields.stringArray("allowed_outbound_hosts") else { return nil }
        for (index, host) in hosts.enumerated() where !host.contains("{{") {
            let scheme = host.firstRange(of: "://").map { host[..<$0.lowerBound] }
            guard let scheme, !scheme.isEmpty, host.count > scheme.count + 3 else {
                throw fields.error(
                    "field \"allowed_outbound_hosts\": entry \(quoted(host)) must have the form \"scheme://host[:port]\"",
                    at: [.key("allowed_outbound_hosts"), .index(index)])
            }
        }
        return hosts
    }

    /// The deprecated `allowed_http_hosts`, converted to outbound host entries.
    func httpHosts(_ fields: TOMLFields) throws(ManifestError) -> [String] {
        let hosts = try fields.stringArray("allowed_http_hosts") ?? []
        switch AllowedHTTPHosts.outboundHosts(from: hosts) {
        case .success(let converted): return converted
        case .failure(let failure): throw fields.error(failure.message, at: "allowed_http_hosts")
        }
    }

    func targets(_ fields: TOMLFields, key: String) throws(ManifestError) -> [String]? {
        guard let value = fields.value(key) else { return nil }
        let expectation = "an array of environment names or { url } / { path } tables"
        guard let array = value.array else { throw fields.typeError(key, expectation) }
        var targets: [String] = []
        for element in array {
            if let name = element.string {
                targets.append(name)
            } else if let table = element.table, table.keys.count == 1,
                let reference = table["url"]?.string ?? table["path"]?.string
            {
                targets.append(reference)
            } else {
                throw fields.typeError(key, expectation)
            }
        }
        return targets
    }

    // MARK: Build

    func build(_ fields: TOMLFields) throws(ManifestError) -> BuildConfiguration? {
        guard let build = try fields.table("build") else { return nil }
        try build.rejectUnknownFields(allowed: ["command", "workdir", "watch"])
        return BuildConfiguration(
            commands: try commands(build, key: "command"),
            workdir: try build.string("workdir"),
            watch: try build.stringArray("watch") ?? [])
    }

    /// `command = "..."` or `command = ["...", "..."]`.
    func commands(_ fields: TOMLFields, key: String) throws(ManifestError) -> [String] {
        guard let value = fields.value(key) else { throw fields.missing(key) }
        if let command = value.string { return [command] }
        guard value.array != nil, let commands = try? fields.stringArray(key) else {
            throw fields.typeError(key, "a string or an array of strings")
        }
        return commands
    }
}
