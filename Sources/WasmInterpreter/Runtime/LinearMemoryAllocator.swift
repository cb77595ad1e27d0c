/// Where linear memories get their bytes. The default takes them from the heap
/// and zeroes them; an embedder that creates many short-lived instances can
/// supply one that maps memory lazily, grows it in place and recycles it
/// (SpinHost's `MappedMemoryAllocator`), through
/// `EngineConfiguration.memoryAllocator`.
///
/// Every region comes with `LinearMemory.headerSize` writable bytes just
/// before its base, which belong to the engine for as long as the region is
/// allocated (the memory keeps its byte count there; their content need not
/// be zero).
public protocol LinearMemoryAllocator: AnyObject, Sendable {
    /// A region of at least `byteCount` bytes, all of whose `capacity` bytes
    /// read as zero, with the engine's header before it. `reservation` is the
    /// most the memory may ever need; a region that large lets the memory
    /// grow without moving. Nil if no memory.
    func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)?

    /// `allocate` for a memory that will get `image` (`mapImage`) next: the
    /// region may already hold the image where `mapImage` puts it (then
    /// `mapImage` has nothing to do); every other byte reads as zero.
    func allocate(byteCount: Int, reservation: Int,
                  image: (any PreparedMemoryImage)?) -> (base: UnsafeMutableRawPointer, capacity: Int)?

    /// Takes back a region from `allocate`; only its first `usedByteCount`
    /// bytes can have been written.
    func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int)

    /// Makes `bytes`, meant for memory address `address` of fresh memories,
    /// ready to be mapped into them copy-on-write; nil to have the engine
    /// copy them instead. Called once per module, when it is compiled.
    func prepareImage(_ bytes: UnsafeRawBufferPointer, at address: Int) -> (any PreparedMemoryImage)?

    /// Maps `image` into a region from `allocate` whose bytes are all still
    /// zero, so that it reads as if the image's bytes had been copied in.
    /// Returns the range of the region now backed by the image, or nil if it
    /// could not be mapped (the engine then copies).
    func mapImage(_ image: any PreparedMemoryImage, into base: UnsafeMutableRawPointer, capacity: Int) -> Range<Int>?

    /// Makes `range`, returned by `mapImage`, plain zeroed memory again
    /// before the region moves or is deallocated.
    func unmapImage(_ range: Range<Int>, in base: UnsafeMutableRawPointer)
}

/// A memory image an allocator has prepared for `mapImage`.
public protocol PreparedMemoryImage: AnyObject, Sendable {}

extension LinearMemoryAllocator {
    public func allocate(byteCount: Int, reservation: Int,
                         image: (any PreparedMemoryImage)?) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        allocate(byteCount: byteCount, reservation: reservation)
    }

    /// Allocators that cannot map images let the engine copy them.
    public func prepareImage(_ bytes: UnsafeRawBufferPointer, at address: Int) -> (any PreparedMemoryImage)? { nil }
    public func mapImage(_ image: any PreparedMemoryImage, into base: UnsafeMutableRawPointer, capacity: Int) -> Range<Int>? { nil }
    public func unmapImage(_ range: Range<Int>, in base: UnsafeMutableRawPointer) {}
}

/// The default: heap memory, zeroed, sized to what is asked for.
final class HeapMemoryAllocator: LinearMemoryAllocator {
    static let shared = HeapMemoryAllocator()

    func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let capacity = max(byteCount, 8)
        let start = UnsafeMutableRawPointer.allocate(byteCount: LinearMemory.headerSize + capacity, alignment: 16)
        let base = start + LinearMemory.headerSize
        base.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
        return (base, capacity)
    }

    func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) {
        (base - LinearMemory.headerSize).deallocate()
    }
}
