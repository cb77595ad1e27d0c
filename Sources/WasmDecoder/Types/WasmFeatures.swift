/// Proposals beyond Wasm 2.0 that a module may use. `wasm2` is Wasm 2.0
/// exactly; `default` adds what the engine implements and wasmtime (Spin's
/// engine) enables by default. Options exist only for what the engine implements.
public struct WasmFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Multiple memories (Wasm 3.0): memory indices in `memarg`, `memory.size`,
    /// `memory.grow` and the bulk memory instructions, and more than one
    /// memory per module.
    public static let multiMemory = WasmFeatures(rawValue: 1 << 0)

    /// Wasm 2.0: MVP, mutable globals, sign extension, non-trapping conversions,
    /// multi-value, bulk memory, reference types and fixed-width SIMD.
    public static let wasm2: WasmFeatures = []

    /// Extended constant expressions (Wasm 3.0): `i32`/`i64` `add`, `sub`
    /// and `mul` in constant expressions (toolchains use them for the data
    /// and element offsets of position-independent code).
    public static let extendedConst = WasmFeatures(rawValue: 1 << 1)

    /// 64-bit memories and tables (Wasm 3.0, memory64 and table64): i64
    /// addresses, sizes, indices and offsets; u64 limits in the binary.
    public static let memory64 = WasmFeatures(rawValue: 1 << 2)

    /// Garbage collection (Wasm 3.0): struct and array types, recursive
    /// type groups and declared subtyping, the abstract types of the `any`
    /// hierarchy, `i31`, casts, `ref.eq`, the `any`/`extern` conversions and
    /// their constant expressions. Objects live in their store's `GCHeap`.
    public static let gc = WasmFeatures(rawValue: 1 << 3)

    /// Tail calls (Wasm 3.0): `return_call` and `return_call_indirect`.
    public static let tailCall = WasmFeatures(rawValue: 1 << 4)

    /// Relaxed SIMD (Wasm 3.0): 20 vector instructions whose results the
    /// spec leaves partly to the engine; this one gives each the result of
    /// the spec's deterministic profile (RATIONALE.md, "Relaxed SIMD, deterministically").
    public static let relaxedSIMD = WasmFeatures(rawValue: 1 << 5)

    /// Typed function references (Wasm 3.0): reference types with a heap
    /// type, nullable or not (`(ref null $t)`, `(ref func)`), `call_ref`,
    /// `return_call_ref`, `ref.as_non_null`, `br_on_null`, `br_on_non_null`,
    /// non-nullable locals and tables with an initialiser.
    public static let functionReferences = WasmFeatures(rawValue: 1 << 6)

    /// Exception handling (Wasm 3.0): tags, `throw`, `throw_ref`,
    /// `try_table` and `exnref`. An exception no Wasm code catches reaches
    /// the embedder as a trap with `Trap.Reason.exception`.
    public static let exceptionHandling = WasmFeatures(rawValue: 1 << 7)

    /// Every proposal this engine implements.
    public static let all: WasmFeatures = [.extendedConst, .multiMemory, .memory64, .gc, .tailCall, .relaxedSIMD, .functionReferences,
                                          .exceptionHandling]

    /// What engines load modules with unless told otherwise: everything
    /// implemented, as wasmtime (Spin's engine) enables every Wasm 3.0
    /// feature by default.
    public static let `default`: WasmFeatures = .all
}

extension Proposal {
    /// The option that turns the proposal on; empty when the engine does not
    /// implement it, so that no configuration enables it.
    var feature: WasmFeatures {
        switch self {
        case .tailCall: .tailCall
        case .memory64: .memory64
        case .multiMemory: .multiMemory
        case .functionReferences: .functionReferences
        case .gc: .gc
        case .relaxedSIMD: .relaxedSIMD
        case .exceptionHandling: .exceptionHandling
        case .legacyExceptions, .threads, .customPageSizes, .wideArithmetic: .notImplemented
        }
    }
}

extension WasmFeatures {
    /// A bit no public option sets, standing for proposals not implemented.
    static let notImplemented = WasmFeatures(rawValue: 1 << 31)
}
