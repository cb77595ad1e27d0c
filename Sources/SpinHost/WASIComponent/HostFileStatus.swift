#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host file's metadata as WASI 0.2's `descriptor-stat` and
/// `metadata-hash` need it.
///
/// wasmtime fills `status-change-timestamp` with the birth time
/// (`Metadata::created`, from `statx` on Linux; absent where the file
/// system keeps none). Swift's Glibc module does not declare `statx` (it is
/// behind `_GNU_SOURCE`), so on Linux this reports the status-change time
/// (`st_ctim`) instead, the time the WIT's name describes; on Darwin it is
/// the birth time, as in wasmtime.
struct HostFileStatus {
    /// Seconds (possibly negative) and nanoseconds since the epoch.
    typealias Time = (seconds: Int64, nanoseconds: UInt32)

    var device: UInt64
    var inode: UInt64
    var type: FileType
    var linkCount: UInt64
    var size: UInt64
    var accessTime: Time?
    var modificationTime: Time?
    var statusChangeTime: Time?

    /// The metadata of the open file `descriptor`.
    static func of(_ descriptor: Int32) throws(WASIErrno) -> HostFileStatus {
        var result = stat()
        try HostFileSystem.retrying { fstat(descriptor, &result) }
        return HostFileStatus(result)
    }

    /// The metadata of `name` in `directory`, not following a final symbolic link.
    static func of(_ name: [UInt8], in directory: Int32) throws(WASIErrno) -> HostFileStatus {
        let name = HostFileSystem.cName(name)
        var result = stat()
        try HostFileSystem.retrying { fstatat(directory, name, &result, AT_SYMLINK_NOFOLLOW) }
        return HostFileStatus(result)
    }

    private init(_ result: stat) {
        func time(_ stamp: timespec) -> Time { (Int64(stamp.tv_sec), UInt32(stamp.tv_nsec)) }
        #if canImport(Darwin)
        let (access, modification, change) = (result.st_atimespec, result.st_mtimespec, result.st_birthtimespec)
        #else
        let (access, modification, change) = (result.st_atim, result.st_mtim, result.st_ctim)
        #endif
        device = UInt64(truncatingIfNeeded: result.st_dev)
        inode = UInt64(truncatingIfNeeded: result.st_ino)
        type = HostFileSystem.fileType(mode: result.st_mode)
        linkCount = UInt64(result.st_nlink)
        size = UInt64(max(0, Int64(result.st_size)))
        accessTime = time(access)
        modificationTime = time(modification)
        statusChangeTime = time(change)
    }
}
