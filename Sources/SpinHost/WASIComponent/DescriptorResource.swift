import ComponentModel

/// `wasi:filesystem/types.descriptor`: an open file or directory, with the
/// permissions of the preopen it was reached through (wasmtime's
/// `FsPerms`: a read-only preopen makes every descriptor below it
/// read-only) and the mode it was opened with (its `descriptor-flags`).
final class DescriptorResource {
    enum Kind {
        case file
        case directory
    }

    let host: HostDescriptor
    let kind: Kind
    /// Reached through a read-only preopen: nothing may be created, written,
    /// renamed or removed (`not-permitted`, wasmtime's answer).
    let isReadOnly: Bool
    /// The open mode: `read` and `write` for a file; for a directory
    /// `write` is reported as `mutate-directory`.
    let reads: Bool
    let writes: Bool

    init(_ host: HostDescriptor, kind: Kind, isReadOnly: Bool, reads: Bool, writes: Bool) {
        self.host = host
        self.kind = kind
        self.isReadOnly = isReadOnly
        self.reads = reads
        self.writes = writes
    }

    /// The file, for operations on file contents: a directory is
    /// `bad-descriptor` (wasmtime's `Descriptor::file`).
    func file() throws(FilesystemErrorCode) -> HostDescriptor {
        guard kind == .file else { throw .badDescriptor }
        return host
    }

    /// The directory, for path operations: a file is `not-directory`.
    func directory() throws(FilesystemErrorCode) -> Int32 {
        guard kind == .directory else { throw .notDirectory }
        return host.rawValue
    }

    /// Refuses changes below a read-only preopen.
    func requireWritable() throws(FilesystemErrorCode) {
        guard !isReadOnly else { throw .notPermitted }
    }

    /// `descriptor-flags`: read, write (files), mutate-directory (directories).
    var flags: ComponentValue {
        var set: [UInt32] = []
        if reads { set.append(0) }
        if writes { set.append(kind == .file ? 1 : 5) }
        return .flags(set)
    }
}

/// `wasi:filesystem/types.directory-entry-stream`: the listing read when
/// the stream was made ("." and ".." left out), handed out one entry at a time.
final class DirectoryEntryStreamResource {
    private let entries: [DirectoryEntry]
    private var next = 0

    init(_ entries: [DirectoryEntry]) {
        self.entries = entries.filter { $0.name != PathResolution.dot && $0.name != PathResolution.dotDot }
    }

    /// `read-directory-entry`: the next `directory-entry`, none at the end.
    /// A name that is not UTF-8 is `illegal-byte-sequence`, as in wasmtime.
    func readEntry(_ dialect: FilesystemDialect) throws(FilesystemErrorCode) -> ComponentValue {
        guard next < entries.count else { return .option(nil) }
        let entry = entries[next]
        next += 1
        guard let name = String(validating: entry.name, as: UTF8.self) else { throw .illegalByteSequence }
        return .option(.record([dialect.type(entry.type), .string(name)]))
    }
}
