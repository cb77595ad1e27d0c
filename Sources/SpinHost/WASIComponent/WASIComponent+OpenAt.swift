#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import WasmInterpreter

/// `[method]descriptor.open-at`, as wasmtime's `Dir::open_at` decides:
///
/// - `create` and `truncate` open for writing; the `write` flag does too,
///   and without it the file is (also) opened for reading.
/// - The sync flags are `unsupported`; `directory` with `create`,
///   `exclusive` or `truncate` is `invalid`; `exclusive` alone does nothing.
/// - Below a read-only preopen, creating or writing is `not-permitted`
///   before the path is looked at.
/// - A directory opens as a directory descriptor whatever was asked;
///   `directory` on anything else is `not-directory`.
extension WASIComponent {
    static func defineOpenAt(in linker: inout ComponentLinker, _ dialect: FilesystemDialect) {
        defineDescriptorMethod(&linker, dialect, "open-at",
                               [("path-flags", WASIComponentTypes.pathFlags), ("path", .string),
                                ("open-flags", WASIComponentTypes.openFlags), ("flags", WASIComponentTypes.descriptorFlags)],
                               ok: .own(dialect.descriptor)) { call, arguments, descriptor throws(Trap) in
            let follow = try arguments.flags(1).contains(0)
            let path = try arguments.string(2)
            let openFlags = try arguments.flags(3)
            let flags = try arguments.flags(4)
            let budget = try state(call).descriptorBudget
            return dialect.result { () throws(FilesystemErrorCode) in
                call.own(try openAt(descriptor, Array(path.utf8), follow: follow, openFlags: openFlags, flags: flags,
                                    budget: budget))
            }
        }
    }

    private enum OpenFlag {
        static let create: UInt32 = 0, directory: UInt32 = 1, exclusive: UInt32 = 2, truncate: UInt32 = 3
    }

    private enum DescriptorFlag {
        static let read: UInt32 = 0, write: UInt32 = 1
        static let sync: Set<UInt32> = [2, 3, 4]
    }

    private static func openAt(_ parent: DescriptorResource, _ path: [UInt8], follow: Bool,
                               openFlags: Set<UInt32>, flags: Set<UInt32>,
                               budget: DescriptorBudget) throws(FilesystemErrorCode) -> DescriptorResource {
        let directory = try parent.directory()
        let create = openFlags.contains(OpenFlag.create)
        let truncate = openFlags.contains(OpenFlag.truncate)
        let wantsDirectory = openFlags.contains(OpenFlag.directory)
        let writes = create || truncate || flags.contains(DescriptorFlag.write)
        let reads = flags.contains(DescriptorFlag.read) || !flags.contains(DescriptorFlag.write)
        guard flags.isDisjoint(with: DescriptorFlag.sync) else { throw .unsupported }
        if wantsDirectory && (create || truncate || openFlags.contains(OpenFlag.exclusive)) { throw .invalid }
        if parent.isReadOnly && writes { throw .notPermitted }
        guard !budget.isExhausted else { throw FilesystemErrorCode(.mfile) }

        return try mapErrno { () throws(WASIErrno) in
            let target = try PathResolution.resolve(path, in: directory, followFinalSymlink: follow)
            var hostFlags = O_NOFOLLOW | (writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY)
            if create { hostFlags |= openFlags.contains(OpenFlag.exclusive) ? O_CREAT | O_EXCL : O_CREAT }
            if truncate { hostFlags |= O_TRUNC }
            if wantsDirectory || target.mustBeDirectory { hostFlags |= O_DIRECTORY }
            // Non-blocking while opening, so that a FIFO without a writer
            // cannot hang the host thread in `open`; cleared after.
            let opened = try HostFileSystem.openAt(target.parent, target.name, flags: hostFlags | O_NONBLOCK)
            let host = HostDescriptor(owning: opened, budget: budget)
            let type = try HostFileSystem.attributes(of: opened).type
            try HostFileSystem.retrying { fcntl(opened, F_SETFL, hostFlags & ~O_NONBLOCK) }
            return DescriptorResource(host, kind: type == .directory ? .directory : .file,
                                      isReadOnly: parent.isReadOnly, reads: reads, writes: writes)
        }
    }
}
