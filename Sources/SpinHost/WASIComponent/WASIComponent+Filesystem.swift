#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import WasmInterpreter

/// `wasi:filesystem/preopens` and the `descriptor` methods of
/// `wasi:filesystem/types` that work on the descriptor itself
/// ([types.wit](https://github.com/WebAssembly/wasi-filesystem/blob/v0.2.0/wit/types.wit));
/// the `*-at` methods are in `WASIComponent+FilesystemPaths.swift`. Checks
/// come in wasmtime's order, so that a call wrong in two ways fails with
/// the same code. The methods WASI 0.3 has too are defined for a
/// `FilesystemDialect` (`defineDescriptorMethods`); the streams, `read`,
/// `write` and the directory-entry stream are 0.2's own.
extension WASIComponent {
    static func defineFilesystem(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let dialect = FilesystemDialect.version2(types)
        linker.define(WASIInterface.preopens, "get-directories",
                      WASIComponentTypes.function([], .list(.tuple([.own(types.descriptor), .string])))) {
            call, _ throws(Trap) in
            .list(try state(call).preopens.map { preopen in
                let descriptor = DescriptorResource(preopen.descriptor, kind: .directory, isReadOnly: preopen.isReadOnly,
                                                    reads: true, writes: !preopen.isReadOnly)
                return .tuple([call.own(descriptor), .string(preopen.guestPath)])
            })
        }
        linker.define(WASIInterface.filesystemTypes, "filesystem-error-code",
                      WASIComponentTypes.function([("err", .borrow(types.error))], .option(WASIComponentTypes.filesystemErrorCode))) {
            call, arguments throws(Trap) in
            let error = try arguments.resource(call, 0, "error", as: IOErrorResource.self)
            return .option(FilesystemErrorCode(error.code).value)
        }
        defineDescriptorStreams(in: &linker, types)
        defineVersion2Methods(in: &linker, types)
        defineDescriptorMethods(in: &linker, dialect)
        defineFilesystemPaths(in: &linker, dialect)
        linker.define(WASIInterface.filesystemTypes, "[method]directory-entry-stream.read-directory-entry",
                      WASIComponentTypes.method(types.directoryEntryStream, [],
                                                dialect.result(.option(dialect.directoryEntry)))) {
            call, arguments throws(Trap) in
            let stream = try arguments.resource(call, 0, "directory-entry-stream", as: DirectoryEntryStreamResource.self)
            return dialect.result { () throws(FilesystemErrorCode) in try stream.readEntry(dialect) }
        }
    }

    /// A `[method]descriptor.*` of `dialect` with its result in `result<_, error-code>`.
    static func defineDescriptorMethod(
        _ linker: inout ComponentLinker, _ dialect: FilesystemDialect, _ name: String,
        _ parameters: [(String, ComponentValueType)], ok: ComponentValueType?,
        _ body: @escaping @Sendable (HostCall, HostArguments, DescriptorResource) throws(Trap) -> ComponentValue
    ) {
        linker.define(dialect.interface, "[method]descriptor.\(name)", dialect.method(parameters, dialect.result(ok))) {
            call, arguments throws(Trap) in
            try body(call, arguments, try arguments.resource(call, 0, "descriptor"))
        }
    }

    private static func defineDescriptorStreams(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let dialect = FilesystemDialect.version2(types)
        defineDescriptorMethod(&linker, dialect, "read-via-stream", [("offset", .u64)], ok: .own(types.inputStream)) {
            call, arguments, descriptor throws(Trap) in
            let offset = try arguments.u64(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                // A directory is `is-directory` here (POSIX EISDIR on read), not `bad-descriptor`.
                guard descriptor.kind == .file else { throw .isDirectory }
                return call.own(InputStreamResource(.file(descriptor.host, position: offset)))
            }
        }
        defineDescriptorMethod(&linker, dialect, "write-via-stream", [("offset", .u64)], ok: .own(types.outputStream)) {
            call, arguments, descriptor throws(Trap) in
            let offset = try arguments.u64(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let file = try descriptor.file()
                try descriptor.requireWritable()
                return call.own(OutputStreamResource(.file(file, position: offset)))
            }
        }
        defineDescriptorMethod(&linker, dialect, "append-via-stream", [], ok: .own(types.outputStream)) {
            call, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                let file = try descriptor.file()
                try descriptor.requireWritable()
                return call.own(OutputStreamResource(.append(file)))
            }
        }
    }

    /// `read`, `write` and `read-directory` as WASI 0.2 has them (0.3 streams instead).
    private static func defineVersion2Methods(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let dialect = FilesystemDialect.version2(types)
        defineDescriptorMethod(&linker, dialect, "read", [("length", .u64), ("offset", .u64)],
                               ok: .tuple([.list(.u8), .bool])) { _, arguments, descriptor throws(Trap) in
            let (length, offset) = (try arguments.u64(1), try arguments.u64(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                let file = try descriptor.file()
                let count = Int(min(length, UInt64(InputStreamResource.maximumRead)))
                let bytes = try mapErrno { () throws(WASIErrno) in try file.read(count: count, at: offset) }
                // wasmtime reports the end only when nothing was read.
                return .tuple([.bytes(bytes), .bool(bytes.isEmpty)])
            }
        }
        defineDescriptorMethod(&linker, dialect, "write", [("buffer", .list(.u8)), ("offset", .u64)], ok: .u64) {
            _, arguments, descriptor throws(Trap) in
            let (bytes, offset) = (try arguments.bytes(1), try arguments.u64(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                let file = try descriptor.file()
                try descriptor.requireWritable()
                return .u64(UInt64(try mapErrno { () throws(WASIErrno) in try file.write(bytes, at: offset) }))
            }
        }
        defineDescriptorMethod(&linker, dialect, "read-directory", [], ok: .own(types.directoryEntryStream)) {
            call, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                let directory = try descriptor.directory()
                let entries = try mapErrno { () throws(WASIErrno) in try HostFileSystem.readDirectory(directory) }
                return call.own(DirectoryEntryStreamResource(entries))
            }
        }
    }

    /// The methods on the descriptor itself that both versions have.
    static func defineDescriptorMethods(in linker: inout ComponentLinker, _ dialect: FilesystemDialect) {
        defineDescriptorMethod(&linker, dialect, "advise",
                               [("offset", .u64), ("length", .u64), ("advice", WASIComponentTypes.advice)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let (offset, length, advice) = (try arguments.u64(1), try arguments.u64(2), try arguments.enumCase(3))
            return dialect.result { () throws(FilesystemErrorCode) in
                try advise(try descriptor.file().rawValue, offset: offset, length: length, advice: advice)
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "sync-data", [], ok: nil) { _, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                #if canImport(Glibc)
                try mapErrno { () throws(WASIErrno) in try HostFileSystem.retrying { fdatasync(descriptor.host.rawValue) } }
                #else
                try mapErrno { () throws(WASIErrno) in try HostFileSystem.retrying { fsync(descriptor.host.rawValue) } }
                #endif
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "get-flags", [], ok: WASIComponentTypes.descriptorFlags) {
            _, _, descriptor throws(Trap) in
            .ok(descriptor.flags)
        }
        defineDescriptorMethod(&linker, dialect, "get-type", [], ok: dialect.descriptorType) {
            _, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                guard descriptor.kind == .file else { return dialect.type(.directory) }
                return dialect.type(try mapErrno { () throws(WASIErrno) in try HostFileStatus.of(descriptor.host.rawValue) }.type)
            }
        }
        defineDescriptorMethod(&linker, dialect, "set-size", [("size", .u64)], ok: nil) { _, arguments, descriptor throws(Trap) in
            let size = try arguments.u64(1)
            return dialect.result { () throws(FilesystemErrorCode) in
                let file = try descriptor.file()
                try descriptor.requireWritable()
                guard let length = off_t(exactly: size) else { throw .fileTooLarge }
                try mapErrno { () throws(WASIErrno) in try HostFileSystem.retrying { ftruncate(file.rawValue, length) } }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "set-times",
                               [("data-access-timestamp", dialect.newTimestamp),
                                ("data-modification-timestamp", dialect.newTimestamp)], ok: nil) {
            _, arguments, descriptor throws(Trap) in
            let (access, modification) = (try arguments.variant(1), try arguments.variant(2))
            return dialect.result { () throws(FilesystemErrorCode) in
                try descriptor.requireWritable()
                var times = [try timeSpec(access), try timeSpec(modification)]
                try mapErrno { () throws(WASIErrno) in try HostFileSystem.retrying { futimens(descriptor.host.rawValue, &times) } }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "sync", [], ok: nil) { _, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                try mapErrno { () throws(WASIErrno) in try HostFileSystem.retrying { fsync(descriptor.host.rawValue) } }
                return nil
            }
        }
        defineDescriptorMethod(&linker, dialect, "stat", [], ok: dialect.descriptorStat) { _, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                dialect.stat(try mapErrno { () throws(WASIErrno) in try HostFileStatus.of(descriptor.host.rawValue) })
            }
        }
        linker.define(dialect.interface, "[method]descriptor.is-same-object",
                      dialect.method([("other", .borrow(dialect.descriptor))], .bool)) {
            call, arguments throws(Trap) in
            let this = try arguments.resource(call, 0, "descriptor", as: DescriptorResource.self)
            let other = try arguments.resource(call, 1, "descriptor", as: DescriptorResource.self)
            // wasmtime traps if either cannot be examined; an open descriptor always can.
            guard let first = try? HostFileStatus.of(this.host.rawValue),
                  let second = try? HostFileStatus.of(other.host.rawValue) else {
                throw Trap(.host("\(arguments.function): cannot examine the descriptors"))
            }
            return .bool(first.device == second.device && first.inode == second.inode)
        }
        defineDescriptorMethod(&linker, dialect, "metadata-hash", [], ok: WASIComponentTypes.metadataHashValue) {
            _, _, descriptor throws(Trap) in
            dialect.result { () throws(FilesystemErrorCode) in
                try mapErrno { () throws(WASIErrno) in try HostFileStatus.of(descriptor.host.rawValue) }.metadataHash
            }
        }
    }

    /// The `timespec` for a `new-timestamp`: left alone, now, or the given time.
    static func timeSpec(_ timestamp: (case: UInt32, payload: ComponentValue?)) throws(FilesystemErrorCode) -> timespec {
        switch timestamp.case {
        case 0: return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeOmit)
        case 1: return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeNow)
        default:
            guard case .record(let fields)? = timestamp.payload, fields.count == 2,
                  case .u32(let nanoseconds) = fields[1] else { throw .invalid }
            // A 0.2 `datetime` counts unsigned seconds, a 0.3 `instant` signed ones.
            let seconds: Int64
            switch fields[0] {
            case .u64(let unsigned):
                guard let signed = Int64(exactly: unsigned) else { throw .overflow }
                seconds = signed
            case .s64(let signed): seconds = signed
            default: throw .invalid
            }
            // Rust's `Duration::new` carries whole seconds out of the nanoseconds.
            let (total, overflow) = seconds.addingReportingOverflow(Int64(nanoseconds / 1_000_000_000))
            guard !overflow, let whole = Int(exactly: total) else { throw .overflow }
            return timespec(tv_sec: whole, tv_nsec: Int(nanoseconds % 1_000_000_000))
        }
    }

    private static func advise(_ descriptor: Int32, offset: UInt64, length: UInt64, advice: UInt32) throws(FilesystemErrorCode) {
        #if os(Linux)
        let hostAdvice: [Int32] = [POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                                   POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE]
        guard Int(advice) < hostAdvice.count else { throw .invalid }
        // Offsets past `off_t` are what the kernel calls EINVAL too.
        guard let offset = off_t(exactly: offset), let length = off_t(exactly: length) else { throw .invalid }
        let result = posix_fadvise(descriptor, offset, length, hostAdvice[Int(advice)])
        guard result == 0 else { throw FilesystemErrorCode(WASIErrno(posix: result)) }
        #endif
        // Elsewhere advice is only advice: wasmtime ignores most of it too.
    }
}

extension HostFileStatus {
    /// The `metadata-hash-value` record.
    var metadataHash: ComponentValue {
        let hash = MetadataHash.value(device: device, inode: inode)
        return .record([.u64(hash.lower), .u64(hash.upper)])
    }
}
