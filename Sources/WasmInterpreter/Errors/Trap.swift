/// A guest fault (spec §4.4.1, "trap"): the reason in the spec test suite's
/// words, and the Wasm call stack when it happened.
public struct Trap: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        case unreachable
        case integerDivideByZero
        case integerOverflow
        case invalidConversionToInteger
        case outOfBoundsMemoryAccess
        case outOfBoundsTableAccess
        case undefinedElement
        case uninitializedElement
        case indirectCallTypeMismatch
        /// `call_ref` or `return_call_ref` of a null reference.
        case nullFunctionReference
        /// `ref.as_non_null` of a null reference.
        case nullReference
        /// `throw_ref` of a null reference.
        case nullExceptionReference
        /// GC (Wasm 3.0): a struct, array or i31 access through null, an
        /// array index or range past the end, a failed `ref.cast`, and an
        /// allocation beyond what one object may take (`GCHeap.maximumSlots`).
        case nullStructureReference
        case nullArrayReference
        case nullI31Reference
        case outOfBoundsArrayAccess
        case castFailure
        case allocationTooLarge
        /// An exception no Wasm handler caught (Wasm 3.0): its `exnref` slot
        /// value; `Store.exceptionDetails` gives its tag and values. A host
        /// function that lets it propagate hands it on to the Wasm code that
        /// called the host, whose handlers may catch it.
        case exception(UInt64)
        case callStackExhausted
        case interrupted
        case outOfFuel
        /// A guest asked to end the program (WASI `proc_exit`). Not a fault:
        /// it unwinds like a trap but records no backtrace, and
        /// `Function.run` reports it as `Completion.exited`.
        case exit(code: Int32)
        /// A host function failed; the text says why.
        case host(String)

        public var message: String {
            switch self {
            case .unreachable: "unreachable"
            case .integerDivideByZero: "integer divide by zero"
            case .integerOverflow: "integer overflow"
            case .invalidConversionToInteger: "invalid conversion to integer"
            case .outOfBoundsMemoryAccess: "out of bounds memory access"
            case .outOfBoundsTableAccess: "out of bounds table access"
            case .undefinedElement: "undefined element"
            case .uninitializedElement: "uninitialized element"
            case .indirectCallTypeMismatch: "indirect call type mismatch"
            case .nullFunctionReference: "null function reference"
            case .nullReference: "null reference"
            case .nullExceptionReference: "null exception reference"
            case .nullStructureReference: "null structure reference"
            case .nullArrayReference: "null array reference"
            case .nullI31Reference: "null i31 reference"
            case .outOfBoundsArrayAccess: "out of bounds array access"
            case .castFailure: "cast failure"
            case .allocationTooLarge: "allocation too large"
            case .exception: "uncaught exception"
            case .callStackExhausted: "call stack exhausted"
            case .interrupted: "interrupted: deadline reached"
            case .outOfFuel: "all fuel consumed"
            case .exit(let code): "exit with code \(code)"
            case .host(let text): text
            }
        }
    }

    public let reason: Reason
    /// Innermost frame first.
    public internal(set) var backtrace: [BacktraceFrame]

    public init(_ reason: Reason, backtrace: [BacktraceFrame] = []) {
        self.reason = reason
        self.backtrace = backtrace
    }

    public var message: String { reason.message }

    /// A host function ends the guest's run with `code` (WASI `proc_exit`).
    public static func exit(_ code: Int32) -> Trap { Trap(.exit(code: code)) }

    /// Whether this is a requested exit rather than a fault.
    public var isExit: Bool {
        if case .exit = reason { return true }
        return false
    }

    public var description: String {
        guard !backtrace.isEmpty else { return "trap: \(reason.message)" }
        var frames = backtrace.enumerated().map { "  \($0.offset): \($0.element)" }
        // Deep recursion makes thousands of identical frames: keep both ends.
        if frames.count > 24 {
            let omitted = frames.count - 20
            frames = Array(frames.prefix(15)) + ["  ... \(omitted) more frames ..."] + Array(frames.suffix(5))
        }
        return "trap: \(reason.message)\nwasm backtrace:\n" + frames.joined(separator: "\n")
    }
}

/// One frame of a trap's Wasm call stack.
public struct BacktraceFrame: Sendable, CustomStringConvertible {
    public let functionIndex: UInt32
    public let functionName: String?

    public var description: String {
        functionName.map { "func[\(functionIndex)] \($0)" } ?? "func[\(functionIndex)]"
    }
}
