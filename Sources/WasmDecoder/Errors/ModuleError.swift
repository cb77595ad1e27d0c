/// The one error type of the WasmDecoder layer: why a module could not be loaded.
///
/// The three kinds mirror the spec's vocabulary: a *malformed* module breaks the
/// binary format (spec §5), an *invalid* one breaks validation (spec §3), and an
/// *unsupported* one uses a proposal later than Wasm 2.0 that this engine does not
/// implement yet. Messages use the spec test suite's wording so that
/// `assert_malformed` / `assert_invalid` texts match as prefixes.
public struct ModuleError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case malformed
        case invalid
        case unsupported
    }

    public let kind: Kind
    /// The function whose body holds the fault, when the fault is in code.
    public let function: UInt32?
    /// Byte offset from the start of the module binary.
    public let offset: Int
    /// The spec's wording, e.g. `type mismatch` or `unexpected end`.
    public let message: String

    public init(_ kind: Kind, _ message: String, offset: Int, function: UInt32? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.function = function
    }

    /// The same error, attributed to a function body.
    func inFunction(_ index: UInt32) -> ModuleError {
        ModuleError(kind, message, offset: offset, function: index)
    }

    public var description: String {
        let what: String
        switch kind {
        case .malformed: what = "malformed module"
        case .invalid: what = "invalid module"
        case .unsupported: what = "unsupported module"
        }
        let at = function.map { "func \($0), " } ?? ""
        return "\(what) (\(at)offset 0x\(String(offset, radix: 16))): \(message)"
    }

    static func malformed(_ message: String, at offset: Int) -> ModuleError {
        ModuleError(.malformed, message, offset: offset)
    }

    static func invalid(_ message: String, at offset: Int) -> ModuleError {
        ModuleError(.invalid, message, offset: offset)
    }

    static func unsupported(_ proposal: Proposal, at offset: Int) -> ModuleError {
        ModuleError(.unsupported, "unsupported feature: \(proposal.rawValue)", offset: offset)
    }
}

/// Proposals after Wasm 2.0 that the decoder recognises but does not implement yet.
public enum Proposal: String, Sendable {
    case tailCall = "tail-call"
    case exceptionHandling = "exception-handling"
    /// The first exceptions proposal (`try`, `catch`, `rethrow`, `delegate`), superseded by `try_table`.
    case legacyExceptions = "legacy-exceptions"
    case memory64 = "memory64"
    case multiMemory = "multi-memory"
    case functionReferences = "function-references"
    case gc = "gc"
    case threads = "threads"
    case relaxedSIMD = "relaxed-simd"
    case customPageSizes = "custom-page-sizes"
    case wideArithmetic = "wide-arithmetic"
}
