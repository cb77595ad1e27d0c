import ComponentModel
import WasmInterpreter

/// `wasi:filesystem` 0.3: the preopens and descriptor methods of 0.2,
/// defined once for both (`FilesystemDialect`), and what 0.3 does its own
/// way: file contents and directory entries as streams, each with a future
/// that says how the transfer ended. File reads and writes are local and
/// short, so they happen as the guest's copies ask for them.
extension WASIp3 {
    /// Bytes read from a file per copy.
    static let fileChunk = 64 * 1024

    static func defineFilesystem(in linker: inout ComponentLinker, _ version: String) {
        let interface = "wasi:filesystem/types@\(version)"
        let descriptor = linker.defineResource(interface, "descriptor")
        let dialect = FilesystemDialect(interface: interface, descriptor: descriptor, isVersion3: true)
        WASIComponent.defineDescriptorMethods(in: &linker, dialect)
        WASIComponent.defineFilesystemPaths(in: &linker, dialect)

        linker.define("wasi:filesystem/preopens@\(version)", "get-directories",
                      function([], .list(.tuple([.own(descriptor), .string])))) { call, _ throws(Trap) in
            .list(try WASIComponent.state(call).preopens.map { preopen in
                let opened = DescriptorResource(preopen.descriptor, kind: .directory, isReadOnly: preopen.isReadOnly,
                                                reads: true, writes: !preopen.isReadOnly)
                return .tuple([call.own(opened), .string(preopen.guestPath)])
            })
        }

        let outcome = ComponentValueType.result(ok: nil, error: dialect.errorCode)
        linker.define(interface, "[method]descriptor.read-via-stream", WASIComponentTypes.method(
            descriptor, [("offset", .u64)], .tuple([.stream(.u8), .future(outcome)]))) { call, arguments throws(Trap) in
            let target: DescriptorResource = try arguments.resource(call, 0, "descriptor")
            let offset = try arguments.u64(1)
            let (contents, contentsValue) = HostStream.make(elementType: .u8, in: call.store)
            let (done, doneValue) = HostFuture.make(elementType: outcome, in: call.store)
            // A directory is `is-directory` here (POSIX EISDIR on read), as in 0.2.
            if target.kind == .file {
                feed(target.host, from: offset, into: contents, done: done, dialect)
            } else {
                end(contents, done, .error(dialect.error(.isDirectory)))
            }
            return .tuple([contentsValue, doneValue])
        }
        for (name, appends) in [("write-via-stream", false), ("append-via-stream", true)] {
            let parameters: [(String, ComponentValueType)] = [("data", .stream(.u8))] + (appends ? [] : [("offset", .u64)])
            linker.define(interface, "[method]descriptor.\(name)", WASIComponentTypes.method(descriptor, parameters, .future(outcome))) {
                call, arguments throws(Trap) in
                let target: DescriptorResource = try arguments.resource(call, 0, "descriptor")
                let data = try HostStream(receiving: try arguments.value(1), in: call.store)
                let offset = appends ? nil : try arguments.u64(2)
                let (done, doneValue) = HostFuture.make(elementType: outcome, in: call.store)
                do throws(FilesystemErrorCode) {
                    let file = try target.file()
                    try target.requireWritable()
                    try copyToFile(data, file, at: offset, done: done, dialect)
                } catch {
                    end(data, done, .error(dialect.error(error)))
                }
                return doneValue
            }
        }
        linker.define(interface, "[method]descriptor.read-directory", WASIComponentTypes.method(
            descriptor, [], .tuple([.stream(dialect.directoryEntry), .future(outcome)]))) { call, arguments throws(Trap) in
            let target: DescriptorResource = try arguments.resource(call, 0, "descriptor")
            let (entries, entriesValue) = HostStream.make(elementType: dialect.directoryEntry, in: call.store)
            let (done, doneValue) = HostFuture.make(elementType: outcome, in: call.store)
            var values: [ComponentValue] = []
            var ending = ComponentValue.ok(nil)
            do throws(FilesystemErrorCode) {
                let directory = try target.directory()
                let listed = DirectoryEntryStreamResource(try mapErrno { () throws(WASIErrno) in try HostFileSystem.readDirectory(directory) })
                // As in 0.2: the entries before a name that is not UTF-8, then its error.
                while case .option(let entry?) = try listed.readEntry(dialect) { values.append(entry) }
            } catch {
                ending = .error(dialect.error(error))
            }
            try entries.writeAll(values: values) { end(entries, done, ending) }
            return .tuple([entriesValue, doneValue])
        }
    }

    /// Ends a transfer: the stream closes and the future tells how it went.
    static func end(_ stream: HostStream, _ done: HostFuture, _ result: ComponentValue) {
        stream.drop()
        try? done.write(result)
    }

    /// Offers the file's bytes from `offset` on, a chunk each time the guest took the last.
    static func feed(_ file: HostDescriptor, from offset: UInt64, into contents: HostStream, done: HostFuture,
                     _ dialect: FilesystemDialect) {
        let bytes: [UInt8]
        do throws(WASIErrno) {
            bytes = try file.read(count: fileChunk, at: offset)
        } catch {
            return end(contents, done, .error(dialect.error(FilesystemErrorCode(error))))
        }
        guard !bytes.isEmpty else { return end(contents, done, .ok(nil)) }
        do throws(Trap) {
            try contents.write(bytes: bytes) { written, outcome in
                // A reader that stopped reading is not a failure of the file.
                guard outcome == .completed else { return end(contents, done, .ok(nil)) }
                feed(file, from: offset + UInt64(written), into: contents, done: done, dialect)
            }
        } catch {
            end(contents, done, .error(dialect.error(.io)))
        }
    }

    /// Writes what the guest sends to the file, at `offset` onwards or at
    /// its end (nil), until the guest drops its end of `data`.
    static func copyToFile(_ data: HostStream, _ file: HostDescriptor, at offset: UInt64?, done: HostFuture,
                      _ dialect: FilesystemDialect) throws(FilesystemErrorCode) {
        do throws(Trap) {
            try data.read(upTo: fileChunk) { (bytes: [UInt8], outcome) in
                do throws(WASIErrno) {
                    if let offset {
                        try file.writeAll(bytes, at: offset)
                    } else if !bytes.isEmpty {
                        try file.append(bytes)
                    }
                } catch {
                    return end(data, done, .error(dialect.error(FilesystemErrorCode(error))))
                }
                guard outcome == .completed else { return end(data, done, .ok(nil)) }
                // The guest's copy calls this: asking again leaves a read pending for its next write.
                try? copyToFile(data, file, at: offset.map { $0 + UInt64(bytes.count) }, done: done, dialect)
            }
        } catch {
            throw .io
        }
    }
}
