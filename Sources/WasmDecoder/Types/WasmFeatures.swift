/// Proposals beyond Wasm 2.0 that a module may use. `wasm2` is Wasm 2.0
/// exactly; `default` adds what the engine implements and wasmtime (Spin's
/// engine) enables by default. Options exist only for what the engine implements.
public struct WasmFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Reserved: memory indices in `memarg` (not implemented yet).
    public static let multiMemory = WasmFeatures(rawValue: 1 << 0)

    /// Wasm 2.0: MVP, mutable globals, sign extension, non-trapping conversions,
    /// multi-value, bulk memory, reference types and fixed-width SIMD.
    public static let wasm2: WasmFeatures = []

    /// Extended constant expressions (Wasm 3.0): `i32`/`i64` `add`, `sub`
    /// and `mul` in constant expressions (toolchains use them for the data
    /// and element offsets of position-independent code).
    public static let extendedConst = WasmFeatures(rawValue: 1 << 1)

    /// What engines load modules with unless told otherwise.
    public static let `default`: WasmFeatures = [.extendedConst]
}
