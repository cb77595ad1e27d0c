#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the host's `*at` system calls: C strings from byte
/// arrays, `EINTR` retried, failures as `WASIErrno`. Names passed here are
/// single path components that `PathResolution` has already vetted.
enum HostFileSystem {
    /// Removes a file (never a directory), for both WASI versions: "name/"
    /// or a directory is `isdir`, since some hosts say EPERM for one.
    static func unlinkFile(_ target: ResolvedPath) throws(WASIErrno) {
        if target.mustBeDirectory {
            let type = try attributes(at: target.parent, target.name).type
            throw type == .directory ? .isdir : .notdir
        }
        let name = cName(target.name)
        do throws(WASIErrno) {
            try retrying { unlinkat(target.parent, name, 0) }
        } catch {
            if error == .perm, (try? attributes(at: target.parent, target.name))?.type == .directory {
                throw .isdir
            }
            throw error
        }
    }

    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// Runs a system call until it is not interrupted; a negative result
    /// becomes the current `errno`.
    @discardableResult
    static func retrying<T: BinaryInteger>(_ call: () -> T) throws(WASIErrno) -> T {
        while true {
            let result = call()
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw WASIErrno.lastHostError
        }
    }

    /// `name` as a NUL-terminated C string; Swift passes a `[CChar]` to a C
    /// `const char *` parameter without any unsafe code here.
    static func cName(_ name: [UInt8]) -> [CChar] {
        name.map { CChar(bitPattern: $0) } + [0]
    }

    static func openAt(_ directory: Int32, _ name: [UInt8], flags: Int32, mode: mode_t = 0o666) throws(WASIErrno) -> Int32 {
        let name = cName(name)
        return try retrying { openat(directory, name, flags | O_CLOEXEC, mode) }
    }

    static func attributes(of descriptor: Int32) throws(WASIErrno) -> FileAttributes {
        var status = stat()
        try retrying { fstat(descriptor, &status) }
        return FileAttributes(status)
    }

    /// `fstatat` without following a final symbolic link: following is
    /// `PathResolution`'s job.
    static func attributes(at directory: Int32, _ name: [UInt8]) throws(WASIErrno) -> FileAttributes {
        let name = cName(name)
        var status = stat()
        try retrying { fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) }
        return FileAttributes(status)
    }

    /// The target of the symbolic link `name`, as stored.
    static func readLink(at directory: Int32, _ name: [UInt8]) throws(WASIErrno) -> [UInt8] {
        let name = cName(name)
        var capacity = 256
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let count = try retrying { readlinkat(directory, name, &buffer, capacity) }
            if count < capacity { return buffer.prefix(count).map { UInt8(bitPattern: $0) } }
            guard capacity < 1 << 20 else { throw .nametoolong }
            capacity *= 4
        }
    }

    /// Every entry of the directory `descriptor`, "." and ".." included, in
    /// the host's order.
    static func readDirectory(_ descriptor: Int32) throws(WASIErrno) -> [DirectoryEntry] {
        let copy = try retrying { dup(descriptor) }
        guard let stream = fdopendir(copy) else {
            let error = WASIErrno.lastHostError
            close(copy)
            throw error
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let record = readdir(stream) else {
                if errno != 0 { throw WASIErrno.lastHostError }
                return entries
            }
            // SAFETY: `record` points into `stream`'s buffer, valid until the
            // next `readdir` or `closedir`; it is read only in this iteration,
            // and `d_name` is NUL-terminated within its fixed-size array.
            var name = withUnsafeBytes(of: record.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name.isEmpty { name = [UInt8(ascii: ".")] }
            var type = fileType(directoryEntryType: record.pointee.d_type)
            if type == .unknown, let attributes = try? attributes(at: descriptor, name) {
                type = attributes.type
            }
            entries.append(DirectoryEntry(name: name, inode: UInt64(record.pointee.d_ino), type: type))
        }
    }

    static func fileType(mode: mode_t) -> FileType {
        switch mode & S_IFMT {
        case S_IFREG: .regularFile
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socketStream
        default: .unknown
        }
    }

    static func fileType(directoryEntryType type: UInt8) -> FileType {
        switch Int32(type) {
        case Int32(DT_REG): .regularFile
        case Int32(DT_DIR): .directory
        case Int32(DT_LNK): .symbolicLink
        case Int32(DT_CHR): .characterDevice
        case Int32(DT_BLK): .blockDevice
        case Int32(DT_SOCK): .socketStream
        default: .unknown
        }
    }

    /// The `timespec` for one timestamp of `utimensat`/`futimens`: the given
    /// time, now, or left alone.
    static func timeSpec(_ time: UInt64, set: Bool, now: Bool) -> timespec {
        if now { return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeNow) }
        if !set { return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeOmit) }
        return timespec(tv_sec: Int(time / 1_000_000_000), tv_nsec: Int(time % 1_000_000_000))
    }
}

/// A host `stat` in the terms of the witx's `$filestat`.
struct FileAttributes {
    var device: UInt64
    var inode: UInt64
    var type: FileType
    var linkCount: UInt64
    var size: UInt64
    var accessTime: UInt64
    var modificationTime: UInt64
    var statusChangeTime: UInt64

    init(_ status: stat) {
        device = UInt64(truncatingIfNeeded: status.st_dev)
        inode = UInt64(truncatingIfNeeded: status.st_ino)
        type = HostFileSystem.fileType(mode: status.st_mode)
        linkCount = UInt64(truncatingIfNeeded: status.st_nlink)
        size = UInt64(max(0, Int64(status.st_size)))
        #if canImport(Darwin)
        accessTime = Self.nanoseconds(status.st_atimespec)
        modificationTime = Self.nanoseconds(status.st_mtimespec)
        statusChangeTime = Self.nanoseconds(status.st_ctimespec)
        #else
        accessTime = Self.nanoseconds(status.st_atim)
        modificationTime = Self.nanoseconds(status.st_mtim)
        statusChangeTime = Self.nanoseconds(status.st_ctim)
        #endif
    }

    init(type: FileType) {
        device = 0
        inode = 0
        self.type = type
        linkCount = 0
        size = 0
        accessTime = 0
        modificationTime = 0
        statusChangeTime = 0
    }

    /// Nanoseconds since the epoch; times before 1970 become 0, as `$timestamp` is unsigned.
    static func nanoseconds(_ time: timespec) -> UInt64 {
        guard time.tv_sec >= 0 else { return 0 }
        let (seconds, overflow) = UInt64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : seconds &+ UInt64(max(0, time.tv_nsec))
    }

    /// Stores the `$filestat` record at `address`.
    func write(to memory: WASIMemory, at address: Int) throws(WASIErrno) {
        try memory.check(address, count: FilestatLayout.size)
        try memory.fill(0, count: FilestatLayout.size, at: address)
        try memory.store(device, at: address + FilestatLayout.device)
        try memory.store(inode, at: address + FilestatLayout.inode)
        try memory.store(type.rawValue, at: address + FilestatLayout.filetype)
        try memory.store(linkCount, at: address + FilestatLayout.linkCount)
        try memory.store(size, at: address + FilestatLayout.fileSize)
        try memory.store(accessTime, at: address + FilestatLayout.accessTime)
        try memory.store(modificationTime, at: address + FilestatLayout.modificationTime)
        try memory.store(statusChangeTime, at: address + FilestatLayout.statusChangeTime)
    }
}

/// Constants the Swift overlay of the C library does not import.
enum HostConstants {
    #if os(Linux)
    /// `UTIME_NOW` and `UTIME_OMIT` of <sys/stat.h> (Linux, every architecture).
    static let utimeNow = (1 << 30) - 1
    static let utimeOmit = (1 << 30) - 2
    /// `O_PATH` of <fcntl.h>: 010000000 on x86-64, arm64 and the other
    /// architectures Swift supports on Linux.
    static let openPath: Int32 = 0o10000000
    #else
    static let utimeNow = Int(UTIME_NOW)
    static let utimeOmit = Int(UTIME_OMIT)
    #endif
}
