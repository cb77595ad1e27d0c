/// Where linear memories get their bytes. The default takes them from the heap
/// and zeroes them; an embedder that creates many short-lived instances can
/// supply one that maps memory lazily, grows it in place and recycles it
/// (SpinHost's `MappedMemoryAllocator`), through
/// `EngineConfiguration.memoryAllocator`.
public protocol LinearMemoryAllocator: AnyObject, Sendable {
    /// A region of at least `byteCount` bytes, all of whose `capacity` bytes
    /// read as zero. `reservation` is the most the memory may ever need; a
    /// region that large lets the memory grow without moving. Nil if no memory.
    func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)?

    /// Takes back a region from `allocate`; only its first `usedByteCount`
    /// bytes can have been written.
    func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int)
}

/// The default: heap memory, zeroed, sized to what is asked for.
final class HeapMemoryAllocator: LinearMemoryAllocator {
    static let shared = HeapMemoryAllocator()

    func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let capacity = max(byteCount, 8)
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
        return (base, capacity)
    }

    func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) {
        base.deallocate()
    }
}
