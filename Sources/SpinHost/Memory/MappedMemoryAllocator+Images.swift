import Glibc
import Synchronization
public import WasmInterpreter

/// Data images mapped copy-on-write: a module's merged data segments are
/// written once into a shared-memory file, and a new memory maps that file
/// privately over the image's pages. Instantiation then costs one `mmap`
/// instead of copying the image (13 MB for a componentize-py component),
/// and an instance pays only for the pages it writes.
///
/// A region that held an image keeps it: when its memory is released, the
/// pages the instance wrote (those the kernel has copied, as
/// `/proc/self/pagemap` tells) are written back from the image, the rest of
/// the region is zeroed as usual, and the region waits for the next memory
/// of the same image. That instance finds the pages its predecessors wrote
/// already private, so it neither maps nor faults them (RATIONALE.md,
/// "Per-instance memory: copy-on-write images").
extension MappedMemoryAllocator {
    /// Smaller images are copied: a copy of a few pages costs less than the
    /// `mmap`, the `munmap` and the page faults of a mapping.
    public static let minimumMappedImageBytes = 256 << 10

    public func prepareImage(_ bytes: UnsafeRawBufferPointer, at address: Int) -> (any PreparedMemoryImage)? {
        guard bytes.count >= Self.minimumMappedImageBytes, Self.systemPageSize <= LinearMemory.pageSize else {
            return nil
        }
        return ImageFile(bytes, at: address)
    }

    public func mapImage(_ image: any PreparedMemoryImage, into base: UnsafeMutableRawPointer,
                         capacity: Int) -> Range<Int>? {
        guard let image = image as? ImageFile, image.range.upperBound <= capacity else { return nil }
        let held = imageRegions.withLock { $0.inUse[Int(bitPattern: base)] }
        if held === image { return image.range }  // a region that kept it
        let flags = MAP_PRIVATE | MAP_FIXED
        guard let mapped = mmap(base + image.range.lowerBound, image.range.count, PROT_READ | PROT_WRITE,
                                flags, image.descriptor, 0), mapped != MAP_FAILED else { return nil }
        // Without the page map the written pages cannot be found: the region
        // is then cleared on release instead of kept.
        if PageMap.shared != nil, image.source != nil {
            imageRegions.withLock { $0.inUse[Int(bitPattern: base)] = image }
        }
        return image.range
    }

    public func unmapImage(_ range: Range<Int>, in base: UnsafeMutableRawPointer) {
        // A kept region is restored when it is released (`deallocate`).
        if imageRegions.withLock({ $0.inUse[Int(bitPattern: base)] }) != nil { return }
        Self.remapZeroed(base + range.lowerBound, range.count)
    }

    /// Fresh anonymous pages in place of the file's: zero, as the pool expects.
    static func remapZeroed(_ start: UnsafeMutableRawPointer, _ count: Int) {
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED
        _ = mmap(start, count, PROT_READ | PROT_WRITE, flags, -1, 0)
    }

    /// An idle region that holds `image`, if one waits.
    func takeRegion(holding image: ImageFile, capacity: Int) -> UnsafeMutableRawPointer? {
        imageRegions.withLock { regions in
            let key = ImageRegions.Key(image: ObjectIdentifier(image), capacity: capacity)
            guard let region = regions.idle[key]?.popLast() else { return nil }
            regions.inUse[Int(bitPattern: region.base)] = image
            return region.base
        }
    }

    /// Releases a region that holds an image: the image's pages the
    /// instance wrote are restored from the image, the rest is zeroed, and
    /// the region waits for the image's next memory (or is unmapped when the
    /// pool is full). False when the region holds no image.
    func releaseRegion(holdingImage base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) -> Bool {
        guard let image = imageRegions.withLock({ $0.inUse.removeValue(forKey: Int(bitPattern: base)) }) else {
            return false
        }
        let range = image.range
        guard let source = image.source, let pageMap = PageMap.shared,
              pageMap.restoreWrittenPages(base + range.lowerBound, range.count, from: source) else {
            // Cannot tell what was written: give the image's pages back as zeros.
            Self.remapZeroed(base + range.lowerBound, range.count)
            reset(base, byteCount: usedByteCount)
            munmapOrPool(base, capacity: capacity, image: nil)
            return true
        }
        reset(base, byteCount: min(usedByteCount, range.lowerBound))
        if usedByteCount > range.upperBound {
            reset(base + range.upperBound, byteCount: usedByteCount - range.upperBound)
        }
        munmapOrPool(base, capacity: capacity, image: image)
        return true
    }

    private func munmapOrPool(_ base: UnsafeMutableRawPointer, capacity: Int, image: ImageFile?) {
        guard let image else {
            deallocate(base: base, capacity: capacity, usedByteCount: 0)
            return
        }
        let kept = imageRegions.withLock { regions in
            guard regions.idleCount < poolCapacity else { return false }
            regions.idle[ImageRegions.Key(image: ObjectIdentifier(image), capacity: capacity), default: []]
                .append(Region(base: base))
            return true
        }
        if !kept { unmap(base, capacity: capacity) }
    }
}

/// Regions holding data images: in use by base address (with their image),
/// and idle by image and capacity.
struct ImageRegions: @unchecked Sendable {
    struct Key: Hashable {
        let image: ObjectIdentifier
        let capacity: Int
    }

    var inUse: [Int: ImageFile] = [:]
    var idle: [Key: [MappedMemoryAllocator.Region]] = [:]
    var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }
}

/// `/proc/self/pagemap`: for each page of our address space, whether it is
/// present and whether it is still the file's page or a private copy.
final class PageMap: Sendable {
    static let shared: PageMap? = PageMap()

    private let descriptor: Int32

    private init?() {
        descriptor = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
    }

    /// Copies `source` over each page of `start..<start+count` that the
    /// process has written (present and anonymous, or swapped out): a
    /// private copy of a file page. False when the page map cannot be read.
    func restoreWrittenPages(_ start: UnsafeMutableRawPointer, _ count: Int, from source: UnsafeRawPointer) -> Bool {
        let pageSize = MappedMemoryAllocator.systemPageSize
        let pages = count / pageSize
        var entries = [UInt64](repeating: 0, count: pages)
        let offset = off_t(Int(bitPattern: start) / pageSize * 8)
        let wanted = pages * 8
        let read = entries.withUnsafeMutableBytes { buffer in pread(descriptor, buffer.baseAddress, wanted, offset) }
        guard read == wanted else { return false }
        let present: UInt64 = 1 << 63, swapped: UInt64 = 1 << 62, filePage: UInt64 = 1 << 61
        var page = 0
        while page < pages {
            let entry = entries[page]
            let written = entry & swapped != 0 || (entry & present != 0 && entry & filePage == 0)
            guard written else {
                page += 1
                continue
            }
            var end = page + 1
            while end < pages {
                let next = entries[end]
                guard next & swapped != 0 || (next & present != 0 && next & filePage == 0) else { break }
                end += 1
            }
            // SAFETY: inside the region, which no instance uses any more.
            (start + page * pageSize).copyMemory(from: source + page * pageSize, byteCount: (end - page) * pageSize)
            page = end
        }
        return true
    }
}

/// A shared-memory file holding an image from the system page at or below
/// its first byte, zero-padded to whole pages; unlinked at once, so it lives
/// only as long as its descriptor.
final class ImageFile: PreparedMemoryImage, @unchecked Sendable {
    // @unchecked: `source` is a read-only mapping, never written.
    let descriptor: Int32
    /// The memory addresses the file covers, page-aligned.
    let range: Range<Int>
    /// The file mapped read-only, to restore written pages from.
    let source: UnsafeRawPointer?

    private static let nextNumber = Atomic<Int>(0)

    init?(_ bytes: UnsafeRawBufferPointer, at address: Int) {
        let pageSize = MappedMemoryAllocator.systemPageSize
        let start = address / pageSize * pageSize
        let end = MappedMemoryAllocator.roundedToPages(address + bytes.count)
        let number = Self.nextNumber.add(1, ordering: .relaxed).newValue
        let name = "/spin-image-\(getpid())-\(number)"
        let descriptor = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return nil }
        shm_unlink(name)
        // Written in full now: a file short of space (a small /dev/shm) fails
        // here, where the engine can still copy, not at a page fault later.
        guard ftruncate(descriptor, off_t(end - start)) == 0,
              Self.write(bytes, to: descriptor, at: address - start) else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        range = start..<end
        let mapped = mmap(nil, end - start, PROT_READ, MAP_SHARED, descriptor, 0)
        source = mapped == MAP_FAILED ? nil : mapped.map { UnsafeRawPointer($0) }
    }

    deinit {
        if let source { munmap(UnsafeMutableRawPointer(mutating: source), range.count) }
        close(descriptor)
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}
