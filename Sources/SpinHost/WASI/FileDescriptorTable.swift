/// The WASI descriptor numbers of one context: 0-2 are the standard streams,
/// 3... the preopened directories in order, then whatever the guest opens.
/// A new descriptor takes the lowest free number, like POSIX `open`.
struct FileDescriptorTable {
    /// Most descriptors one guest may hold at once; past it `path_open`
    /// fails with `errno::mfile`, as POSIX does at `RLIMIT_NOFILE`.
    static let capacity = 4096

    private var entries: [FileDescriptorEntry?] = []
    private var lowestFree = 0

    /// The entry for `fd`, or `badf`.
    func entry(_ fd: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        guard let entry = self[fd] else { throw .badf }
        return entry
    }

    subscript(fd: UInt32) -> FileDescriptorEntry? {
        get {
            let index = Int(fd)
            return index < entries.count ? entries[index] : nil
        }
        set {
            let index = Int(fd)
            guard index < entries.count, entries[index] != nil else { return }
            if let newValue {
                entries[index] = newValue
            } else {
                entries[index] = nil
                lowestFree = min(lowestFree, index)
            }
        }
    }

    /// Stores `entry` under the lowest free number.
    mutating func insert(_ entry: FileDescriptorEntry) throws(WASIErrno) -> UInt32 {
        while lowestFree < entries.count, entries[lowestFree] != nil { lowestFree += 1 }
        if lowestFree == entries.count {
            guard entries.count < Self.capacity else { throw .mfile }
            entries.append(nil)
        }
        let fd = lowestFree
        entries[fd] = entry
        lowestFree += 1
        return UInt32(fd)
    }

    /// Removes `fd` and returns its entry; the caller closes it.
    mutating func remove(_ fd: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try entry(fd)
        self[fd] = nil
        return entry
    }

    /// `fd_renumber`: moves `from` to `to` and returns the entry that `to`
    /// held, which the caller closes.
    mutating func renumber(from: UInt32, to: UInt32) throws(WASIErrno) -> FileDescriptorEntry? {
        let moving = try entry(from)
        let displaced = try entry(to)
        guard from != to else { return nil }
        entries[Int(to)] = moving
        self[from] = nil
        return displaced
    }

    /// Every open entry, for closing them all.
    var openEntries: [FileDescriptorEntry] { entries.compactMap { $0 } }
}
