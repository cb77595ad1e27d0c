public import WasmInterpreter

/// Host functions with Swift parameter and result types
/// (`ComponentValueConvertible`): the component type is derived from them,
/// and values arrive and leave as Swift values. `parameters` are the WIT
/// parameter names, which are part of the function type a guest imports.
extension ComponentLinker {
    public mutating func define<Output: ComponentValueConvertible>(
        _ interface: String, _ function: String,
        _ body: @escaping @Sendable (HostCall) throws(Trap) -> Output
    ) {
        define(interface, function, type: ComponentFunctionType(parameters: [], result: Output.componentType)) {
            call, _ throws(Trap) in try body(call).componentValue
        }
    }

    public mutating func define<A: ComponentValueConvertible, Output: ComponentValueConvertible>(
        _ interface: String, _ function: String, parameters names: (String),
        _ body: @escaping @Sendable (HostCall, A) throws(Trap) -> Output
    ) {
        let type = ComponentFunctionType(parameters: [.init(names, A.componentType)], result: Output.componentType)
        define(interface, function, type: type) { call, arguments throws(Trap) in
            try body(call, A(componentValue: arguments[0])).componentValue
        }
    }

    public mutating func define<A: ComponentValueConvertible, B: ComponentValueConvertible,
                                Output: ComponentValueConvertible>(
        _ interface: String, _ function: String, parameters names: (String, String),
        _ body: @escaping @Sendable (HostCall, A, B) throws(Trap) -> Output
    ) {
        let type = ComponentFunctionType(parameters: [.init(names.0, A.componentType), .init(names.1, B.componentType)],
                                         result: Output.componentType)
        define(interface, function, type: type) { call, arguments throws(Trap) in
            try body(call, A(componentValue: arguments[0]), B(componentValue: arguments[1])).componentValue
        }
    }

    public mutating func define<A: ComponentValueConvertible, B: ComponentValueConvertible,
                                C: ComponentValueConvertible, Output: ComponentValueConvertible>(
        _ interface: String, _ function: String, parameters names: (String, String, String),
        _ body: @escaping @Sendable (HostCall, A, B, C) throws(Trap) -> Output
    ) {
        let type = ComponentFunctionType(parameters: [.init(names.0, A.componentType), .init(names.1, B.componentType),
                                                      .init(names.2, C.componentType)],
                                         result: Output.componentType)
        define(interface, function, type: type) { call, arguments throws(Trap) in
            try body(call, A(componentValue: arguments[0]), B(componentValue: arguments[1]),
                     C(componentValue: arguments[2])).componentValue
        }
    }

    /// Functions without a result.
    public mutating func define<A: ComponentValueConvertible>(
        _ interface: String, _ function: String, parameters names: (String),
        _ body: @escaping @Sendable (HostCall, A) throws(Trap) -> Void
    ) {
        let type = ComponentFunctionType(parameters: [.init(names, A.componentType)], result: nil)
        define(interface, function, type: type) { call, arguments throws(Trap) in
            try body(call, A(componentValue: arguments[0]))
            return nil
        }
    }

    public mutating func define<A: ComponentValueConvertible, B: ComponentValueConvertible>(
        _ interface: String, _ function: String, parameters names: (String, String),
        _ body: @escaping @Sendable (HostCall, A, B) throws(Trap) -> Void
    ) {
        let type = ComponentFunctionType(parameters: [.init(names.0, A.componentType), .init(names.1, B.componentType)],
                                         result: nil)
        define(interface, function, type: type) { call, arguments throws(Trap) in
            try body(call, A(componentValue: arguments[0]), B(componentValue: arguments[1]))
            return nil
        }
    }
}
