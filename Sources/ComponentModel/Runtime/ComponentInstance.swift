public import WasmInterpreter

/// An instantiated component, for embedders: its exported functions,
/// found by name or by interface and name. It keeps its store alive.
public final class ComponentInstance {
    public let store: Store
    let exports: RuntimeInstance
    public let type: ComponentComponentType
    /// The root instance's runtime state (its handles, its resource bindings).
    let state: ComponentInstanceState

    init(store: Store, exports: RuntimeInstance, type: ComponentComponentType, state: ComponentInstanceState) {
        self.store = store
        self.exports = exports
        self.type = type
        self.state = state
    }

    /// The exported function `name`, or `function` of the exported
    /// instance `name` (an interface such as `wasi:cli/run@0.2.0`; a
    /// compatible version also matches).
    public func function(_ name: String, _ function: String? = nil) -> ComponentFunction? {
        var item = exports.items[name]
        if item == nil {
            let key = InterfaceName(name).compatibilityKey
            if let match = exports.names.first(where: { InterfaceName($0).compatibilityKey == key }) { item = exports.items[match] }
        }
        if let function {
            guard case .instance(let instance)? = item else { return nil }
            item = instance.items[function]
        }
        guard case .function(let runtime)? = item else { return nil }
        return ComponentFunction(store: store, function: runtime)
    }

    /// Every exported function, with its path: `name` or `interface#name`.
    public var exportedFunctions: [(path: String, type: ComponentFunctionType)] {
        var result: [(String, ComponentFunctionType)] = []
        for name in exports.names {
            switch exports.items[name] {
            case .function(let function)?: result.append((name, function.type))
            case .instance(let instance)?:
                for inner in instance.names {
                    if case .function(let function)? = instance.items[inner] { result.append(("\(name)#\(inner)", function.type)) }
                }
            default: break
            }
        }
        return result
    }
}

/// An exported component function, called with host-side values.
public struct ComponentFunction {
    let store: Store
    let function: RuntimeFunction

    public var type: ComponentFunctionType { function.type }

    /// Calls the function; traps (including the ABI's) are thrown. A
    /// function of an async type may wait on other tasks of the store: the
    /// call runs them until its result comes (a deadlock traps); tasks still
    /// working after that stay parked for later calls.
    public func call(_ arguments: [ComponentValue]) throws(Trap) -> ComponentValue? {
        guard function.type.isAsync else { return try function.call(arguments, store: store) }
        var result: ComponentValue?
        var resolved = false
        try function.start(from: nil, CallerSide(onStart: { arguments }, onResolve: { (value) throws(Trap) in
            result = value
            resolved = true
        }), store: store)
        try AsyncStoreState.of(store).waitUntil { resolved }
        return result
    }
}
