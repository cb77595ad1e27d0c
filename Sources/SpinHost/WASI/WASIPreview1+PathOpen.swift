#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// `path_open`.
///
/// The host access mode follows the requested rights as in wasmtime: any of
/// `fd_read`/`fd_readdir` asks for reading, any of `fd_write`,
/// `fd_datasync`, `fd_allocate` or `fd_filestat_set_size` (or `creat` /
/// `trunc`) for writing. The new descriptor's rights are the requested ones
/// that the directory may pass on (its inheriting rights), less those that
/// do not apply to the type of file opened.
extension WASIPreview1 {
    static var pathOpenFunction: (String, HostFunction) {
        function("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32]) { call throws(WASIErrno) in
            let directory = try call.entry(0)
            guard directory.kind == .directory else { throw .notdir }
            try directory.require(.pathOpen)
            let follow = try lookupFlags(call.u32(1))
            guard call.u32(4) <= 0xF, call.u32(7) <= FDFlags.all.rawValue else { throw .inval }
            let openFlags = OpenFlags(rawValue: UInt16(call.u32(4)))
            let descriptorFlags = FDFlags(rawValue: UInt16(call.u32(7)))
            let requested = Rights(rawValue: call.u64(5)).intersection(.all)
            let requestedInheriting = Rights(rawValue: call.u64(6)).intersection(.all)
            let result = call.pointer(8)
            try call.memory.check(result, count: 4)

            if openFlags.contains(.directory), !openFlags.isDisjoint(with: [.creat, .excl, .trunc]) { throw .inval }
            let reads = !requested.isDisjoint(with: [.fdRead, .fdReaddir])
            // A directory is never opened for writing, whatever rights come
            // with the request: those rights do not apply to it.
            var writes = !openFlags.contains(.directory)
                && (!requested.isDisjoint(with: [.fdWrite, .fdDatasync, .fdAllocate, .fdFilestatSetSize])
                    || !openFlags.isDisjoint(with: [.creat, .trunc]))
            if directory.isReadOnly {
                // Below a read-only preopen only what changes something is
                // refused. Runtimes ask for more rights than they use (Go's
                // O_RDONLY asks for fd_filestat_set_size, others for every
                // right): an open that reads is served read-only, and the
                // write rights it asked for are simply not granted.
                let changes = !openFlags.isDisjoint(with: [.creat, .trunc, .excl])
                    || descriptorFlags.contains(.append) || (writes && !reads)
                if changes { try directory.requireWritable() }
                writes = false
            }
            if openFlags.contains(.creat) { try directory.require(.pathCreateFile) }
            if openFlags.contains(.trunc) { try directory.require(.pathFilestatSetSize) }

            let path = try call.string(at: call.pointer(2), length: call.u32(3))
            let target = try PathResolution.resolve(path, in: directory.hostDescriptor, followFinalSymlink: follow)
            var hostFlags = O_NOFOLLOW
            hostFlags |= writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY
            if openFlags.contains(.creat) { hostFlags |= O_CREAT }
            if openFlags.contains(.excl) { hostFlags |= O_EXCL }
            if openFlags.contains(.trunc) { hostFlags |= O_TRUNC }
            if openFlags.contains(.directory) || target.mustBeDirectory { hostFlags |= O_DIRECTORY }
            if descriptorFlags.contains(.append) { hostFlags |= O_APPEND }
            // Always non-blocking while opening, so a FIFO without a writer
            // cannot hang the host thread in `open`; cleared below unless asked for.
            hostFlags |= O_NONBLOCK
            if descriptorFlags.contains(.dsync) { hostFlags |= O_DSYNC }
            if descriptorFlags.contains(.sync) || descriptorFlags.contains(.rsync) { hostFlags |= O_SYNC }

            let opened = try HostFileSystem.openAt(target.parent, target.name, flags: hostFlags)
            let type: FileType
            do throws(WASIErrno) {
                type = try HostFileSystem.attributes(of: opened).type
                if !descriptorFlags.contains(.nonblock) {
                    try HostFileSystem.retrying { fcntl(opened, F_SETFL, hostFlags & ~O_NONBLOCK) }
                }
            } catch {
                HostFileSystem.close(opened)
                throw error
            }
            var rights = requested.intersection(directory.inheritingRights)
            var inheriting = requestedInheriting.intersection(directory.inheritingRights)
            if type == .directory {
                rights.subtract(Rights.fileOnly)
            } else {
                rights.subtract(Rights.directoryBase.subtracting([.fdFilestatGet, .fdFilestatSetTimes]))
                inheriting = []
            }
            let entry = FileDescriptorEntry(
                kind: type == .directory ? .directory : .file, hostDescriptor: opened, ownsHostDescriptor: true,
                fileType: type, rights: rights, inheritingRights: inheriting,
                flags: descriptorFlags, isReadOnly: directory.isReadOnly, preopenPath: nil)
            do throws(WASIErrno) {
                // `result` was checked above, so only a full table can fail here.
                try call.memory.store(try call.context.descriptors.insert(entry), at: result)
            } catch {
                entry.close()
                throw error
            }
        }
    }
}
