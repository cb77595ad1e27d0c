import WasmDecoder

/// A module's active data segments merged, at compile time, into one image of
/// its own memory 0, so that an instance applies them with a single copy
/// instead of one per segment (a Go module has ~27,000 segments).
///
/// Merging is exact only when applying the segments one by one could not trap
/// or see anything but zeroes between them: every active segment targets a
/// memory the module defines (fresh, zeroed) with a constant offset, and the
/// instance's memory is at least `end` bytes. `Instantiation` checks the
/// size and otherwise applies the segments one by one, as the spec orders.
struct DataImage {
    /// Memory address of the image's first byte.
    let start: Int
    /// The bytes from `start` on; gaps between segments are zeroes.
    let bytes: [UInt8]
    /// The highest end of any active segment, empty ones included: the
    /// memory size below which no segment traps.
    let end: Int
    /// Which segments are dropped once the image is applied (the active ones).
    let droppedAfterApplying: [Bool]
    /// The image as the engine's memory allocator prepared it for mapping
    /// copy-on-write; nil when instances copy `bytes`.
    let prepared: (any PreparedMemoryImage)?

    /// Larger spans are applied segment by segment rather than held twice.
    static let maximumSpan = 64 << 20

    /// The image of `module`'s data segments, or nil when they cannot merge;
    /// offered to `allocator` to prepare for mapping.
    init?(module: Module, allocator: (any LinearMemoryAllocator)?) {
        guard module.importedMemoryCount == 0, !module.memories.isEmpty else { return nil }
        var placements: [(address: Int, range: Range<Int>)] = []
        var start = Int.max
        var end = 0
        for segment in module.data {
            guard case .active(let memory, let offset) = segment.mode else { continue }
            guard memory == 0, case .i32Const(let value) = offset.single else { return nil }
            let address = Int(UInt32(bitPattern: value))
            placements.append((address, segment.range))
            end = max(end, address + segment.range.count)
            if !segment.range.isEmpty { start = min(start, address) }
        }
        if start == .max { start = end }
        guard end - start <= Self.maximumSpan else { return nil }
        var bytes = [UInt8](repeating: 0, count: end - start)
        bytes.withUnsafeMutableBytes { image in
            module.bytes.withUnsafeBytes { source in
                for placement in placements where !placement.range.isEmpty {
                    // Later segments overwrite earlier ones, as applying them in order does.
                    UnsafeMutableRawBufferPointer(rebasing: image[(placement.address - start)...])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[placement.range]))
                }
            }
        }
        self.start = start
        self.bytes = bytes
        self.end = end
        droppedAfterApplying = module.data.map { if case .active = $0.mode { true } else { false } }
        prepared = bytes.withUnsafeBytes { allocator?.prepareImage($0, at: start) }
    }
}
