public import WasmInterpreter

/// The host's side of a future whose other end a guest holds: the host
/// writes the one value a guest reads (`HostFuture.make`), or reads the one
/// value a guest writes (`HostFuture(receiving:)`). Like `HostStream`,
/// completions run on the store's thread inside the guest's built-in call.
public final class HostFuture {
    let shared: SharedFuture
    public var elementType: ComponentValueType? { shared.elementType }
    public private(set) var isCopying = false

    init(shared: SharedFuture) {
        self.shared = shared
    }

    /// A new future the host writes and a guest reads: `value` is the
    /// readable end, to pass to the guest.
    public static func make(elementType: ComponentValueType?, in store: Store) -> (future: HostFuture, value: ComponentValue) {
        let shared = SharedFuture(elementType: elementType)
        return (HostFuture(shared: shared), .future(AsyncStoreState.of(store).send(.future(shared))))
    }

    /// A new future the host writes, whose readable end a guest gets later, from `value(in:)`.
    public init(writing elementType: ComponentValueType?) {
        shared = SharedFuture(elementType: elementType)
    }

    /// The future behind a readable end a guest passed to the host.
    public init(receiving value: ComponentValue, in store: Store) throws(Trap) {
        guard case .future(let key) = value, case .future(let shared)? = AsyncStoreState.of(store).receive(key) else {
            throw Trap(.host("expected the readable end of a future, got \(value)"))
        }
        self.shared = shared
    }

    /// Another host handle on the same future, with its own copy in progress:
    /// for the host to read what it also writes (a response the host made,
    /// which the guest passes straight back to be sent).
    public func anotherHandle() -> HostFuture {
        HostFuture(shared: shared)
    }

    /// The readable end again, to hand to a guest (a body passed on).
    public func value(in store: Store) -> ComponentValue {
        .future(AsyncStoreState.of(store).send(.future(shared)))
    }

    /// Offers the value (`.tuple([])` for a future without payload);
    /// `completion` runs once the guest took it, or dropped its end.
    public func write(_ value: ComponentValue, completion: @escaping (CopyOutcome) -> Void = { _ in }) throws(Trap) {
        guard !isCopying else { throw Trap(.host("the host's end of a future is already copying")) }
        isCopying = true
        try shared.write(nil, HostBuffer(elementType: elementType, values: [value])) { [weak self] result in
            self?.isCopying = false
            completion(CopyOutcome(result))
        }
    }

    /// Asks for the value; `completion` gets it once the guest wrote it.
    public func read(completion: @escaping (ComponentValue?, CopyOutcome) -> Void) throws(Trap) {
        guard !isCopying else { throw Trap(.host("the host's end of a future is already copying")) }
        isCopying = true
        let buffer = HostBuffer(elementType: elementType, capacity: 1)
        try shared.read(nil, buffer) { [weak self] result in
            self?.isCopying = false
            completion(buffer.values.first, CopyOutcome(result))
        }
    }

    /// Ends the host's side (a reader that never wants the value).
    public func drop() {
        if isCopying { shared.cancel() }
        shared.drop()
    }
}
