public import WasmInterpreter

/// How a stream or future copy the host made ended.
public enum CopyOutcome: Sendable, Equatable {
    /// The guest took (or gave) values; the host may go on.
    case completed
    /// The guest dropped its end: nothing more will pass.
    case dropped
    /// The host cancelled the copy.
    case cancelled

    init(_ result: CopyResult) {
        switch result {
        case .completed: self = .completed
        case .dropped: self = .dropped
        case .cancelled: self = .cancelled
        }
    }
}

/// The host's side of a stream whose other end a guest holds: either the
/// host writes and the guest reads (`HostStream.make`, e.g. a request body),
/// or the guest writes and the host reads (`HostStream(receiving:)`, e.g. a
/// response body). Values meet the guest's buffers directly, as between two
/// guests; a copy completes when the guest reads or writes, so completion
/// handlers run on the store's thread, inside the guest's built-in call, and
/// must not call into the store.
public final class HostStream {
    let shared: SharedStream
    public var elementType: ComponentValueType? { shared.elementType }
    /// True while a read or write the host started has not completed.
    public private(set) var isCopying = false

    init(shared: SharedStream) {
        self.shared = shared
    }

    /// A new stream the host writes and a guest reads: `value` is the
    /// readable end, to pass to the guest as a `stream<T>` argument or result.
    public static func make(elementType: ComponentValueType?, in store: Store) -> (stream: HostStream, value: ComponentValue) {
        let shared = SharedStream(elementType: elementType)
        return (HostStream(shared: shared), .stream(AsyncStoreState.of(store).send(.stream(shared))))
    }

    /// A new stream the host writes, whose readable end a guest gets later,
    /// from `value(in:)` (a body handed over only when the guest asks for it).
    public init(writing elementType: ComponentValueType?) {
        shared = SharedStream(elementType: elementType)
    }

    /// The stream behind a readable end a guest passed to the host.
    public init(receiving value: ComponentValue, in store: Store) throws(Trap) {
        guard case .stream(let key) = value, case .stream(let shared)? = AsyncStoreState.of(store).receive(key) else {
            throw Trap(.host("expected the readable end of a stream, got \(value)"))
        }
        self.shared = shared
    }

    /// Another host handle on the same stream, with its own copy in progress:
    /// for the host to read what it also writes (a response the host made,
    /// which the guest passes straight back to be sent).
    public func anotherHandle() -> HostStream {
        HostStream(shared: shared)
    }

    /// The readable end again, to hand to a guest (a body passed on).
    public func value(in store: Store) -> ComponentValue {
        .stream(AsyncStoreState.of(store).send(.stream(shared)))
    }

    /// Offers `bytes` (of a `stream<u8>`) to the reader; `completion` gets how
    /// many it took, once it has taken some or dropped its end. Write the rest
    /// again after that.
    public func write(bytes: [UInt8], completion: @escaping (Int, CopyOutcome) -> Void) throws(Trap) {
        try write(HostBuffer(elementType: elementType, bytes: bytes), completion)
    }

    public func write(values: [ComponentValue], completion: @escaping (Int, CopyOutcome) -> Void) throws(Trap) {
        try write(HostBuffer(elementType: elementType, values: values), completion)
    }

    private func write(_ buffer: HostBuffer, _ completion: @escaping (Int, CopyOutcome) -> Void) throws(Trap) {
        guard !isCopying else { throw Trap(.host("the host's end of a stream is already copying")) }
        isCopying = true
        let done = { [weak self] (result: CopyResult) in
            self?.isCopying = false
            completion(buffer.progress, CopyOutcome(result))
        }
        try shared.write(nil, buffer, { reclaim in
            reclaim()
            done(.completed)
        }, done)
    }

    /// Writes all of `values`, offering what is left each time the reader
    /// takes some; `done` runs once all are taken or the reader dropped its end.
    public func writeAll(values: [ComponentValue], done: @escaping () -> Void) throws(Trap) {
        guard !values.isEmpty else { return done() }
        try write(values: values) { [weak self] written, outcome in
            guard let self, outcome == .completed, written < values.count else { return done() }
            // A reader's copy calls this; offering the rest leaves it pending for its next read.
            try? writeAll(values: Array(values[written...]), done: done)
        }
    }

    /// Asks for up to `count` bytes of a `stream<u8>`; `completion` gets what
    /// the writer copied in, or `.dropped` once it has dropped its end.
    public func read(upTo count: Int, completion: @escaping ([UInt8], CopyOutcome) -> Void) throws(Trap) {
        try read(count) { buffer, outcome in completion(buffer.bytes, outcome) }
    }

    public func read(upTo count: Int, completion: @escaping ([ComponentValue], CopyOutcome) -> Void) throws(Trap) {
        try read(count) { buffer, outcome in completion(buffer.values, outcome) }
    }

    private func read(_ count: Int, _ completion: @escaping (HostBuffer, CopyOutcome) -> Void) throws(Trap) {
        guard !isCopying else { throw Trap(.host("the host's end of a stream is already copying")) }
        isCopying = true
        let buffer = HostBuffer(elementType: elementType, capacity: count)
        let done = { [weak self] (result: CopyResult) in
            self?.isCopying = false
            completion(buffer, CopyOutcome(result))
        }
        try shared.read(nil, buffer, { reclaim in
            reclaim()
            done(.completed)
        }, done)
    }

    /// Stops a read or write that has not completed; its completion runs with `.cancelled`.
    public func cancel() {
        guard isCopying else { return }
        shared.cancel()
    }

    /// Ends the host's side: a guest reading or writing later sees `dropped`.
    public func drop() {
        cancel()
        shared.drop()
    }
}
