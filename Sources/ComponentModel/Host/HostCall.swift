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

    /// An async function's body: it may answer later, through `HostReturn`,
    /// on the store's thread (from the event loop's idle handler, say).
    public typealias AsyncBody = @Sendable (HostCall, [ComponentValue], HostReturn) throws(Trap) -> Void

    public let type: ComponentFunctionType
    public let body: Body
    let asyncBody: AsyncBody?
    /// Its core signature when lifted, worked out once at definition.
    let signature: FlatSignature

    public init(type: ComponentFunctionType, _ body: @escaping Body) {
        self.type = type
        self.body = body
        asyncBody = nil
        signature = FlatSignature(type, context: .lift)
    }

    /// A function of an `async` type whose result may come after the call
    /// returned: its caller's task goes on (or waits) meanwhile.
    public init(type: ComponentFunctionType, async body: @escaping AsyncBody) {
        self.type = type
        asyncBody = body
        self.body = { _, _ throws(Trap) in
            throw Trap(.host("an async host function was called without the async ABI"))
        }
        signature = FlatSignature(type, context: .lift)
    }
}

/// How an async host function hands back its result, once; and how it
/// hears that its caller cancelled the call (`subtask.cancel`).
public final class HostReturn: CancellableCallee {
    private var onResolve: ((ComponentValue?) throws(Trap) -> Void)?
    private let onCancelled: () throws(Trap) -> Void
    private var cancellationHandler: (() throws(Trap) -> Void)?

    init(_ onResolve: @escaping (ComponentValue?) throws(Trap) -> Void, onCancelled: @escaping () throws(Trap) -> Void = {}) {
        self.onResolve = onResolve
        self.onCancelled = onCancelled
    }

    /// Whether the result was given (or the call ended cancelled).
    public var isDone: Bool { onResolve == nil }

    /// Gives the result (nil for a function without one); later calls do nothing.
    public func resolve(_ value: ComponentValue?) throws(Trap) {
        guard let onResolve else { return }
        self.onResolve = nil
        cancellationHandler = nil
        try onResolve(value)
    }

    /// What to do when the caller cancels the call: stop the work and call
    /// `resolveCancelled`, or let it finish and `resolve` as usual. Without
    /// a handler, cancellation waits for the result.
    public func whenCancelled(_ handler: @escaping () throws(Trap) -> Void) {
        cancellationHandler = isDone ? nil : handler
    }

    /// Ends the call without a result, after its caller cancelled it
    /// (CANCELLED_BEFORE_RETURNED on the caller's side).
    public func resolveCancelled() throws(Trap) {
        guard onResolve != nil else { return }
        onResolve = nil
        cancellationHandler = nil
        try onCancelled()
    }

    func requestCancellation(from caller: ComponentInstanceState?) throws(Trap) {
        guard !isDone, let handler = cancellationHandler else { return }
        cancellationHandler = nil
        try handler()
    }
}

/// The callee of a subtask, as `subtask.cancel` reaches it: a lifted
/// function's task, or an async host function's `HostReturn`.
protocol CancellableCallee: AnyObject {
    func requestCancellation(from caller: ComponentInstanceState?) throws(Trap)
}

/// A resource type a host interface defines, with what happens when the
/// guest drops its last owning handle.
public struct HostResourceDefinition: Sendable {
    public typealias Destructor = @Sendable (HostCall, UInt32) throws(Trap) -> Void

    public let type: ResourceType
    public let destructor: Destructor
}
