#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// The `path_*` functions other than `path_open`. Every path is resolved by
/// `PathResolution` beneath its directory descriptor; changes below a
/// read-only preopen fail with `errno::perm` before anything else is checked.
extension WASIPreview1 {
    static var pathFunctions: [(String, HostFunction)] {
        [
            pathOpenFunction,
            function("path_create_directory", [.i32, .i32, .i32]) { call throws(WASIErrno) in
                let target = try resolve(call, directory: 0, path: 1, mutating: .pathCreateDirectory)
                let name = HostFileSystem.cName(target.name)
                try HostFileSystem.retrying { mkdirat(target.parent, name, 0o777) }
            },
            function("path_filestat_get", [.i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let target = try resolve(call, directory: 0, path: 2, requiring: .pathFilestatGet,
                                         follow: lookupFlags(call.u32(1)))
                let attributes = try HostFileSystem.attributes(at: target.parent, target.name)
                if target.mustBeDirectory && attributes.type != .directory { throw .notdir }
                try attributes.write(to: call.memory, at: call.pointer(4))
            },
            function("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32]) { call throws(WASIErrno) in
                var times = try timeSpecs(call.u64(4), call.u64(5), flags: call.u32(6))
                let target = try resolve(call, directory: 0, path: 2, mutating: .pathFilestatSetTimes,
                                         follow: lookupFlags(call.u32(1)))
                let name = HostFileSystem.cName(target.name)
                try HostFileSystem.retrying { utimensat(target.parent, name, &times, AT_SYMLINK_NOFOLLOW) }
            },
            function("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                // Both ends must be writable: a hard link out of a read-only
                // preopen into a writable one would make its files writable.
                let source = try resolve(call, directory: 0, path: 2, mutating: .pathLinkSource,
                                         follow: lookupFlags(call.u32(1)))
                let destination = try resolve(call, directory: 4, path: 5, mutating: .pathLinkTarget)
                let sourceName = HostFileSystem.cName(source.name)
                let destinationName = HostFileSystem.cName(destination.name)
                try HostFileSystem.retrying { linkat(source.parent, sourceName, destination.parent, destinationName, 0) }
            },
            function("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let target = try resolve(call, directory: 0, path: 1, requiring: .pathReadlink)
                let buffer = call.pointer(3)
                let capacity = Int(call.u32(4))
                try call.memory.check(buffer, count: capacity)
                try call.memory.check(call.pointer(5), count: 4)
                // The witx lets a too-small buffer receive a truncated target.
                let contents = try HostFileSystem.readLink(at: target.parent, target.name).prefix(capacity)
                try call.memory.write(contents, at: buffer)
                try call.storeSize(contents.count, at: call.pointer(5))
            },
            function("path_remove_directory", [.i32, .i32, .i32]) { call throws(WASIErrno) in
                let target = try resolve(call, directory: 0, path: 1, mutating: .pathRemoveDirectory)
                let name = HostFileSystem.cName(target.name)
                do throws(WASIErrno) {
                    try HostFileSystem.retrying { unlinkat(target.parent, name, AT_REMOVEDIR) }
                } catch .exist {
                    throw .notempty  // POSIX allows EEXIST for a non-empty directory; the witx says notempty.
                }
            },
            function("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let source = try resolve(call, directory: 0, path: 1, mutating: .pathRenameSource)
                let destination = try resolve(call, directory: 3, path: 4, mutating: .pathRenameTarget)
                let sourceName = HostFileSystem.cName(source.name)
                let destinationName = HostFileSystem.cName(destination.name)
                try HostFileSystem.retrying { renameat(source.parent, sourceName, destination.parent, destinationName) }
            },
            function("path_symlink", [.i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let contents = try call.string(at: call.pointer(0), length: call.u32(1))
                guard !contents.contains(0) else { throw .inval }
                guard !contents.isEmpty else { throw .noent }
                // An absolute target could never be followed inside the
                // sandbox, and other host programs would follow it outside:
                // refuse it as the escape it is.
                guard contents.first != PathResolution.slash else { throw .perm }
                let target = try resolve(call, directory: 2, path: 3, mutating: .pathSymlink)
                let name = HostFileSystem.cName(target.name)
                let targetContents = HostFileSystem.cName(contents)
                try HostFileSystem.retrying { symlinkat(targetContents, target.parent, name) }
            },
            function("path_unlink_file", [.i32, .i32, .i32]) { call throws(WASIErrno) in
                try HostFileSystem.unlinkFile(try resolve(call, directory: 0, path: 1, mutating: .pathUnlinkFile))
            },
        ]
    }

    static func lookupFlags(_ raw: UInt32) throws(WASIErrno) -> Bool {
        guard raw <= LookupFlags.symlinkFollow.rawValue else { throw .inval }
        return LookupFlags(rawValue: raw).contains(.symlinkFollow)
    }

    /// Resolves the path at arguments `path` (pointer) and `path + 1`
    /// (length) beneath the directory descriptor at argument `directory`.
    static func resolve(
        _ call: WASICall, directory: Int, path: Int, requiring right: Rights, follow: Bool = false
    ) throws(WASIErrno) -> ResolvedPath {
        let entry = try call.entry(directory)
        let descriptor = try entry.directoryDescriptor(requiring: right)
        let bytes = try call.string(at: call.pointer(path), length: call.u32(path + 1))
        return try PathResolution.resolve(bytes, in: descriptor, followFinalSymlink: follow)
    }

    /// `resolve` for an operation that changes the directory: refused with
    /// `perm` below a read-only preopen (see `FileDescriptorEntry.requireWritable`).
    static func resolve(
        _ call: WASICall, directory: Int, path: Int, mutating right: Rights, follow: Bool = false
    ) throws(WASIErrno) -> ResolvedPath {
        let entry = try call.entry(directory)
        guard entry.kind == .directory else { throw .notdir }
        try entry.requireWritable()
        return try resolve(call, directory: directory, path: path, requiring: right, follow: follow)
    }
}
