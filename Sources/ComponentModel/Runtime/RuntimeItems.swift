import WasmInterpreter

/// What the index spaces of an instantiated component hold.
enum RuntimeItem {
    case module(CompiledModule)
    case function(RuntimeFunction)
    case type(RuntimeType)
    case instance(RuntimeInstance)
    case component(ComponentClosure)
}

enum RuntimeType {
    case resource(ResourceType)
    /// A value, function, instance or component type: nothing to track at run time.
    case structural
}

/// An instance's exports by name, in order.
final class RuntimeInstance {
    // Unchecked like `RuntimeScope`'s index spaces: filled once while the
    // instance is built, only read afterwards.
    @exclusivity(unchecked) var names: [String] = []
    @exclusivity(unchecked) var items: [String: RuntimeItem] = [:]

    func add(_ name: String, _ item: RuntimeItem) {
        if items.updateValue(item, forKey: name) == nil { names.append(name) }
    }
}

/// A nested component with the instance whose index spaces its outer
/// aliases refer to.
struct ComponentClosure {
    let component: ValidatedComponent
    let enclosing: RuntimeScope?
}

/// A core instance's exports: positions by name shared by every instance of
/// the same module or bag definition, the externs this instance's own.
struct CoreInstanceExports {
    /// The plan's list of these export names, when it has one (`PlannedSource`).
    let origin: ObjectIdentifier?
    let positions: [String: Int]
    let externs: [StoreExtern]

    subscript(name: String) -> StoreExtern? {
        positions[name].map { externs[$0] }
    }
}

/// The scopes of one instantiation.
final class ScopeList {
    var all: [RuntimeScope] = []
}

/// The runtime index spaces of one component instance while it is built.
/// Its index spaces are unchecked for exclusivity: one thread builds a scope
/// and no access to one of them overlaps another, while the dynamic checks
/// were 11% of instantiating the Python component (every request does).
final class RuntimeScope {
    let state: ComponentInstanceState
    let enclosing: RuntimeScope?
    /// Core functions and tags by their address in the store.
    @exclusivity(unchecked) var coreFunctions: [Int] = []
    @exclusivity(unchecked) var coreTables: [Table] = []
    @exclusivity(unchecked) var coreMemories: [LinearMemory] = []
    @exclusivity(unchecked) var coreGlobals: [GlobalCell] = []
    @exclusivity(unchecked) var coreTags: [Int] = []
    @exclusivity(unchecked) var coreModules: [CompiledModule] = []
    @exclusivity(unchecked) var coreInstances: [CoreInstanceExports] = []
    /// How many core instances defined as export bags, core instantiations
    /// and `alias core export`s came so far (`InstantiationPlan` indices).
    @exclusivity(unchecked) var coreExportBagCount = 0
    @exclusivity(unchecked) var coreInstantiationCount = 0
    @exclusivity(unchecked) var coreAliasCount = 0
    /// How many `alias export`s of component instances came so far, and
    /// their items where the host's instances provide them
    /// (`HostImports.instanceAliases`; the root scope only).
    @exclusivity(unchecked) var instanceAliasCount = 0
    @exclusivity(unchecked) var knownInstanceAliases: [KnownInstanceAlias?] = []
    @exclusivity(unchecked) var functions: [RuntimeFunction] = []
    @exclusivity(unchecked) var types: [RuntimeType] = []
    @exclusivity(unchecked) var components: [ComponentClosure] = []
    @exclusivity(unchecked) var instances: [RuntimeInstance] = []

    init(state: ComponentInstanceState, enclosing: RuntimeScope?) {
        self.state = state
        self.enclosing = enclosing
    }

    /// Lets go of every item (see `ComponentInstantiation.finish()`).
    func empty() {
        coreFunctions = []
        coreTables = []
        coreMemories = []
        coreGlobals = []
        coreTags = []
        coreModules = []
        coreInstances = []
        functions = []
        types = []
        components = []
        instances = []
        knownInstanceAliases = []
    }

    func outer(_ count: UInt32) -> RuntimeScope {
        var scope = self
        for _ in 0..<count { scope = scope.enclosing! }  // validated
        return scope
    }
}
