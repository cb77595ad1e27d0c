import WasmInterpreter

/// What one end of a stream or future is doing (CanonicalABI.md, `CopyState`).
enum CopyState {
    case idle
    case copying
    case cancellingCopy
    /// The other end was dropped, or the future's value passed: only dropping remains.
    case done
}

/// The shared half behind an end: a stream or a future.
enum SharedAsyncValue {
    case stream(SharedStream)
    case future(SharedFuture)

    var kind: AsyncValueKind {
        switch self {
        case .stream: .stream
        case .future: .future
        }
    }

    var elementType: ComponentValueType? {
        switch self {
        case .stream(let stream): stream.elementType
        case .future(let future): future.elementType
        }
    }

    func cancel() {
        switch self {
        case .stream(let stream): stream.cancel()
        case .future(let future): future.cancel()
        }
    }

    func drop() {
        switch self {
        case .stream(let stream): stream.drop()
        case .future(let future): future.drop()
        }
    }
}

/// One end of a stream or future in a component instance's handle table
/// (CanonicalABI.md, `CopyEnd` and its readable and writable kinds).
final class CopyEnd: Waitable {
    let shared: SharedAsyncValue
    let isReadable: Bool
    var state = CopyState.idle

    init(_ shared: SharedAsyncValue, isReadable: Bool) {
        self.shared = shared
        self.isReadable = isReadable
    }

    var kind: AsyncValueKind { shared.kind }
    var isCopying: Bool { state == .copying || state == .cancellingCopy }

    /// The event code a copy on this end reports.
    var eventCode: EventCode {
        switch (kind, isReadable) {
        case (.stream, true): .streamRead
        case (.stream, false): .streamWrite
        case (.future, true): .futureRead
        case (.future, false): .futureWrite
        }
    }

    /// Words for trap messages: "stream", "readable end"...
    var noun: String { kind == .stream ? "stream" : "future" }

    /// Dropping the handle: never while a copy is in flight; a future's
    /// writer must have written (or seen the reader go) first.
    func drop() throws(Trap) {
        // The reference engine words the two directions differently; we follow it.
        guard !isCopying else { throw CanonicalTrap.trap(isReadable ? "cannot remove busy \(noun)" : "cannot drop busy \(noun)") }
        if kind == .future, !isReadable, state != .done {
            throw CanonicalTrap.trap("cannot drop future write end without first writing a value")
        }
        shared.drop()
        dropWaitable()
    }
}
