public import ComponentModel
import WasmInterpreter

/// The composition root: the one place that lists every capability of
/// the host. It builds the process's linker from their interfaces, reads
/// the application's configuration through them at start-up, and gives a
/// trigger the `InstanceSetup`s of each component. See ARCHITECTURE.md,
/// "How a request reaches a backend".
public struct HostCapabilities: Sendable {
    /// Every capability, in the order their setups run on a fresh store.
    static let all: [any Capability.Type] = [
        WASICapability.self,
        KeyValueCapability.self,
        SQLiteCapability.self,
        VariablesCapability.self,
        RedisCapability.self,
        OutboundHTTPCapability.self,
    ]

    /// Top-level runtime config keys read here rather than by a capability.
    static let rootRuntimeConfigKeys = ["state_dir", "log_dir", "variables_provider", "config_provider"]

    /// Every capability's interfaces (WASI's first: the others use its
    /// resource types), and for the interfaces not implemented their own
    /// error values (`UnavailableInterface`).
    public static let linker: ComponentLinker = {
        var linker = ComponentLinker()
        for capability in all { capability.define(in: &linker) }
        linker.serveUndefinedInterfaces(UnavailableInterface.serve)
        return linker
    }()

    let capabilities: [any Capability]

    /// Reads the application's configuration through every capability; a
    /// runtime config table no capability reads is an error.
    public init(context: CapabilityContext) throws(SpinError) {
        var claimed = Set(Self.rootRuntimeConfigKeys)
        for capability in Self.all { claimed.formUnion(capability.runtimeConfigTables) }
        do {
            try context.runtimeConfig.rejectUnclaimedTables(claimed)
        } catch {
            throw .manifest(error)
        }
        var capabilities: [any Capability] = []
        for capability in Self.all { capabilities.append(try capability.init(app: context)) }
        self.capabilities = capabilities
    }

    /// The capability of type `type`, for what only it does (e.g. `spin up --sqlite`).
    public func capability<C: Capability>(_ type: C.Type) -> C? {
        capabilities.lazy.compactMap { $0 as? C }.first
    }

    /// What every instance of `component` gets, worked out once.
    public func instanceSetups(for component: ComponentManifest) throws(SpinError) -> [InstanceSetup] {
        var setups: [InstanceSetup] = []
        for capability in capabilities {
            if let setup = try capability.instanceSetup(for: component) { setups.append(setup) }
        }
        return setups
    }
}

extension [InstanceSetup] {
    /// Puts every capability's state into a fresh store; fails when the
    /// host cannot give it (e.g. a preopened directory is gone).
    func attach(to store: Store) throws {
        for setup in self { try setup.attach(store) }
    }
}
