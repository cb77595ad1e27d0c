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
    /// False while a call into this instance or one of its children runs
    /// (no reentrance; see `enter(from:_:)`).
    var mayEnter = true
    /// Set by a trap inside a call into this instance: it may never be
    /// entered again (Explainer.md, component invariants).
    var isPoisoned = false
    /// False while core code runs on behalf of the ABI (realloc, post-return).
    var mayLeave = true
    /// Set when the instance defines an async built-in: its lifted calls
    /// then keep a `Task` for the built-ins to find.
    var usesAsyncBuiltins = false
    /// `backpressure.inc` / `.dec`: while above zero, no new async task may start.
    var backpressure = 0
    /// The task running a callback or sync lift of an async type here, which
    /// keeps others of those out until it returns to the event loop.
    weak var exclusiveTask: Task?
    /// Tasks parked until they may enter (they go in order).
    var waitingToEnter = 0
    /// The threads of running tasks, for `thread.index` (CanonicalABI.md, `inst.threads`).
    var threads = ThreadTable()

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

    /// `type` with each resource it mentions replaced by the runtime one:
    /// what two instances compare to agree on a stream's element type.
    func runtime(_ type: ComponentValueType) -> ComponentValueType {
        var substitution = ResourceSubstitution()
        type.forEachResource { substitution.map[$0] = runtime($0) }
        return substitution.apply(type)
    }

    func implements(_ resource: ResourceType) -> Bool { implemented.contains(resource) }

    /// Runs `body` with this instance entered from `caller` (nil: the host),
    /// as `Store.lift` does (CanonicalABI.md, `may_enter_from`,
    /// `enter_from`, `leave_to`): the instances entered are this one and its
    /// ancestors less the caller and its ancestors. Each must be enterable,
    /// and none is while `body` runs, so a parent in a call cannot be
    /// reentered through one of its children. Calls between a parent and its
    /// child are refused too (see `isParentOrChild`).
    func enter<Result>(from caller: ComponentInstanceState?, _ body: () throws(Trap) -> Result) throws(Trap) -> Result {
        guard mayEnter(from: caller) else { throw CanonicalTrap.cannotEnter }
        let entering = enteringSet(from: caller)
        for instance in entering { instance.mayEnter = false }
        defer { for instance in entering { instance.mayEnter = true } }
        do {
            return try body()
        } catch {
            for instance in entering { instance.isPoisoned = true }
            throw error
        }
    }

    /// Whether `enter(from: caller)` would be allowed now (`may_enter_from`).
    func mayEnter(from caller: ComponentInstanceState?) -> Bool {
        !isParentOrChild(of: caller) && enteringSet(from: caller).allSatisfy { $0.mayEnter && !$0.isPoisoned }
    }

    /// Calls between a component and one nested in it (either way) are
    /// refused, as the reference engine does "for now" (trap-on-reenter.wast);
    /// CanonicalABI.md's entering sets would allow them.
    private func isParentOrChild(of caller: ComponentInstanceState?) -> Bool {
        guard let caller, caller !== self else { return false }
        return caller.isSelfOrDescendant(of: self) || isSelfOrDescendant(of: caller)
    }

    /// This instance and its ancestors less `caller` and its ancestors.
    private func enteringSet(from caller: ComponentInstanceState?) -> [ComponentInstanceState] {
        var entering: [ComponentInstanceState] = []
        var instance: ComponentInstanceState? = self
        while let current = instance {
            if caller?.isSelfOrDescendant(of: current) != true { entering.append(current) }
            instance = current.parent
        }
        return entering
    }

    func isSelfOrDescendant(of ancestor: ComponentInstanceState) -> Bool {
        var instance: ComponentInstanceState? = self
        while let current = instance {
            if current === ancestor { return true }
            instance = current.parent
        }
        return false
    }

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
    /// Resource types of the store's component instances.
    var guestImplementations: [ResourceType: ResourceImplementation] = [:]
    /// Host resource types' destructors: the dictionary its linked component
    /// built once, shared, not one filled per instance.
    private var hostDestructors: [ResourceType: HostResourceDefinition.Destructor] = [:]

    func addHostDestructors(_ destructors: [ResourceType: HostResourceDefinition.Destructor]) {
        if hostDestructors.isEmpty {
            hostDestructors = destructors
        } else {
            hostDestructors.merge(destructors) { _, new in new }
        }
    }

    func implementation(of type: ResourceType) -> ResourceImplementation? {
        if let guest = guestImplementations[type] { return guest }
        return hostDestructors[type].map { .host($0) }
    }

    static func of(_ store: Store) -> ComponentStoreState {
        if let state = store[key] { return state }
        let state = ComponentStoreState()
        store[key] = state
        return state
    }
}
