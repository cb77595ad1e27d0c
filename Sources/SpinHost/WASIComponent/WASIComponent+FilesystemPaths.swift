#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import WasmInterpreter

/// The `*-at` methods of `wasi:filesystem/types.descriptor`: every path is
/// resolved by `PathResolution` beneath the directory, the sandbox preview 1
/// uses (an escape is `not-permitted`), and changes below a read-only
/// preopen are `not-permitted` before the path is looked at, as in wasmtime.
/// Each is defined for a `FilesystemDialect`: WASI 0.2 and 0.3 share them.
extension WASIComponent {
    static func defineFilesystemPaths(in linker: inout ComponentLinker, _ dialect: FilesystemDialect) {
        let pathFlags = WASIComponentTypes.pathFlags
        let newTimestamp = dialect.newTimestamp
        defineDescriptorMethod(&linker, dialect, "create-directory-at", [("path", .string)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let path = try arguments.string(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                try descriptor.requireWritable()
                try mapErrno { () throws(WASIErrno) in
                    let target = try PathResolution.resolve(Array(path.utf8), in: directory, followFinalSymlink: false)
                    let name = HostFileSystem.cName(target.name)
                    try HostFileSystem.retrying { mkdirat(target.parent, name, 0o777) }
                }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "stat-at", [("path-flags", pathFlags), ("path", .string)],
                               ok: dialect.descriptorStat) { _, arguments, descriptor throws(Trap) in
            let (follow, path) = (try arguments.flags(1).contains(0), try arguments.string(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                dialect.stat(try status(descriptor, path, follow: follow))
            }
        }
        defineDescriptorMethod(&linker, dialect, "set-times-at",
                               [("path-flags", pathFlags), ("path", .string),
                                ("data-access-timestamp", newTimestamp), ("data-modification-timestamp", newTimestamp)],
                               ok: nil) { _, arguments, descriptor throws(Trap) in
            let (follow, path) = (try arguments.flags(1).contains(0), try arguments.string(2))
            let (access, modification) = (try arguments.variant(3), try arguments.variant(4))
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                try descriptor.requireWritable()
                var times = [try timeSpec(access), try timeSpec(modification)]
                try mapErrno { () throws(WASIErrno) in
                    let target = try PathResolution.resolve(Array(path.utf8), in: directory, followFinalSymlink: follow)
                    let name = HostFileSystem.cName(target.name)
                    try HostFileSystem.retrying { utimensat(target.parent, name, &times, AT_SYMLINK_NOFOLLOW) }
                }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "link-at",
                               [("old-path-flags", pathFlags), ("old-path", .string),
                                ("new-descriptor", .borrow(dialect.descriptor)), ("new-path", .string)], ok: nil) {
            call, arguments, descriptor throws(Trap) in
            let (follow, oldPath) = (try arguments.flags(1).contains(0), try arguments.string(2))
            let newDescriptor = try arguments.resource(call, 3, "descriptor", as: DescriptorResource.self)
            let newPath = try arguments.string(4)
            return dialect.result { () throws(FilesystemErrorCode) in
                let (source, destination) = try twoDirectories(descriptor, newDescriptor)
                // Following a link to link its target is not supported by wasmtime.
                guard !follow else { throw .invalid }
                try mapErrno { () throws(WASIErrno) in
                    let old = try PathResolution.resolve(Array(oldPath.utf8), in: source, followFinalSymlink: false)
                    let new = try PathResolution.resolve(Array(newPath.utf8), in: destination, followFinalSymlink: false)
                    let (oldName, newName) = (HostFileSystem.cName(old.name), HostFileSystem.cName(new.name))
                    try HostFileSystem.retrying { linkat(old.parent, oldName, new.parent, newName, 0) }
                }
                return nil
            }
        }
        defineOpenAt(in: &linker, dialect)
        defineDescriptorMethod(&linker, dialect, "readlink-at", [("path", .string)], ok: .string) {
            _, arguments, descriptor throws(Trap) in
            let path = try arguments.string(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                let contents = try mapErrno { () throws(WASIErrno) in
                    let target = try PathResolution.resolve(Array(path.utf8), in: directory, followFinalSymlink: false)
                    return try HostFileSystem.readLink(at: target.parent, target.name)
                }
                // cap-std refuses to reveal an absolute target (it names a host
                // path outside the sandbox): wasmtime's `escape_attempt`.
                guard contents.first != PathResolution.slash else { throw .notPermitted }
                guard let text = String(validating: contents, as: UTF8.self) else { throw .illegalByteSequence }
                return .string(text)
            }
        }
        defineDescriptorMethod(&linker, dialect, "remove-directory-at", [("path", .string)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let path = try arguments.string(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                try descriptor.requireWritable()
                try mapErrno { () throws(WASIErrno) in
                    let target = try PathResolution.resolve(Array(path.utf8), in: directory, followFinalSymlink: false)
                    let name = HostFileSystem.cName(target.name)
                    try HostFileSystem.retrying { unlinkat(target.parent, name, AT_REMOVEDIR) }
                }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "rename-at",
                               [("old-path", .string), ("new-descriptor", .borrow(dialect.descriptor)), ("new-path", .string)],
                               ok: nil) { call, arguments, descriptor throws(Trap) in
            let oldPath = try arguments.string(1)
            let newDescriptor = try arguments.resource(call, 2, "descriptor", as: DescriptorResource.self)
            let newPath = try arguments.string(3)
            return dialect.result { () throws(FilesystemErrorCode) in
                let (source, destination) = try twoDirectories(descriptor, newDescriptor)
                try mapErrno { () throws(WASIErrno) in
                    let old = try PathResolution.resolve(Array(oldPath.utf8), in: source, followFinalSymlink: false)
                    let new = try PathResolution.resolve(Array(newPath.utf8), in: destination, followFinalSymlink: false)
                    let (oldName, newName) = (HostFileSystem.cName(old.name), HostFileSystem.cName(new.name))
                    try HostFileSystem.retrying { renameat(old.parent, oldName, new.parent, newName) }
                }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "symlink-at", [("old-path", .string), ("new-path", .string)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let (contents, newPath) = (Array(try arguments.string(1).utf8), try arguments.string(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                try descriptor.requireWritable()
                try mapErrno { () throws(WASIErrno) in
                    // An absolute target could never be followed inside the
                    // sandbox; cap-std refuses it before anything else.
                    guard contents.first != PathResolution.slash else { throw .perm }
                    guard !contents.contains(0) else { throw .inval }
                    guard !contents.isEmpty else { throw .noent }
                    let target = try PathResolution.resolve(Array(newPath.utf8), in: directory, followFinalSymlink: false)
                    let (name, targetContents) = (HostFileSystem.cName(target.name), HostFileSystem.cName(contents))
                    try HostFileSystem.retrying { symlinkat(targetContents, target.parent, name) }
                }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "unlink-file-at", [("path", .string)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let path = try arguments.string(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                try descriptor.requireWritable()
                try mapErrno { () throws(WASIErrno) in try unlinkFile(Array(path.utf8), in: directory) }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "metadata-hash-at", [("path-flags", pathFlags), ("path", .string)],
                               ok: WASIComponentTypes.metadataHashValue) { _, arguments, descriptor throws(Trap) in
            let (follow, path) = (try arguments.flags(1).contains(0), try arguments.string(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                try status(descriptor, path, follow: follow).metadataHash
            }
        }
    }

    /// The metadata of `path` below the directory `descriptor`.
    private static func status(_ descriptor: DescriptorResource, _ path: String, follow: Bool)
        throws(FilesystemErrorCode) -> HostFileStatus {
        let directory = try descriptor.directory()
        return try mapErrno { () throws(WASIErrno) in
            let target = try PathResolution.resolve(Array(path.utf8), in: directory, followFinalSymlink: follow)
            let status = try HostFileStatus.of(target.name, in: target.parent)
            if target.mustBeDirectory && status.type != .directory { throw .notdir }
            return status
        }
    }

    /// The two directories of `link-at` and `rename-at`, both writable and
    /// below preopens of the same permissions (a link from a read-only
    /// preopen into a writable one would make its files writable).
    private static func twoDirectories(_ source: DescriptorResource, _ destination: DescriptorResource)
        throws(FilesystemErrorCode) -> (Int32, Int32) {
        let directories = (try source.directory(), try destination.directory())
        try source.requireWritable()
        try destination.requireWritable()
        guard source.isReadOnly == destination.isReadOnly else { throw .notPermitted }
        return directories
    }

    /// `unlink-file-at`, with preview 1's answers for directories.
    private static func unlinkFile(_ path: [UInt8], in directory: Int32) throws(WASIErrno) {
        try HostFileSystem.unlinkFile(try PathResolution.resolve(path, in: directory, followFinalSymlink: false))
    }
}
