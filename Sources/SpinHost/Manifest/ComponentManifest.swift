/// A `[component.<id>]` table (or an inline component of a trigger, or a
/// version 1 `[[component]]`): the Wasm binary and everything it may use.
///
/// Paths are as written in the manifest, relative to the application
/// directory; `Manifest.sourcePath(of:)`, `Manifest.resolveSources(cacheDirectory:)`
/// and `ComponentFiles` turn them into host paths.
///
/// See <https://spinframework.dev/v3/manifest-reference#the-component-table>.
public struct ComponentManifest: Sendable, Equatable, Identifiable {
    /// The kebab-case id (for an inline component, the one generated for it).
    public let id: String
    /// `source`: where the Wasm binary comes from.
    public let source: ComponentSource
    /// `description`.
    public let description: String
    /// Component variables (`lower_snake_case` names); values may contain
    /// `{{ application_variable }}` templates.
    public let variables: [String: String]
    /// Environment variables for the guest.
    public let environment: [String: String]
    /// Files made available to the guest, in manifest order.
    public let files: [FileMount]
    /// Glob patterns, relative to the application directory, of files that
    /// `files` patterns and directories must not include.
    public let excludeFiles: [String]
    /// Network destinations (`scheme://host[:port]`); a version 1 or
    /// deprecated `allowed_http_hosts` list is already converted and appended.
    public let allowedOutboundHosts: [String]
    /// `key_value_stores`: the key-value store labels the component may open.
    public let keyValueStores: [String]
    /// `sqlite_databases`: the SQLite database labels the component may open.
    public let sqliteDatabases: [String]
    /// `ai_models`: the AI models the component may use.
    public let aiModels: [String]
    /// Deployment environments; nil means the application's `targets`.
    public let targets: [String]?
    /// `[component.<id>.build]`, used by `spin build`.
    public let build: BuildConfiguration?
    /// `dependencies_inherit_configuration`.
    public let dependenciesInheritConfiguration: Bool
    /// Component model imports satisfied by other components, by import name.
    public let dependencies: [ComponentDependency]
    /// `profile.<name>` overrides, by profile name.
    public let profiles: [String: ComponentProfile]

    /// A component with the given fields; the rest default to empty, as in the manifest.
    public init(
        id: String, source: ComponentSource, description: String = "",
        variables: [String: String] = [:], environment: [String: String] = [:],
        files: [FileMount] = [], excludeFiles: [String] = [], allowedOutboundHosts: [String] = [],
        keyValueStores: [String] = [], sqliteDatabases: [String] = [], aiModels: [String] = [],
        targets: [String]? = nil, build: BuildConfiguration? = nil,
        dependenciesInheritConfiguration: Bool = false, dependencies: [ComponentDependency] = [],
        profiles: [String: ComponentProfile] = [:]
    ) {
        self.id = id
        self.source = source
        self.description = description
        self.variables = variables
        self.environment = environment
        self.files = files
        self.excludeFiles = excludeFiles
        self.allowedOutboundHosts = allowedOutboundHosts
        self.keyValueStores = keyValueStores
        self.sqliteDatabases = sqliteDatabases
        self.aiModels = aiModels
        self.targets = targets
        self.build = build
        self.dependenciesInheritConfiguration = dependenciesInheritConfiguration
        self.dependencies = dependencies
        self.profiles = profiles
    }

    func with(id newID: String) -> ComponentManifest {
        ComponentManifest(
            id: newID, source: source, description: description, variables: variables,
            environment: environment, files: files, excludeFiles: excludeFiles,
            allowedOutboundHosts: allowedOutboundHosts, keyValueStores: keyValueStores,
            sqliteDatabases: sqliteDatabases, aiModels: aiModels, targets: targets, build: build,
            dependenciesInheritConfiguration: dependenciesInheritConfiguration,
            dependencies: dependencies, profiles: profiles)
    }
}

/// Where a component's Wasm binary comes from.
///
/// See <https://spinframework.dev/v3/writing-apps#the-component-source>.
public enum ComponentSource: Sendable, Equatable {
    /// `source = "path/to/file.wasm"`, relative to the application directory.
    case local(path: String)
    /// `source = { url = "https://...", digest = "sha256:<hex>" }`; the
    /// digest is stored with lowercase hex digits.
    case remote(url: String, digest: String)
    /// `source = { registry, package, version }` (accepted, but not fetched by this host).
    case registry(registry: String?, package: String, version: String)
}

/// One entry of a component's `files`.
///
/// See <https://spinframework.dev/v3/writing-apps#including-files-with-components>.
public enum FileMount: Sendable, Equatable {
    /// A file, directory or glob pattern relative to the application
    /// directory, made available at the same relative path in the guest.
    case pattern(String)
    /// `{ source = "host/dir-or-file", destination = "/guest/path" }`.
    case placement(source: String, destination: String)
}

/// `[component.<id>.build]`: how `spin build` builds the component.
///
/// See <https://spinframework.dev/v3/build>.
public struct BuildConfiguration: Sendable, Equatable {
    /// The commands, run in order (`command` may be a string or an array).
    public let commands: [String]
    /// The working directory relative to the application directory; nil for the application directory.
    public let workdir: String?
    /// Glob patterns that `spin watch` monitors, relative to the working directory.
    public let watch: [String]

    /// A build configuration; `workdir` nil means the application directory.
    public init(commands: [String], workdir: String? = nil, watch: [String] = []) {
        self.commands = commands
        self.workdir = workdir
        self.watch = watch
    }
}

/// One entry of a component's `dependencies` table (component model
/// composition). Kept for completeness; this host does not compose components.
///
/// See <https://spinframework.dev/v3/writing-apps#using-component-dependencies>.
public struct ComponentDependency: Sendable, Equatable {
    /// Where the dependency comes from.
    public enum Source: Sendable, Equatable {
        /// `"name" = ">= 0.1.0"` or `{ version, registry, package }`.
        case package(version: String, registry: String?, package: String?)
        /// `{ path = "dep.wasm" }`.
        case local(path: String)
        /// `{ url, digest }`.
        case remote(url: String, digest: String)
        /// `{ component = "other-component" }`.
        case applicationComponent(id: String)
    }

    /// The import name, e.g. `my:dep/import` or `foo:bar@0.1.0`.
    public let name: String
    /// Where the dependency comes from.
    public let source: Source
    /// `export`: the export of the dependency that satisfies the import.
    public let export: String?
    /// `inherit_configuration`: nil or false for none, true for all, or a list of keys.
    public let inheritedConfiguration: InheritedConfiguration

    /// Which of the parent component's settings the dependency may use.
    public enum InheritedConfiguration: Sendable, Equatable {
        case all(Bool)
        case some([String])
    }

    /// A dependency entry.
    public init(name: String, source: Source, export: String? = nil, inheritedConfiguration: InheritedConfiguration = .all(false)) {
        self.name = name
        self.source = source
        self.export = export
        self.inheritedConfiguration = inheritedConfiguration
    }
}

/// `[component.<id>.profile.<name>]`: overrides for a named build profile.
public struct ComponentProfile: Sendable, Equatable {
    /// Replaces the component's `source` in this profile.
    public let source: ComponentSource?
    /// Environment variables added to (or replacing) the component's.
    public let environment: [String: String]
    /// Replaces the component's build commands in this profile.
    public let buildCommands: [String]?
    /// Dependencies added to (or replacing) the component's.
    public let dependencies: [ComponentDependency]

    /// A profile override.
    public init(source: ComponentSource? = nil, environment: [String: String] = [:], buildCommands: [String]? = nil, dependencies: [ComponentDependency] = []) {
        self.source = source
        self.environment = environment
        self.buildCommands = buildCommands
        self.dependencies = dependencies
    }
}
