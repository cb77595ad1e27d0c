/// One open WASI descriptor (`$fd` in the witx): what it refers to, the host
/// descriptor behind it, and the rights and flags the guest sees.
struct FileDescriptorEntry {
    enum Kind: Equatable {
        /// Standard streams: reads and writes go through the context's
        /// `WASIInput`/`WASIOutput`, whichever descriptor number they have.
        case standardInput, standardOutput, standardError
        case directory
        case file
    }

    var kind: Kind
    /// The host descriptor, or -1 for in-memory standard streams.
    var hostDescriptor: Int32
    /// Whether `close()` closes `hostDescriptor` (not the host's own stdio).
    var ownsHostDescriptor: Bool
    var fileType: FileType
    var rights: Rights
    var inheritingRights: Rights
    var flags: FDFlags = []
    /// Set for every descriptor reached through a read-only preopen: nothing
    /// below it may be created, written, renamed or removed.
    var isReadOnly: Bool
    /// The guest path of a preopened directory, for `fd_prestat_*`.
    var preopenPath: [UInt8]?
    /// `fd_readdir`'s snapshot of the directory, read when the cookie is 0.
    var directoryListing: [DirectoryEntry]?

    var isStandardStream: Bool {
        kind == .standardInput || kind == .standardOutput || kind == .standardError
    }

    /// Throws `notcapable` unless every right in `required` is held: the
    /// witx's "Extension: Capabilities insufficient".
    func require(_ required: Rights) throws(WASIErrno) {
        guard rights.isSuperset(of: required) else { throw .notcapable }
    }

    /// The host descriptor of a directory, for path operations.
    func directoryDescriptor(requiring required: Rights) throws(WASIErrno) -> Int32 {
        guard kind == .directory else { throw .notdir }
        try require(required)
        return hostDescriptor
    }

    /// Refuses changes below a read-only preopen. `perm` is what wasmtime
    /// returns for a directory without `DirPerms::MUTATE` (its
    /// `ErrorCode::NotPermitted`, which its preview 1 layer maps to
    /// `errno::perm`); wasmtime 49's CLI has no read-only `--dir` option, so
    /// this follows its embedding API.
    func requireWritable() throws(WASIErrno) {
        guard !isReadOnly else { throw .perm }
    }

    /// Releases the host descriptor, if this entry owns one.
    func close() {
        if ownsHostDescriptor && hostDescriptor >= 0 {
            HostFileSystem.close(hostDescriptor)
        }
    }
}

/// One name in a directory listing.
struct DirectoryEntry {
    var name: [UInt8]
    var inode: UInt64
    var type: FileType
}
