import WasmInterpreter

/// Host definitions for components, by fully qualified name: the functions
/// and resource types of interfaces such as `wasi:io/streams@0.2.0`, and
/// world-level functions. `link` resolves and type-checks a component's
/// imports against them once; instances of the result only allocate.
public struct ComponentLinker: Sendable {
    struct Interface: Sendable {
        var name: String
        var functions: [String: HostComponentFunction] = [:]
        var resources: [String: HostResourceDefinition] = [:]
    }

    /// By compatibility key; the highest version defined wins.
    private(set) var interfaces: [String: Interface] = [:]
    private(set) var functions: [String: HostComponentFunction] = [:]
    /// Serves imported interfaces that nothing here defines; see `serveUndefinedInterfaces`.
    private(set) var undefinedInterfaceServer: UndefinedInterfaceServer?

    public init() {}

    /// What serves a function of an imported interface that this linker
    /// does not define: called once per function at `link`, with the
    /// interface's name, the function's name and its type (resources bound
    /// to host types). Return nil to fail the link as usual.
    public typealias UndefinedInterfaceServer = @Sendable (_ interface: String, _ function: String,
                                                           _ type: ComponentFunctionType) -> HostComponentFunction.Body?

    /// Lets `link` accept imports of interfaces that are not defined here:
    /// their resources become fresh host resource types (dropping a handle
    /// forgets its object) and their functions get the bodies `server`
    /// returns. Functions missing from a defined interface (a newer minor
    /// version's additions) are served the same way. An embedder uses it to answer interfaces it does not
    /// implement yet with their own error values instead of refusing the
    /// component.
    public mutating func serveUndefinedInterfaces(_ server: @escaping UndefinedInterfaceServer) {
        undefinedInterfaceServer = server
    }

    /// Defines `function` of `interface` (e.g. `"wasi:cli/environment@0.2.0"`, `"get-arguments"`).
    public mutating func define(_ interface: String, _ function: String, type: ComponentFunctionType,
                                _ body: @escaping HostComponentFunction.Body) {
        updateInterface(interface) { $0.functions[function] = HostComponentFunction(type: type, body) }
    }

    /// Defines an `async` function of `interface` whose result may come
    /// later (`HostReturn`); `type` must be an async function type.
    public mutating func define(_ interface: String, _ function: String, type: ComponentFunctionType,
                                async body: @escaping HostComponentFunction.AsyncBody) {
        updateInterface(interface) { $0.functions[function] = HostComponentFunction(type: type, async: body) }
    }

    /// Defines a resource type of `interface`; `destructor` runs when the
    /// guest drops the last owning handle (the `rep` is the host's key). Use
    /// the returned type in the signatures of the interface's functions.
    public mutating func defineResource(_ interface: String, _ name: String,
                                        destructor: @escaping HostResourceDefinition.Destructor = { call, rep in
                                            call.resources.remove(rep)
                                        }) -> ResourceType {
        let type = ResourceType(name: name)
        updateInterface(interface) { $0.resources[name] = HostResourceDefinition(type: type, destructor: destructor) }
        return type
    }

    /// A resource type defined before, e.g. `wasi:io/streams`' `input-stream`
    /// for the signatures of `wasi:cli/stdin`.
    public func resource(_ interface: String, _ name: String) -> ResourceType? {
        interfaces[InterfaceName(interface).compatibilityKey]?.resources[name]?.type
    }

    /// Defines a function imported by name at the world level (not in an interface).
    public mutating func define(function name: String, type: ComponentFunctionType,
                                _ body: @escaping HostComponentFunction.Body) {
        functions[name] = HostComponentFunction(type: type, body)
    }

    private mutating func updateInterface(_ name: String, _ update: (inout Interface) -> Void) {
        let parsed = InterfaceName(name)
        let key = parsed.compatibilityKey
        var interface = interfaces[key] ?? Interface(name: name)
        if let existing = InterfaceName(interface.name).version, let new = parsed.version, new > existing {
            interface.name = name
        }
        update(&interface)
        interfaces[key] = interface
    }

    /// The interface serving an import named `name`, if one is defined.
    func interface(servingImport name: String) -> Interface? {
        interfaces[InterfaceName(name).compatibilityKey]
    }
}
