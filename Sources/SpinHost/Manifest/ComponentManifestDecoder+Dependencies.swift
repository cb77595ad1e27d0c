import TOMLKit

/// Component `dependencies` and `profile` tables: accepted and kept with
/// their field sets checked, though this host neither composes components
/// nor selects profiles yet.
///
/// See <https://spinframework.dev/v3/writing-apps#using-component-dependencies>.
extension ComponentManifestDecoder {
    func dependencies(_ fields: TOMLFields, key: String) throws(ManifestError) -> [ComponentDependency] {
        guard let table = try fields.table(key) else { return [] }
        var dependencies: [ComponentDependency] = []
        for name in table.keys {
            dependencies.append(try dependency(named: name, in: table))
        }
        return dependencies
    }

    private func dependency(named name: String, in table: TOMLFields) throws(ManifestError) -> ComponentDependency {
        let expectation = "a version string or a table with \"version\", \"path\", \"url\" or \"component\""
        guard let value = table.value(name) else { throw table.missing(name) }
        if let version = value.string {
            return ComponentDependency(name: name, source: .package(version: version, registry: nil, package: nil))
        }
        guard let entry = try table.table(name) else { throw table.typeError(name, expectation) }
        let common: Set<String> = ["export", "inherit_configuration"]
        let source: ComponentDependency.Source
        if entry.contains("path") {
            try entry.rejectUnknownFields(allowed: common.union(["path"]))
            source = .local(path: try entry.requiredString("path"))
        } else if entry.contains("url") {
            try entry.rejectUnknownFields(allowed: common.union(["url", "digest"]))
            source = .remote(url: try checkedURL(entry, key: "url"), digest: try checkedDigest(entry, key: "digest"))
        } else if entry.contains("component") {
            try entry.rejectUnknownFields(allowed: common.union(["component"]))
            let id = try entry.requiredString("component")
            if let problem = SpinIdentifier.problem(with: id, style: .kebab) {
                throw entry.error(
                    "field \(quoted(entry.path("component"))): invalid component id \(quoted(id)): \(problem)", at: "component")
            }
            source = .applicationComponent(id: id)
        } else if entry.contains("version") {
            try entry.rejectUnknownFields(allowed: common.union(["version", "registry", "package"]))
            source = .package(
                version: try entry.requiredString("version"), registry: try entry.string("registry"),
                package: try entry.string("package"))
        } else {
            throw table.typeError(name, expectation)
        }
        return ComponentDependency(
            name: name, source: source, export: try entry.string("export"),
            inheritedConfiguration: try inheritedConfiguration(entry))
    }

    private func inheritedConfiguration(_ entry: TOMLFields) throws(ManifestError) -> ComponentDependency.InheritedConfiguration {
        guard let value = entry.value("inherit_configuration") else { return .all(false) }
        if let all = value.bool { return .all(all) }
        guard value.array != nil, let keys = try? entry.stringArray("inherit_configuration") else {
            throw entry.typeError("inherit_configuration", "a boolean or an array of strings")
        }
        return .some(keys)
    }

    func profiles(_ fields: TOMLFields) throws(ManifestError) -> [String: ComponentProfile] {
        guard let table = try fields.table("profile") else { return [:] }
        var profiles: [String: ComponentProfile] = [:]
        for name in table.keys {
            guard let profile = try table.table(name) else { continue }
            try profile.rejectUnknownFields(allowed: ["source", "environment", "dependencies", "build"])
            var buildCommands: [String]?
            if let build = try profile.table("build") {
                try build.rejectUnknownFields(allowed: ["command"])
                buildCommands = try commands(build, key: "command")
            }
            profiles[name] = ComponentProfile(
                source: profile.contains("source") ? try source(profile, key: "source") : nil,
                environment: try profile.stringTable("environment") ?? [:],
                buildCommands: buildCommands,
                dependencies: try dependencies(profile, key: "dependencies"))
        }
        return profiles
    }
}
