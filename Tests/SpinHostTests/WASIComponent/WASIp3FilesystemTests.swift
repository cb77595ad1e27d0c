@testable import ComponentModel
import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// `wasi:filesystem@0.3.0` in a temporary preopen: the methods 0.2 shares
/// answer in 0.3's encoding (error codes and descriptor types as variants,
/// signed times), and file contents and directory entries move through
/// streams, each with a future telling how the transfer ended. The host
/// plays the guest's side of each stream.
///
///     sandbox/               the preopen "/sandbox"
///       inside.txt           "inside"
///       sub/                 a directory
///     readonly/              the read-only preopen "/readonly"
///       kept.txt             "kept"
struct WASIp3FilesystemTests {
    static let types = "wasi:filesystem/types@0.3.0"
    let root: TemporaryDirectory
    let host: ComponentHost
    let sandbox: ComponentValue
    let readOnly: ComponentValue

    init() throws {
        root = try TemporaryDirectory()
        try root.makeDirectory("sandbox/sub")
        try root.write("inside", to: "sandbox/inside.txt")
        try root.makeDirectory("readonly")
        try root.write("kept", to: "readonly/kept.txt")
        host = ComponentHost(try WASIContext(preopens: [
            WASIPreopenDirectory(hostPath: root.url("sandbox").path, guestPath: "/sandbox"),
            WASIPreopenDirectory(hostPath: root.url("readonly").path, guestPath: "/readonly", readOnly: true),
        ]))
        guard case .list(let entries)? = try host.call("wasi:filesystem/preopens@0.3.0", "get-directories") else {
            throw ComponentHost.HostError.unexpected(nil)
        }
        var byPath: [String: ComponentValue] = [:]
        for case .tuple(let pair) in entries { byPath[pair[1].stringValue ?? ""] = pair[0].handleValue.map(ComponentValue.borrow) }
        sandbox = try #require(byPath["/sandbox"])
        readOnly = try #require(byPath["/readonly"])
    }

    func descriptor(_ method: String, _ target: ComponentValue, _ arguments: ComponentValue...) throws -> ComponentValue? {
        try host.function(Self.types, "[method]descriptor.\(method)").body(HostCall(store: host.store), [target] + arguments)
    }

    /// Opens `path` below `directory` for reading (and writing); the new descriptor as a borrow.
    func open(_ path: String, in directory: ComponentValue, write: Bool = false, create: Bool = false) throws -> ComponentValue? {
        let result = try descriptor("open-at", directory, .flags([]), .string(path), .flags(create ? [0] : []),
                                    .flags(write ? [0, 1] : [0]))
        guard case .ok(let opened?)? = result else { return nil }
        return opened.handleValue.map(ComponentValue.borrow)
    }

    /// Everything a stream the host writes offers, read as a guest would, until it ends.
    func drain(_ value: ComponentValue) throws -> [ComponentValue] {
        let stream = try HostStream(receiving: value, in: host.store)
        var values: [ComponentValue] = []
        var ended = false
        while !ended {
            try stream.read(upTo: 5) { (taken: [ComponentValue], outcome) in
                values += taken
                ended = outcome != .completed
            }
        }
        return values
    }

    /// The bytes of a `stream<u8>` the host writes, read as a guest would, until it ends.
    func drainBytes(_ value: ComponentValue) throws -> [UInt8] {
        let stream = try HostStream(receiving: value, in: host.store)
        var bytes: [UInt8] = []
        var ended = false
        while !ended {
            try stream.read(upTo: 4096) { (taken: [UInt8], outcome) in
                bytes += taken
                ended = outcome != .completed
            }
        }
        return bytes
    }

    /// The value a future the host writes resolved to.
    func outcome(_ value: ComponentValue) throws -> ComponentValue? {
        var resolved: ComponentValue?
        try HostFuture(receiving: value, in: host.store).read { value, _ in resolved = value }
        return resolved
    }

    @Test func sharedMethodsAnswerInVersion3Encoding() throws {
        let file = try #require(try open("inside.txt", in: sandbox))
        guard case .ok(.record(let stat)?)? = try descriptor("stat", file) else {
            Issue.record("no stat")
            return
        }
        #expect(stat[0] == .variant(case: 5, payload: nil))  // regular-file
        #expect(stat[2] == .u64(6))
        guard case .option(.record(let modified)?) = stat[4], case .s64(let seconds) = modified[0] else {
            Issue.record("no signed modification time: \(stat[4])")
            return
        }
        #expect(seconds > 1_700_000_000)
        #expect(try descriptor("get-type", sandbox) == .ok(.variant(case: 2, payload: nil)))  // directory
        // no-entry is case 19 in 0.3 (20 in 0.2, before which 0.3 dropped would-block).
        #expect(try descriptor("open-at", sandbox, .flags([]), .string("missing"), .flags([]), .flags([0]))
                == .error(.variant(case: 19, payload: nil)))
        #expect(try descriptor("create-directory-at", readOnly, .string("new")) == .error(.variant(case: 30, payload: nil)))
        // set-times takes a signed instant: a time before 1970 is allowed.
        let before1970 = ComponentValue.variant(case: 2, payload: .record([.s64(-86_400), .u32(0)]))
        #expect(try descriptor("set-times", file, before1970, before1970) == .ok(nil))
        guard case .ok(.record(let restamped)?)? = try descriptor("stat", file) else { return }
        #expect(restamped[4] == .option(.record([.s64(-86_400), .u32(0)])))
        #expect(try host.function("wasi:filesystem/types@0.3.0-rc-2026-03-15", "[method]descriptor.stat").type.isAsync)
    }

    @Test func fileContentsStreamOutWithTheirOutcome() throws {
        try root.write(String(repeating: "0123456789", count: 10_000), to: "sandbox/big.txt")
        let file = try #require(try open("big.txt", in: sandbox))
        guard case .tuple(let pair)? = try descriptor("read-via-stream", file, .u64(5)) else {
            Issue.record("no stream")
            return
        }
        let bytes = try drainBytes(pair[0])
        #expect(bytes.count == 100_000 - 5 && bytes.prefix(5) == Array("56789".utf8)[...])
        #expect(try outcome(pair[1]) == .ok(nil))

        guard case .tuple(let failed)? = try descriptor("read-via-stream", sandbox, .u64(0)) else { return }
        #expect(try drainBytes(failed[0]).isEmpty)
        #expect(try outcome(failed[1]) == .error(.variant(case: 13, payload: nil)))  // is-directory
    }

    @Test func guestStreamsWriteAndAppendToFiles() throws {
        let file = try #require(try open("written.txt", in: sandbox, write: true, create: true))
        for (method, chunks, offset) in [("write-via-stream", ["hello ", "world"], UInt64?(0)),
                                         ("append-via-stream", ["!", "!"], nil)] {
            let (writer, data) = HostStream.make(elementType: .u8, in: host.store)
            let arguments = [file, data] + (offset.map { [ComponentValue.u64($0)] } ?? [])
            let future = try #require(try host.function(Self.types, "[method]descriptor.\(method)").body(HostCall(store: host.store), arguments))
            for chunk in chunks { try writer.write(bytes: Array(chunk.utf8)) { _, _ in } }
            writer.drop()
            #expect(try outcome(future) == .ok(nil), "\(method)")
        }
        #expect(try root.read("sandbox/written.txt") == "hello world!!")

        let kept = try #require(try open("kept.txt", in: readOnly))
        let (writer, data) = HostStream.make(elementType: .u8, in: host.store)
        let refused = try #require(try descriptor("write-via-stream", kept, data, .u64(0)))
        #expect(try outcome(refused) == .error(.variant(case: 30, payload: nil)))  // not-permitted
        var outcomeOfWrite: CopyOutcome?
        try writer.write(bytes: [1]) { _, outcome in outcomeOfWrite = outcome }
        #expect(outcomeOfWrite == .dropped)
    }

    @Test func directoryEntriesStreamWithTheirTypes() throws {
        guard case .tuple(let pair)? = try descriptor("read-directory", sandbox) else {
            Issue.record("no stream")
            return
        }
        let entries = try drain(pair[0]).compactMap { entry -> String? in
            guard case .record(let fields) = entry, case .variant(let type, _) = fields[0] else { return nil }
            return "\(fields[1].stringValue ?? "?"):\(type)"
        }
        #expect(entries.sorted() == ["inside.txt:5", "sub:2"])
        #expect(try outcome(pair[1]) == .ok(nil))
    }
}
