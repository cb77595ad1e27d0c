#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// The `fd_*` functions about a descriptor itself: closing and renumbering,
/// its `$fdstat`, `$filestat` and `$prestat`, syncing and advice.
extension WASIPreview1 {
    static var descriptorFunctions: [(String, HostFunction)] {
        [
            function("fd_close", [.i32]) { call throws(WASIErrno) in
                try call.context.descriptors.remove(call.u32(0)).close()
            },
            function("fd_renumber", [.i32, .i32]) { call throws(WASIErrno) in
                try call.context.descriptors.renumber(from: call.u32(0), to: call.u32(1))?.close()
            },
            function("fd_fdstat_get", [.i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                let address = call.pointer(1)
                try call.memory.check(address, count: FdstatLayout.size)
                try call.memory.fill(0, count: FdstatLayout.size, at: address)
                try call.memory.store(entry.fileType.rawValue, at: address + FdstatLayout.filetype)
                try call.memory.store(entry.flags.rawValue, at: address + FdstatLayout.flags)
                try call.memory.store(entry.rights.rawValue, at: address + FdstatLayout.rightsBase)
                try call.memory.store(entry.inheritingRights.rawValue, at: address + FdstatLayout.rightsInheriting)
            },
            function("fd_fdstat_set_flags", [.i32, .i32]) { call throws(WASIErrno) in
                try setFlags(call)
            },
            function("fd_fdstat_set_rights", [.i32, .i64, .i64]) { call throws(WASIErrno) in
                var entry = try call.entry(0)
                let base = Rights(rawValue: call.u64(1))
                let inheriting = Rights(rawValue: call.u64(2))
                // Rights can only be dropped (witx: adding is `notcapable`).
                guard entry.rights.isSuperset(of: base), entry.inheritingRights.isSuperset(of: inheriting) else {
                    throw .notcapable
                }
                entry.rights = base
                entry.inheritingRights = inheriting
                call.context.descriptors[call.u32(0)] = entry
            },
            function("fd_filestat_get", [.i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                let attributes: FileAttributes
                if entry.isStandardStream {
                    attributes = FileAttributes(type: entry.fileType)
                } else {
                    try entry.require(.fdFilestatGet)
                    attributes = try HostFileSystem.attributes(of: entry.hostDescriptor)
                }
                try attributes.write(to: call.memory, at: call.pointer(1))
            },
            function("fd_filestat_set_size", [.i32, .i64]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.requireWritable()
                try entry.require(.fdFilestatSetSize)
                guard entry.kind == .file else { throw .badf }
                guard let size = off_t(exactly: call.u64(1)) else { throw .fbig }
                try HostFileSystem.retrying { ftruncate(entry.hostDescriptor, size) }
            },
            function("fd_filestat_set_times", [.i32, .i64, .i64, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.requireWritable()
                try entry.require(.fdFilestatSetTimes)
                guard !entry.isStandardStream else { throw .badf }
                var times = try timeSpecs(call.u64(1), call.u64(2), flags: call.u32(3))
                try HostFileSystem.retrying { futimens(entry.hostDescriptor, &times) }
            },
            function("fd_prestat_get", [.i32, .i32]) { call throws(WASIErrno) in
                guard let name = try call.entry(0).preopenPath else { throw .badf }
                let address = call.pointer(1)
                try call.memory.check(address, count: PrestatLayout.size)
                try call.memory.fill(0, count: PrestatLayout.size, at: address)
                try call.memory.store(preopenTypeDirectory, at: address + PrestatLayout.tag)
                try call.storeSize(name.count, at: address + PrestatLayout.nameLength)
            },
            function("fd_prestat_dir_name", [.i32, .i32, .i32]) { call throws(WASIErrno) in
                guard let name = try call.entry(0).preopenPath else { throw .badf }
                guard Int(call.u32(2)) >= name.count else { throw .nametoolong }
                try call.memory.write(name, at: call.pointer(1))
            },
            function("fd_sync", [.i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.require(.fdSync)
                guard !entry.isStandardStream else { throw .inval }
                try HostFileSystem.retrying { fsync(entry.hostDescriptor) }
            },
            function("fd_datasync", [.i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.require(.fdDatasync)
                guard !entry.isStandardStream else { throw .inval }
                #if canImport(Glibc)
                try HostFileSystem.retrying { fdatasync(entry.hostDescriptor) }
                #else
                try HostFileSystem.retrying { fsync(entry.hostDescriptor) }
                #endif
            },
            function("fd_advise", [.i32, .i64, .i64, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.require(.fdAdvise)
                guard entry.kind == .file else { throw .badf }
                guard let advice = Advice(rawValue: UInt8(truncatingIfNeeded: call.u32(3))), call.u32(3) <= 0xFF,
                      let offset = off_t(exactly: call.u64(1)), let length = off_t(exactly: call.u64(2)) else {
                    throw .inval
                }
                try advise(entry.hostDescriptor, offset: offset, length: length, advice)
            },
            function("fd_allocate", [.i32, .i64, .i64]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                try entry.requireWritable()
                try entry.require(.fdAllocate)
                guard entry.kind == .file else { throw .badf }
                guard let offset = off_t(exactly: call.u64(1)), let length = off_t(exactly: call.u64(2)) else {
                    throw .inval
                }
                try allocate(entry.hostDescriptor, offset: offset, length: length)
            },
        ]
    }

    /// `fd_fdstat_set_flags`: `append` and `nonblock` can change; the sync
    /// flags only at open (wasmtime does the same), so they are `inval`.
    private static func setFlags(_ call: WASICall) throws(WASIErrno) {
        var entry = try call.entry(0)
        try entry.require(.fdFdstatSetFlags)
        guard call.u32(1) <= FDFlags.all.rawValue else { throw .inval }
        let flags = FDFlags(rawValue: UInt16(call.u32(1)))
        guard flags.isDisjoint(with: [.dsync, .rsync, .sync]) else { throw .inval }
        if !entry.isStandardStream {
            let current = try HostFileSystem.retrying { fcntl(entry.hostDescriptor, F_GETFL) }
            var updated = current & ~(O_APPEND | O_NONBLOCK)
            if flags.contains(.append) { updated |= O_APPEND }
            if flags.contains(.nonblock) { updated |= O_NONBLOCK }
            try HostFileSystem.retrying { fcntl(entry.hostDescriptor, F_SETFL, updated) }
        }
        entry.flags = entry.flags.subtracting([.append, .nonblock]).union(flags)
        call.context.descriptors[call.u32(0)] = entry
    }

    /// The two `timespec`s of `futimens`/`utimensat` for `$fstflags`;
    /// asking for both a time and "now" for the same stamp is `inval`.
    static func timeSpecs(_ accessTime: UInt64, _ modificationTime: UInt64, flags raw: UInt32) throws(WASIErrno) -> [timespec] {
        guard raw <= 0xF else { throw .inval }
        let flags = FSTFlags(rawValue: UInt16(raw))
        guard !flags.isSuperset(of: [.atim, .atimNow]), !flags.isSuperset(of: [.mtim, .mtimNow]) else { throw .inval }
        return [
            HostFileSystem.timeSpec(accessTime, set: flags.contains(.atim), now: flags.contains(.atimNow)),
            HostFileSystem.timeSpec(modificationTime, set: flags.contains(.mtim), now: flags.contains(.mtimNow)),
        ]
    }

    private static func advise(_ descriptor: Int32, offset: off_t, length: off_t, _ advice: Advice) throws(WASIErrno) {
        #if os(Linux)
        let hostAdvice: Int32 = switch advice {
        case .normal: POSIX_FADV_NORMAL
        case .sequential: POSIX_FADV_SEQUENTIAL
        case .random: POSIX_FADV_RANDOM
        case .willneed: POSIX_FADV_WILLNEED
        case .dontneed: POSIX_FADV_DONTNEED
        case .noreuse: POSIX_FADV_NOREUSE
        }
        // posix_fadvise returns the error number instead of setting errno.
        let result = posix_fadvise(descriptor, offset, length, hostAdvice)
        guard result == 0 else { throw WASIErrno(posix: result) }
        #endif
        // Elsewhere advice is only advice: accepting it and doing nothing is correct.
    }

    private static func allocate(_ descriptor: Int32, offset: off_t, length: off_t) throws(WASIErrno) {
        #if os(Linux)
        let result = posix_fallocate(descriptor, offset, length)
        guard result == 0 else { throw WASIErrno(posix: result) }
        #else
        throw .notsup
        #endif
    }
}
