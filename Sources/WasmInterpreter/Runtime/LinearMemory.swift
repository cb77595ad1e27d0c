public import WasmDecoder

/// A linear memory instance (spec §4.2.8): a byte buffer that grows in 64 KiB
/// pages, owned by this class and given back to its allocator in `deinit`.
/// Bytes between `byteCount` and `capacity` are zero (the allocator's
/// promise), so growing within the capacity only moves `byteCount`.
///
/// The byte count is kept in a header just before `base`, so that the
/// interpreter needs one register for a memory, not two: it keeps `base` in
/// a local, reloaded after anything that can grow the memory (calls,
/// `memory.grow`), and reads the size through it (RATIONALE.md, "A memory's
/// size in front of its bytes").
public final class LinearMemory {
    public static let pageSize = 65536
    /// The bytes before `base` that the engine owns (`LinearMemoryAllocator`):
    /// the byte count, padded to keep `base` 16-byte aligned.
    public static let headerSize = 16
    /// Where the byte count sits, relative to `base`.
    static let byteCountOffset = -8

    /// SAFETY: valid for `byteCount` bytes until the next `grow`, with the
    /// header before it; never null.
    // Read by the interpreter after every call and `memory.grow`: no runtime
    // exclusivity check (see `Execution.depth`).
    @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    public var byteCount: Int { Self.byteCount(at: base) }
    public let type: MemoryType
    /// The most pages this memory may have: the type's maximum and the engine's limit.
    public let maximumPages: Int

    let allocator: any LinearMemoryAllocator
    /// The part of the region the allocator backs with a data image
    /// (`apply(_:)`), which it must unmap before the region is reused.
    private var mappedImageRange: Range<Int>?

    /// Shared with the instance's tables; nil when the engine sets no per-instance limit.
    let budget: InstanceBudget?

    /// `image`: the data image `apply(_:)` will map, so the allocator can
    /// hand out a region that holds it already.
    init(type: MemoryType, limitPages: Int, allocator: any LinearMemoryAllocator,
         budget: InstanceBudget? = nil, image: (any PreparedMemoryImage)? = nil) throws(Trap) {
        self.type = type
        self.allocator = allocator
        self.budget = budget
        // A 64-bit memory may declare up to 2^48 pages; the engine's limit caps it.
        let declaredMaximum = type.limits.maximum.map { Int(clamping: $0) } ?? 65536
        let budgetPages = budget.map { ($0.limit - $0.used) / Self.pageSize } ?? Int.max
        maximumPages = min(declaredMaximum, limitPages, budgetPages)
        let pages = Int(clamping: type.limits.minimum)
        guard pages <= maximumPages else {
            throw Trap(.host("memory of \(pages) pages exceeds the limit of \(maximumPages) pages"))
        }
        let byteCount = pages * Self.pageSize
        if let budget, !budget.reserve(byteCount) {
            throw Trap(.host("memory of \(pages) pages exceeds the instance memory limit of \(budget.limit) bytes"))
        }
        guard let region = allocator.allocate(byteCount: byteCount, reservation: maximumPages * Self.pageSize,
                                              image: image) else {
            throw Trap(.host("cannot allocate a memory of \(pages) pages"))
        }
        (base, capacity) = region
        Self.setByteCount(byteCount, at: base)
    }

    /// The byte count of the memory whose bytes start at `base`.
    @inline(__always)
    static func byteCount(at base: UnsafeRawPointer) -> Int {
        // SAFETY: every base comes with the header (`LinearMemoryAllocator`, `emptyMemory`).
        base.load(fromByteOffset: byteCountOffset, as: Int.self)
    }

    private static func setByteCount(_ byteCount: Int, at base: UnsafeMutableRawPointer) {
        base.storeBytes(of: byteCount, toByteOffset: byteCountOffset, as: Int.self)
    }

    deinit {
        if let range = mappedImageRange { allocator.unmapImage(range, in: base) }
        allocator.deallocate(base: base, capacity: capacity, usedByteCount: byteCount)
    }

    public var pageCount: Int { byteCount / Self.pageSize }

    /// Grows by `delta` pages (spec §4.4.7, `memory.grow`); returns the old page
    /// count, or nil if the memory would exceed its maximum.
    @discardableResult
    public func grow(by delta: Int) -> Int? {
        let old = pageCount
        guard delta >= 0, delta <= maximumPages - old else { return nil }
        guard delta > 0 else { return old }
        if let budget, !budget.reserve(delta * Self.pageSize) { return nil }
        let newCount = (old + delta) * Self.pageSize
        if newCount > capacity {
            // Double to keep repeated small grows linear overall.
            let wanted = max(newCount, min(capacity * 2, maximumPages * Self.pageSize))
            guard let region = allocator.allocate(byteCount: wanted, reservation: maximumPages * Self.pageSize) else {
                return nil
            }
            region.base.copyMemory(from: base, byteCount: byteCount)
            if let range = mappedImageRange { allocator.unmapImage(range, in: base) }
            mappedImageRange = nil
            allocator.deallocate(base: base, capacity: capacity, usedByteCount: byteCount)
            (base, capacity) = region
        }
        Self.setByteCount(newCount, at: base)
        return old
    }

    /// Copies `count` bytes out of the memory.
    public func read(at address: Int, count: Int) throws(Trap) -> [UInt8] {
        try checkRange(address, count)
        return [UInt8](UnsafeRawBufferPointer(start: base + address, count: count))
    }

    /// Sets `count` bytes at `address` to `value`.
    public func fill(_ value: UInt8, count: Int, at address: Int) throws(Trap) {
        try checkRange(address, count)
        (base + address).initializeMemory(as: UInt8.self, repeating: value, count: count)
    }

    /// Copies `bytes` into the memory at `address` (one memcpy; the generic
    /// form below runs unspecialised across modules, byte by byte).
    public func write(_ bytes: [UInt8], at address: Int) throws(Trap) {
        try checkRange(address, bytes.count)
        bytes.withUnsafeBytes { source in
            if let start = source.baseAddress { (base + address).copyMemory(from: start, byteCount: source.count) }
        }
    }

    /// Copies `bytes` into the memory at `address`.
    public func write(_ bytes: some Collection<UInt8>, at address: Int) throws(Trap) {
        try checkRange(address, bytes.count)
        let copied: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            if let source = buffer.baseAddress { (base + address).copyMemory(from: source, byteCount: buffer.count) }
        }
        if copied != nil { return }
        var offset = address
        for byte in bytes {
            base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
            offset += 1
        }
    }

    /// Puts a module's data image in place on this fresh memory: mapped
    /// copy-on-write when the allocator prepared it, else copied.
    func apply(_ image: DataImage) throws(Trap) {
        if let prepared = image.prepared, mappedImageRange == nil, image.end <= byteCount,
           let range = allocator.mapImage(prepared, into: base, capacity: capacity) {
            mappedImageRange = range
            return
        }
        let copied: Result<Void, Trap> = image.bytes.withUnsafeBytes { bytes in
            Result { () throws(Trap) in try copy(from: bytes, at: image.start) }
        }
        try copied.get()
    }

    /// Copies raw bytes in with one `memcpy` (data segments, host buffers).
    func copy(from source: UnsafeRawBufferPointer, at address: Int) throws(Trap) {
        try checkRange(address, source.count)
        guard let start = source.baseAddress, source.count > 0 else { return }
        // SAFETY: the destination range was checked against `byteCount` above.
        (base + address).copyMemory(from: start, byteCount: source.count)
    }

    /// A little-endian integer at `address`.
    public func load<T: FixedWidthInteger>(_ type: T.Type, at address: Int) throws(Trap) -> T {
        try checkRange(address, MemoryLayout<T>.size)
        return T(littleEndian: base.loadUnaligned(fromByteOffset: address, as: T.self))
    }

    public func store<T: FixedWidthInteger>(_ value: T, at address: Int) throws(Trap) {
        try checkRange(address, MemoryLayout<T>.size)
        base.storeBytes(of: value.littleEndian, toByteOffset: address, as: T.self)
    }

    /// Direct access for bulk copies by host code in this package.
    package func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: byteCount))
    }

    @inline(__always)
    func checkRange(_ address: Int, _ count: Int) throws(Trap) {
        guard address >= 0, count >= 0, address <= byteCount, count <= byteCount - address else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
    }
}
