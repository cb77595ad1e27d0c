internal import WasmDecoder

/// The one error type of the ComponentModel layer: why a component could not
/// be loaded. The kinds are those of `ModuleError`: a *malformed* component
/// breaks the binary format (Binary.md), an *invalid* one its validation
/// rules (Explainer.md), and an *unsupported* one uses a feature this engine
/// does not implement yet (async, values, threads: `unsupported feature: …`).
public struct ComponentError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case malformed
        case invalid
        case unsupported
    }

    public let kind: Kind
    /// Byte offset from the start of the outermost component binary.
    public let offset: Int
    public let message: String

    public init(_ kind: Kind, _ message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .malformed: what = "malformed component"
        case .invalid: what = "invalid component"
        case .unsupported: what = "unsupported component"
        }
        return "\(what) (offset 0x\(String(offset, radix: 16))): \(message)"
    }

    static func malformed(_ message: String, at offset: Int) -> ComponentError {
        ComponentError(.malformed, message, offset: offset)
    }

    static func unsupported(_ feature: ComponentFeature, at offset: Int) -> ComponentError {
        ComponentError(.unsupported, "unsupported feature: \(feature.rawValue)", offset: offset)
    }

    /// A fault of the shared byte reader (LEB128, names, lengths), or of an
    /// embedded core module, in this layer's terms.
    init(_ error: ModuleError) {
        let kind: Kind
        switch error.kind {
        case .malformed: kind = .malformed
        case .invalid: kind = .invalid
        case .unsupported: kind = .unsupported
        }
        self.init(kind, error.message, offset: error.offset)
    }
}

/// Gated component-model features that the decoder recognises and refuses.
public enum ComponentFeature: String, Sendable {
    /// Async lifts and lowers, streams, futures, tasks, waitables (WASIp3).
    case async = "component-model-async"
    /// Error contexts (📝).
    case errorContext = "component-model-error-context"
    /// Value imports, exports and start functions (🪙).
    case values = "component-model-values"
    /// Threads built-ins (🧵).
    case threads = "component-model-threading"
    /// Struct and array types in a component's core type section
    /// (WebAssembly 3.0); `sub` and `rec` around function types are read.
    case gc = "gc"
}
