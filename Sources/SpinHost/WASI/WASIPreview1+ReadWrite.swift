#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek` and `fd_tell`.
///
/// SAFETY (every `readv`/`writev`/`preadv`/`pwritev` below): the `iovec`s come
/// from `WASIMemory.withHostVectors`, so each points at a bounds-checked range
/// of guest memory, and the kernel touches at most `iov_len` bytes of each.
///
/// Host descriptors are read and written with `readv`/`writev` straight into
/// guest memory; in-memory standard streams copy. Reading a descriptor
/// without `rights::fd_read` (or writing one without `fd_write`) is
/// `errno::badf`, as POSIX and wasmtime answer for a file not opened that way.
extension WASIPreview1 {
    static var readWriteFunctions: [(String, HostFunction)] {
        [
            function("fd_read", [.i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                guard entry.rights.contains(.fdRead) else { throw .badf }
                try call.memory.check(call.pointer(3), count: 4)
                let vectors = try call.memory.ioVectors(at: call.u32(1), count: call.u32(2))
                let count = try read(entry, into: vectors, call)
                try call.storeSize(count, at: call.pointer(3))
            },
            function("fd_write", [.i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                guard entry.rights.contains(.fdWrite) else { throw .badf }
                try call.memory.check(call.pointer(3), count: 4)
                let vectors = try call.memory.ioVectors(at: call.u32(1), count: call.u32(2))
                let count = try write(entry, from: vectors, call)
                try call.storeSize(count, at: call.pointer(3))
            },
            function("fd_pread", [.i32, .i32, .i32, .i64, .i32]) { call throws(WASIErrno) in
                try positionedTransfer(call, right: .fdRead) { preadv($0, $1, $2, $3) }
            },
            function("fd_pwrite", [.i32, .i32, .i32, .i64, .i32]) { call throws(WASIErrno) in
                try positionedTransfer(call, right: .fdWrite) { pwritev($0, $1, $2, $3) }
            },
            function("fd_seek", [.i32, .i64, .i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                guard !entry.isStandardStream else { throw .spipe }
                let delta = Int64(bitPattern: call.u64(1))
                guard call.u32(2) <= 0xFF, let whence = Whence(rawValue: UInt8(call.u32(2))) else { throw .inval }
                // Telling the position needs only `fd_tell`; moving it needs `fd_seek`.
                try entry.require(whence == .cur && delta == 0 ? .fdTell : .fdSeek)
                guard entry.kind == .file else { throw .badf }
                try call.memory.check(call.pointer(3), count: 8)
                let hostWhence = switch whence {
                case .set: SEEK_SET
                case .cur: SEEK_CUR
                case .end: SEEK_END
                }
                let position = try HostFileSystem.retrying { lseek(entry.hostDescriptor, off_t(delta), hostWhence) }
                try call.memory.store(UInt64(position), at: call.pointer(3))
            },
            function("fd_tell", [.i32, .i32]) { call throws(WASIErrno) in
                let entry = try call.entry(0)
                guard !entry.isStandardStream else { throw .spipe }
                try entry.require(.fdTell)
                guard entry.kind == .file else { throw .badf }
                try call.memory.check(call.pointer(1), count: 8)
                let position = try HostFileSystem.retrying { lseek(entry.hostDescriptor, 0, SEEK_CUR) }
                try call.memory.store(UInt64(position), at: call.pointer(1))
            },
        ]
    }

    /// The regular file behind a positioned read or write: a stream has no
    /// position (`spipe`), and the descriptor needs `right` and `fd_seek`.
    /// `fd_pread` / `fd_pwrite`: vectored I/O at an offset, which leaves the
    /// descriptor's position alone.
    private static func positionedTransfer(
        _ call: WASICall, right: Rights,
        _ transfer: @escaping (Int32, UnsafePointer<iovec>?, Int32, off_t) -> Int
    ) throws(WASIErrno) {
        let entry = try positionedEntry(call, right: right)
        guard let offset = off_t(exactly: call.u64(3)) else { throw .inval }
        try call.memory.check(call.pointer(4), count: 4)
        let vectors = try call.memory.ioVectors(at: call.u32(1), count: call.u32(2))
        let count = try call.memory.withHostVectors(vectors) { hostVectors in
            Result { () throws(WASIErrno) in
                try HostFileSystem.retrying {
                    transfer(entry.hostDescriptor, hostVectors.baseAddress, Int32(hostVectors.count), offset)
                }
            }
        }.get()
        try call.storeSize(count, at: call.pointer(4))
    }

    private static func positionedEntry(_ call: WASICall, right: Rights) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try call.entry(0)
        guard !entry.isStandardStream else { throw .spipe }
        guard entry.rights.contains(right) else { throw .badf }
        try entry.require(.fdSeek)
        guard entry.kind == .file else { throw .isdir }
        return entry
    }

    private static func read(_ entry: FileDescriptorEntry, into vectors: IOVectors, _ call: WASICall) throws(WASIErrno) -> Int {
        if entry.kind == .standardInput, entry.hostDescriptor < 0 {
            let bytes = call.context.standardInput.take(vectors.totalLength)
            return try call.memory.scatter(bytes, into: vectors)
        }
        guard entry.kind != .directory else { throw .isdir }
        return try call.memory.withHostVectors(vectors) { hostVectors in
            Result { () throws(WASIErrno) in
                try HostFileSystem.retrying { readv(entry.hostDescriptor, hostVectors.baseAddress, Int32(hostVectors.count)) }
            }
        }.get()
    }

    private static func write(_ entry: FileDescriptorEntry, from vectors: IOVectors, _ call: WASICall) throws(WASIErrno) -> Int {
        if entry.hostDescriptor < 0 {
            guard entry.kind != .standardInput else { throw .badf }
            let isOutput = entry.kind == .standardOutput
            guard isOutput ? call.context.standardOutput.captures : call.context.standardError.captures else {
                return vectors.totalLength
            }
            let bytes = try call.memory.gather(vectors)
            return isOutput ? try call.context.standardOutput.append(bytes) : try call.context.standardError.append(bytes)
        }
        guard entry.kind != .directory else { throw .isdir }
        return try call.memory.withHostVectors(vectors) { hostVectors in
            Result { () throws(WASIErrno) in
                try HostFileSystem.retrying { writev(entry.hostDescriptor, hostVectors.baseAddress, Int32(hostVectors.count)) }
            }
        }.get()
    }
}
