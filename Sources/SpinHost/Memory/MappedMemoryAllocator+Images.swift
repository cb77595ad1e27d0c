import Glibc
import Synchronization
public import WasmInterpreter

/// Data images mapped copy-on-write: a module's merged data segments are
/// written once into a shared-memory file, and each new memory maps that file
/// privately over the image's pages. Instantiation then costs one `mmap`
/// instead of copying the image (13 MB for a componentize-py component),
/// and an instance pays only for the pages it writes (RATIONALE.md,
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
        let flags = MAP_PRIVATE | MAP_FIXED
        guard let mapped = mmap(base + image.range.lowerBound, image.range.count, PROT_READ | PROT_WRITE,
                                flags, image.descriptor, 0), mapped != MAP_FAILED else { return nil }
        return image.range
    }

    public func unmapImage(_ range: Range<Int>, in base: UnsafeMutableRawPointer) {
        // Fresh anonymous pages in place of the file's: zero, as the pool expects.
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED
        _ = mmap(base + range.lowerBound, range.count, PROT_READ | PROT_WRITE, flags, -1, 0)
    }
}

/// A shared-memory file holding an image from the system page at or below
/// its first byte, zero-padded to whole pages; unlinked at once, so it lives
/// only as long as its descriptor.
final class ImageFile: PreparedMemoryImage {
    let descriptor: Int32
    /// The memory addresses the file covers, page-aligned.
    let range: Range<Int>

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
    }

    deinit { close(descriptor) }

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
