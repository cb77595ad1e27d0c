public import WasmInterpreter

/// What a host function of a component can reach while it runs: the store
/// (and through it the embedder's per-store state) and the store's host
/// resource objects.
public struct HostCall {
    public unowned let store: Store

    public var resources: HostResources { HostResources.of(store) }

    /// The object behind a handle value (`own` or `borrow`) passed to the host.
    public func object<T: AnyObject>(_ value: ComponentValue, as type: T.Type = T.self) throws(Trap) -> T {
        guard let rep = value.handleValue, let object = resources.object(rep, as: T.self) else {
            throw Trap(.host("unknown handle for a resource of type \(T.self)"))
        }
        return object
    }

    /// A new host resource: the value to return to the guest as `own<T>`.
    public func own(_ object: AnyObject) -> ComponentValue {
        .own(resources.insert(object))
    }
}

/// A function of a host interface, with its component-level type. Its body
/// receives lifted arguments and returns the result to lower (nil for a
/// function without result).
public struct HostComponentFunction: Sendable {
    public typealias Body = @Sendable (HostCall, [ComponentValue]) throws(Trap) -> ComponentValue?

    public let type: ComponentFunctionType
    public let body: Body
    /// Its core signature when lifted, worked out once at definition.
    let signature: FlatSignature

    public init(type: ComponentFunctionType, _ body: @escaping Body) {
        self.type = type
        self.body = body
        signature = FlatSignature(type, context: .lift)
    }
}

/// A resource type a host interface defines, with what happens when the
/// guest drops its last owning handle.
public struct HostResourceDefinition: Sendable {
    public typealias Destructor = @Sendable (HostCall, UInt32) throws(Trap) -> Void

    public let type: ResourceType
    public let destructor: Destructor
}
