public import ComponentModel
public import WasmInterpreter

/// One host capability, as Spin builds its host from "factors": the
/// interfaces it serves, its part of the manifest and of the runtime
/// config, and the state each instance gets. `HostCapabilities` lists them
/// all; a trigger only asks it for a component's `InstanceSetup`s and runs
/// them on each fresh store, so adding a capability touches neither the
/// triggers nor the other capabilities.
public protocol Capability: Sendable {
    /// The top-level tables of `runtime-config.toml` this capability reads
    /// (e.g. `key_value_store`); a table no capability claims is an error.
    static var runtimeConfigTables: [String] { get }

    /// Defines the capability's interfaces, once per process.
    static func define(in linker: inout ComponentLinker)

    /// Reads the application's configuration; a mistake throws before anything is served.
    init(app: CapabilityContext) throws(SpinError)

    /// What an instance of `component` gets, worked out once at start-up;
    /// nil when this capability keeps no per-instance state for it.
    func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup?
}

extension Capability {
    public static var runtimeConfigTables: [String] { [] }
}

/// Puts a capability's per-instance state into a fresh store before the
/// component is instantiated (the store's typed slots, `store[key]`).
public struct InstanceSetup: Sendable {
    let attach: @Sendable (Store) throws -> Void

    public init(_ attach: @escaping @Sendable (Store) throws -> Void) {
        self.attach = attach
    }
}

/// What every capability may read at start-up: the manifest, the runtime
/// config, the state directory, the application's variables and the
/// environment `spin up -e` adds to every component.
public struct CapabilityContext {
    public let manifest: Manifest
    public let runtimeConfig: RuntimeConfig
    /// `.spin` next to the manifest, or `--state-dir`.
    public let stateDirectory: String
    public let variables: ApplicationVariables
    public let environment: [(name: String, value: String)]

    public init(manifest: Manifest, runtimeConfig: RuntimeConfig, stateDirectory: String, variables: ApplicationVariables,
                environment: [(name: String, value: String)] = []) {
        self.manifest = manifest
        self.runtimeConfig = runtimeConfig
        self.stateDirectory = stateDirectory
        self.variables = variables
        self.environment = environment
    }
}
