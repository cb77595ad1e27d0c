import WasmDecoder
import WasmInterpreter

/// `fd_readdir`.
///
/// The listing is read from the host once per pass (when the guest starts
/// again at cookie 0) and kept with the descriptor; a cookie is an index
/// into it, so `d_next` is simply the next index. "." and ".." are listed,
/// as wasmtime does and wasi-libc expects.
extension WASIPreview1 {
    static var directoryFunctions: [(String, HostFunction)] {
        [
            function("fd_readdir", [.i32, .i32, .i32, .i64, .i32]) { call throws(WASIErrno) in
                var entry = try call.entry(0)
                guard entry.kind == .directory else { throw .notdir }
                try entry.require(.fdReaddir)
                let buffer = call.pointer(1)
                let capacity = Int(call.u32(2))
                let cookie = call.u64(3)
                try call.memory.check(buffer, count: capacity)
                try call.memory.check(call.pointer(4), count: 4)
                if cookie == 0 || entry.directoryListing == nil {
                    entry.directoryListing = try HostFileSystem.readDirectory(entry.hostDescriptor)
                    call.context.descriptors[call.u32(0)] = entry
                }
                let listing = entry.directoryListing ?? []
                var used = 0
                var index = cookie < UInt64(listing.count) ? Int(cookie) : listing.count
                while index < listing.count, used < capacity {
                    let record = direntBytes(listing[index], next: UInt64(index + 1))
                    // The last entry may be cut short: the witx lets the guest
                    // see a full buffer and retry with a bigger one.
                    let count = min(record.count, capacity - used)
                    try call.memory.write(record.prefix(count), at: buffer + used)
                    used += count
                    index += 1
                }
                try call.storeSize(used, at: call.pointer(4))
            },
        ]
    }

    /// A `$dirent` header followed by the name.
    private static func direntBytes(_ entry: DirectoryEntry, next: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: DirentLayout.size)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { raw in
                for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
            }
        }
        put(next, at: DirentLayout.next)
        put(entry.inode, at: DirentLayout.inode)
        put(UInt32(truncatingIfNeeded: entry.name.count), at: DirentLayout.nameLength)
        put(entry.type.rawValue, at: DirentLayout.type)
        return bytes + entry.name
    }
}
