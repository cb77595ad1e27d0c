/// Proposals beyond Wasm 2.0 that a module may use. The default set is empty:
/// Wasm 2.0 exactly. Options exist only for what the engine implements.
public struct WasmFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Reserved: memory indices in `memarg` (not implemented yet).
    public static let multiMemory = WasmFeatures(rawValue: 1 << 0)

    /// Wasm 2.0: MVP, mutable globals, sign extension, non-trapping conversions,
    /// multi-value, bulk memory, reference types and fixed-width SIMD.
    public static let wasm2: WasmFeatures = []
}
