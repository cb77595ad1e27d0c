import Glibc
import Synchronization
public import WasmInterpreter

/// Linear memory for per-request instances: each memory reserves its whole
/// maximum as address space up front (`MAP_NORESERVE`: no RAM until touched),
/// so `memory.grow` never copies and fresh pages arrive zeroed from the kernel.
/// Finished memories are zeroed where they were written and kept for the
/// next instance, which then neither maps nor page-faults them again.
public final class MappedMemoryAllocator: LinearMemoryAllocator {
    /// Touched pages below this size are zeroed with memset on release, which
    /// costs less than faulting them in again; beyond it pages go back to the
    /// kernel (`MADV_DONTNEED`) so that a big guest does not pin its peak.
    public let keepResidentBytes: Int
    /// Idle regions kept for reuse, at most.
    public let poolCapacity: Int
    private let idle = Mutex<[Int: [Region]]>([:])
    /// Regions that hold a data image (`MappedMemoryAllocator+Images`): in
    /// use, by base address, and idle, by image and capacity.
    let imageRegions = Mutex<ImageRegions>(ImageRegions())

    /// A mapped region; the address is only handed between threads, never shared.
    struct Region: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
    }

    public init(keepResidentBytes: Int = 8 << 20, poolCapacity: Int = 32) {
        self.keepResidentBytes = keepResidentBytes
        self.poolCapacity = poolCapacity
    }

    public func allocate(byteCount: Int, reservation: Int,
                         image: (any PreparedMemoryImage)?) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let capacity = Self.roundedToPages(max(byteCount, reservation, 1))
        if let image = image as? ImageFile, let base = takeRegion(holding: image, capacity: capacity) {
            return (base, capacity)
        }
        return allocate(byteCount: byteCount, reservation: reservation)
    }

    public func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let capacity = Self.roundedToPages(max(byteCount, reservation, 1))
        if let region = idle.withLock({ $0[capacity]?.popLast() }) { return (region.base, capacity) }
        // One page more, in front, for the engine's header (`LinearMemory.headerSize`).
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
        guard let start = mmap(nil, Self.systemPageSize + capacity, PROT_READ | PROT_WRITE, flags, -1, 0),
              start != MAP_FAILED else {
            return nil
        }
        return (start + Self.systemPageSize, capacity)
    }

    /// Gives a region from `allocate` back to the kernel, with its header page.
    func unmap(_ base: UnsafeMutableRawPointer, capacity: Int) {
        munmap(base - Self.systemPageSize, Self.systemPageSize + capacity)
    }

    public func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) {
        let used = min(Self.roundedToPages(usedByteCount), capacity)
        if releaseRegion(holdingImage: base, capacity: capacity, usedByteCount: used) { return }
        reset(base, byteCount: used)
        let kept = idle.withLock { idle in
            guard idle.values.reduce(0, { $0 + $1.count }) + imageRegions.withLock({ $0.idleCount }) < poolCapacity else {
                return false
            }
            idle[capacity, default: []].append(Region(base: base))
            return true
        }
        if !kept { unmap(base, capacity: capacity) }
    }

    /// Makes the first `byteCount` bytes read as zero again. Only pages the
    /// kernel holds (`mincore`) can be non-zero: those are cleared with memset
    /// up to `keepResidentBytes`, so that a guest that touches a few pages of a
    /// large memory costs a few pages, and the rest is given back with
    /// `MADV_DONTNEED`, which also clears anything swapped out.
    func reset(_ base: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount > 0 else { return }
        let pageSize = Self.systemPageSize
        let pageCount = byteCount / pageSize
        var resident = [UInt8](repeating: 0, count: pageCount)
        guard mincore(base, byteCount, &resident) == 0 else {
            // SAFETY: the memory is gone; nobody else can see these bytes.
            base.initializeMemory(as: UInt8.self, repeating: 0, count: min(byteCount, keepResidentBytes))
            if byteCount > keepResidentBytes { madvise(base + keepResidentBytes, byteCount - keepResidentBytes, MADV_DONTNEED) }
            return
        }
        let residentPages = keepResidentBytes / pageSize
        var page = 0
        while page < pageCount {
            let isResident = resident[page] & 1 == 1
            var end = page + 1
            while end < pageCount, (resident[end] & 1 == 1) == isResident, end != residentPages { end += 1 }
            let start = base + page * pageSize
            let length = (end - page) * pageSize
            if isResident && page < residentPages {
                // SAFETY: inside the region, which no instance uses any more.
                start.initializeMemory(as: UInt8.self, repeating: 0, count: length)
            } else if isResident || Self.swapIsConfigured {
                // A page `mincore` calls absent may be in swap: only without
                // swap is it certainly zero. Skipping the call spares a TLB
                // flush on every core (7% of a small component's request).
                madvise(start, length, MADV_DONTNEED)
            }
            page = end
        }
    }

    static let systemPageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Whether the machine has swap space (`/proc/swaps` lists a device or
    /// file); unknown counts as yes.
    static let swapIsConfigured: Bool = {
        guard let file = fopen("/proc/swaps", "r") else { return true }
        defer { fclose(file) }
        var lines = 0
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, Int32(buffer.count), file) != nil { lines += 1 }
        return lines > 1  // a header line, then one line per swap area
    }()

    static func roundedToPages(_ byteCount: Int) -> Int {
        (byteCount + systemPageSize - 1) / systemPageSize * systemPageSize
    }
}
