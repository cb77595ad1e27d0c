import WasmInterpreter

/// The runtime state of one component instance (a nested component has
/// its own): its handle table, the runtime identity of the resource types
/// it sees, and the flags that forbid reentrance (CanonicalABI.md,
/// `ComponentInstance`).
final class ComponentInstanceState {
    unowned let store: Store
    /// The enclosing instance, whose resource bindings outer aliases see.
    let parent: ComponentInstanceState?
    var handles = HandleTable()
    /// Static resource type (as validation saw it) to the runtime one.
    var resourceMap: [ResourceType: ResourceType] = [:]
    /// Runtime resource types this instance defines.
    var implemented: Set<ResourceType> = []
    /// False while a call into this instance runs (no reentrance).
    var mayEnter = true
    /// False while core code runs on behalf of the ABI (realloc, post-return).
    var mayLeave = true

    init(store: Store, parent: ComponentInstanceState?) {
        self.store = store
        self.parent = parent
    }

    func runtime(_ type: ResourceType) -> ResourceType {
        var scope: ComponentInstanceState? = self
        while let current = scope {
            if let found = current.resourceMap[type] { return found }
            scope = current.parent
        }
        return type
    }

    func implements(_ resource: ResourceType) -> Bool { implemented.contains(resource) }

    /// Runs core code that may not call imports (realloc, post-return).
    func callOut(_ body: () throws(Trap) -> Void) throws(Trap) {
        let saved = mayLeave
        mayLeave = false
        defer { mayLeave = saved }
        try body()
    }
}

/// How a resource is destroyed when its last owning handle is dropped.
enum ResourceImplementation {
    /// Defined by a component instance, with its destructor's store address.
    case guest(owner: ComponentInstanceState, destructor: Int?)
    case host(HostResourceDefinition.Destructor)
}

/// Per-store state of the component layer: who implements each runtime
/// resource type.
final class ComponentStoreState {
    static let key = HostStateKey<ComponentStoreState>()
    var implementations: [ResourceType: ResourceImplementation] = [:]

    static func of(_ store: Store) -> ComponentStoreState {
        if let state = store[key] { return state }
        let state = ComponentStoreState()
        store[key] = state
        return state
    }
}
