public import WasmDecoder

/// Limits and options for everything an `Engine` runs.
public struct EngineConfiguration: Sendable {
    /// The proposals after Wasm 2.0 that modules may use; a module using one
    /// left out is refused (`unsupported feature: <name>`, or invalid where
    /// the Wasm 2.0 spec says so). `.wasm2` runs the Wasm 2.0 spec exactly.
    public var features: WasmFeatures = .default
    /// Most 64 KiB pages one memory may have (the module's maximum still applies).
    public var maximumMemoryPages = 65536
    /// Most elements one table may have.
    public var maximumTableElements = 10_000_000
    /// Most bytes one instance's own memories and tables may hold together
    /// (a table element counts 8 bytes); nil: no limit beyond the two above.
    /// Past it `memory.grow` and `table.grow` return -1, and an instance
    /// whose initial sizes exceed it fails to instantiate.
    public var maximumInstanceMemory: Int?
    /// Deepest Wasm call nesting before the `call stack exhausted` trap.
    public var maximumCallDepth = 20_000
    /// 64-bit slots of the value stack each store uses for frames.
    public var valueStackSlots = 1 << 20
    /// When set, each call into a store starts with this much fuel; loop
    /// back-edges and calls consume one unit each, and running out traps.
    public var fuel: Int64?
    /// Where memories get their bytes; nil means zeroed heap memory.
    public var memoryAllocator: (any LinearMemoryAllocator)?

    public init() {}
}
