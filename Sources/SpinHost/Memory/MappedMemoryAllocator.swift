import Glibc
import Synchronization
public import WasmInterpreter

/// Linear memory for per-request instances: each memory reserves its whole
/// maximum as address space up front (`MAP_NORESERVE`: no RAM until touched),
/// so `memory.grow` never copies and fresh pages arrive zeroed from the kernel.
/// Finished memories are zeroed where they were written and kept for the
/// next instance, which then neither maps nor page-faults them again.
public final class MappedMemoryAllocator: LinearMemoryAllocator {
    /// Written bytes up to this size are zeroed with memset on release, which
    /// costs less than faulting the pages in again; beyond it pages go back
    /// to the kernel (`MADV_DONTNEED`) so a big guest does not pin its peak.
    public let keepResidentBytes: Int
    /// Idle regions kept for reuse, at most.
    public let poolCapacity: Int
    private let idle = Mutex<[Int: [Region]]>([:])

    /// A mapped region; the address is only handed between threads, never shared.
    private struct Region: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
    }

    public init(keepResidentBytes: Int = 8 << 20, poolCapacity: Int = 32) {
        self.keepResidentBytes = keepResidentBytes
        self.poolCapacity = poolCapacity
    }

    public func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let capacity = Self.roundedToPages(max(byteCount, reservation, 1))
        if let region = idle.withLock({ $0[capacity]?.popLast() }) { return (region.base, capacity) }
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
        guard let base = mmap(nil, capacity, PROT_READ | PROT_WRITE, flags, -1, 0), base != MAP_FAILED else {
            return nil
        }
        return (base, capacity)
    }

    public func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) {
        let used = min(Self.roundedToPages(usedByteCount), capacity)
        let resident = min(used, keepResidentBytes)
        // SAFETY: the memory is gone; nobody else can see these bytes.
        base.initializeMemory(as: UInt8.self, repeating: 0, count: resident)
        if used > resident { madvise(base + resident, used - resident, MADV_DONTNEED) }
        let kept = idle.withLock { idle in
            guard idle.values.reduce(0, { $0 + $1.count }) < poolCapacity else { return false }
            idle[capacity, default: []].append(Region(base: base))
            return true
        }
        if !kept { munmap(base, capacity) }
    }

    private static let systemPageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private static func roundedToPages(_ byteCount: Int) -> Int {
        (byteCount + systemPageSize - 1) / systemPageSize * systemPageSize
    }
}
