@testable import ComponentModel
import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// `wasi:filesystem` in a temporary preopen: files written and read back
/// through descriptors and streams, directories listed, and every way out
/// of the sandbox refused as wasmtime refuses it (`not-permitted`).
///
///     outside.txt            "secret"
///     sandbox/               the preopen "/sandbox"
///       inside.txt           "inside"
///       sub/file.txt         "file"
///       out -> ../outside.txt, up -> .., absolute -> <host path of outside.txt>
///     readonly/              the read-only preopen "/readonly"
///       kept.txt             "kept"
struct WASIComponentFilesystemTests {
    let root: TemporaryDirectory
    let host: ComponentHost
    let sandbox: ComponentValue
    let readOnly: ComponentValue
    static let types = "wasi:filesystem/types@0.2.0"
    static let streams = "wasi:io/streams@0.2.0"

    init() throws {
        root = try TemporaryDirectory()
        try root.write("secret", to: "outside.txt")
        try root.makeDirectory("sandbox/sub")
        try root.write("inside", to: "sandbox/inside.txt")
        try root.write("file", to: "sandbox/sub/file.txt")
        try root.symlink("sandbox/out", to: "../outside.txt")
        try root.symlink("sandbox/up", to: "..")
        try root.symlink("sandbox/absolute", to: root.url("outside.txt").path)
        try root.makeDirectory("readonly")
        try root.write("kept", to: "readonly/kept.txt")
        host = ComponentHost(try WASIContext(preopens: [
            WASIPreopenDirectory(hostPath: root.url("sandbox").path, guestPath: "/sandbox"),
            WASIPreopenDirectory(hostPath: root.url("readonly").path, guestPath: "/readonly", readOnly: true),
        ]))
        let preopens = try host.preopens()
        sandbox = try #require(preopens["/sandbox"])
        readOnly = try #require(preopens["/readonly"])
    }

    @Test func preopensAreListedInOrder() throws {
        guard case .list(let entries)? = try host.call("wasi:filesystem/preopens@0.2.0", "get-directories") else {
            Issue.record("no list")
            return
        }
        #expect(entries.compactMap { if case .tuple(let pair) = $0 { pair[1].stringValue } else { nil } }
                == ["/sandbox", "/readonly"])
        // Each call makes new descriptors on the same directories.
        #expect(try host.descriptor("is-same-object", sandbox, try #require(try host.preopens()["/sandbox"])) == .bool(true))
        #expect(try host.descriptor("is-same-object", sandbox, readOnly) == .bool(false))
        #expect(try host.descriptor("get-flags", sandbox) == .ok(.flags([0, 5])))  // read, mutate-directory
        #expect(try host.descriptor("get-flags", readOnly) == .ok(.flags([0])))
        #expect(try host.descriptor("get-type", sandbox) == .ok(.enum(3)))
    }

    /// The paths SandboxTests checks for preview 1, through `open-at` and `stat-at`.
    @Test(arguments: [
        "../outside.txt", "/etc/passwd", "sub/../../outside.txt", "./../outside.txt", "..", "sub/../..",
        "out", "absolute", "up/outside.txt", "up",
    ])
    func escapesAreNotPermitted(path: String) throws {
        #expect(try host.open(path, in: sandbox, follow: true) == .failure(FilesystemCode("not-permitted")))
        let stat = try host.descriptor("stat-at", sandbox, .flags([0]), .string(path))
        #expect(try FilesystemCode.result(stat).failure == FilesystemCode("not-permitted"))
    }

    @Test func nothingIsCreatedOrRemovedOutside() throws {
        for method in ["create-directory-at", "unlink-file-at", "remove-directory-at"] {
            let result = try host.descriptor(method, sandbox, .string("../outside.txt"))
            #expect(try FilesystemCode.result(result).failure == FilesystemCode("not-permitted"), "\(method)")
        }
        let rename = try host.descriptor("rename-at", sandbox, .string("inside.txt"), sandbox, .string("../escaped"))
        #expect(try FilesystemCode.result(rename).failure == FilesystemCode("not-permitted"))
        let symlink = try host.descriptor("symlink-at", sandbox, .string("/etc/passwd"), .string("link"))
        #expect(try FilesystemCode.result(symlink).failure == FilesystemCode("not-permitted"))
        // Not even the target of a link to outside is revealed (cap-std's escape check).
        let readlink = try host.descriptor("readlink-at", sandbox, .string("absolute"))
        #expect(try FilesystemCode.result(readlink).failure == FilesystemCode("not-permitted"))
        #expect(try host.descriptor("readlink-at", sandbox, .string("out")) == .ok(.string("../outside.txt")))
        #expect(try root.read("outside.txt") == "secret")
        #expect(!root.exists("escaped") && root.exists("sandbox/inside.txt") && !root.exists("sandbox/link"))
    }

    @Test func aFileIsWrittenAndReadBackThroughStreams() throws {
        let file = try host.open("new.txt", in: sandbox, openFlags: ["create"], flags: ["read", "write"]).get()
        let output = try #require(try host.ok(Self.types, "[method]descriptor.write-via-stream", file, .u64(0)))
        for chunk in ["hello, ", "component ", "world"] {
            #expect(try host.call(Self.streams, "[method]output-stream.write", output, .bytes(Array(chunk.utf8))) == .ok(nil))
        }
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-flush", output) == .ok(nil))
        #expect(try root.read("sandbox/new.txt") == "hello, component world")

        let input = try #require(try host.ok(Self.types, "[method]descriptor.read-via-stream", file, .u64(7)))
        #expect(try host.readToEnd(input) == Array("component world".utf8))
        // After the end the stream stays closed.
        #expect(try host.call(Self.streams, "[method]input-stream.read", input, .u64(1))
                == .error(.variant(case: 1, payload: nil)))

        let appender = try #require(try host.ok(Self.types, "[method]descriptor.append-via-stream", file))
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-write-and-flush", appender,
                              .bytes(Array("!".utf8))) == .ok(nil))
        #expect(try root.read("sandbox/new.txt") == "hello, component world!")
    }

    @Test func readAndWriteAtOffsets() throws {
        let file = try host.open("inside.txt", in: sandbox, flags: ["read", "write"]).get()
        #expect(try host.descriptor("write", file, .bytes(Array("IN".utf8)), .u64(0)) == .ok(.u64(2)))
        #expect(try host.descriptor("read", file, .u64(100), .u64(2)) == .ok(.tuple([.bytes(Array("side".utf8)), .bool(false)])))
        // The end of file is reported only when nothing was read.
        #expect(try host.descriptor("read", file, .u64(100), .u64(6)) == .ok(.tuple([.bytes([]), .bool(true)])))
        #expect(try host.descriptor("set-size", file, .u64(3)) == .ok(nil))
        #expect(try root.read("sandbox/inside.txt") == "INs")
        let stat = try #require(try host.ok(Self.types, "[method]descriptor.stat", file))
        guard case .record(let fields) = stat else { throw ComponentHost.HostError.unexpected(stat) }
        #expect(fields[0] == .enum(6))  // regular-file
        #expect(fields[1] == .u64(1))
        #expect(fields[2] == .u64(3))
        #expect(fields.count == 6)
        guard case .option(.record(let modified)?) = fields[4] else { throw ComponentHost.HostError.unexpected(fields[4]) }
        let seconds = try #require(modified.first?.u64Value)
        #expect(abs(Double(seconds) - Date().timeIntervalSince1970) < 60)
    }

    @Test func fileOperationsOnADirectoryAndTheReverse() throws {
        let file = try host.open("inside.txt", in: sandbox).get()
        #expect(try FilesystemCode.result(try host.descriptor("read-via-stream", sandbox, .u64(0))).failure
                == FilesystemCode("is-directory"))
        #expect(try FilesystemCode.result(try host.descriptor("write-via-stream", sandbox, .u64(0))).failure
                == FilesystemCode("bad-descriptor"))
        #expect(try FilesystemCode.result(try host.descriptor("read", sandbox, .u64(1), .u64(0))).failure
                == FilesystemCode("bad-descriptor"))
        #expect(try host.open("x", in: file) == .failure(FilesystemCode("not-directory")))
        #expect(try FilesystemCode.result(try host.descriptor("read-directory", file)).failure
                == FilesystemCode("not-directory"))
        #expect(try host.open("inside.txt", in: sandbox, openFlags: ["directory"]) == .failure(FilesystemCode("not-directory")))
        #expect(try host.open("missing.txt", in: sandbox) == .failure(FilesystemCode("no-entry")))
        #expect(try host.open("new", in: sandbox, openFlags: ["create", "directory"]) == .failure(FilesystemCode("invalid")))
        #expect(try host.open("inside.txt", in: sandbox, flags: ["read", "file-integrity-sync"])
                == .failure(FilesystemCode("unsupported")))
        #expect(try host.open("inside.txt", in: sandbox, openFlags: ["create", "exclusive"], flags: ["write"])
                == .failure(FilesystemCode("exist")))
        // A directory opens as a directory without asking.
        let sub = try host.open("sub", in: sandbox).get()
        #expect(try host.descriptor("get-type", sub) == .ok(.enum(3)))
    }

    @Test func aFailedStreamReadNamesItsErrorCode() throws {
        // Opened for writing only: reading it fails in the host with EBADF.
        let file = try host.open("inside.txt", in: sandbox, flags: ["write"]).get()
        let input = try #require(try host.ok(Self.types, "[method]descriptor.read-via-stream", file, .u64(0)))
        let result = try host.call(Self.streams, "[method]input-stream.blocking-read", input, .u64(10))
        guard case .error(.variant(case: 0, payload: .own(let error)?))? = result else {
            throw ComponentHost.HostError.unexpected(result)
        }
        let code = try host.call(Self.types, "filesystem-error-code", .borrow(error))
        #expect(code == .option(.enum(UInt32(FilesystemCode.names.firstIndex(of: "bad-descriptor")!))))
        // A failure closes the stream.
        #expect(try host.call(Self.streams, "[method]input-stream.read", input, .u64(1)) == .error(.variant(case: 1, payload: nil)))
    }

    @Test func aDirectoryIsListedWithoutDotEntries() throws {
        let stream = try #require(try host.ok(Self.types, "[method]descriptor.read-directory", sandbox))
        var entries: [String: UInt32] = [:]
        while true {
            let next = try host.ok(Self.types, "[method]directory-entry-stream.read-directory-entry", stream)
            guard case .option(.record(let fields)?)? = next else {
                #expect(next == .option(nil))
                break
            }
            guard case .enum(let type) = fields[0], case .string(let name) = fields[1] else { throw ComponentHost.HostError.unexpected(next) }
            entries[name] = type
        }
        // regular-file 6, directory 3, symbolic-link 5
        #expect(entries == ["inside.txt": 6, "sub": 3, "out": 5, "up": 5, "absolute": 5])
    }

    @Test func pathOperationsChangeTheSandbox() throws {
        #expect(try host.descriptor("create-directory-at", sandbox, .string("made")) == .ok(nil))
        #expect(try FilesystemCode.result(try host.descriptor("create-directory-at", sandbox, .string("made"))).failure
                == FilesystemCode("exist"))
        #expect(try host.descriptor("rename-at", sandbox, .string("inside.txt"), sandbox, .string("made/moved.txt")) == .ok(nil))
        #expect(try host.descriptor("link-at", sandbox, .flags([]), .string("made/moved.txt"), sandbox, .string("hard.txt")) == .ok(nil))
        #expect(try FilesystemCode.result(try host.descriptor("link-at", sandbox, .flags([0]), .string("hard.txt"), sandbox,
                                                              .string("again.txt"))).failure == FilesystemCode("invalid"))
        #expect(try host.descriptor("symlink-at", sandbox, .string("hard.txt"), .string("soft")) == .ok(nil))
        #expect(try host.descriptor("readlink-at", sandbox, .string("soft")) == .ok(.string("hard.txt")))
        #expect(try FilesystemCode.result(try host.descriptor("readlink-at", sandbox, .string("hard.txt"))).failure
                == FilesystemCode("invalid"))
        #expect(try host.descriptor("is-same-object", try host.open("hard.txt", in: sandbox).get(),
                                    try host.open("soft", in: sandbox, follow: true).get()) == .bool(true))
        // Without following, the final link is not opened (wasmtime: O_NOFOLLOW's ELOOP).
        #expect(try host.open("soft", in: sandbox) == .failure(FilesystemCode("loop")))
        #expect(try FilesystemCode.result(try host.descriptor("remove-directory-at", sandbox, .string("made"))).failure
                == FilesystemCode("not-empty"))
        #expect(try FilesystemCode.result(try host.descriptor("unlink-file-at", sandbox, .string("made"))).failure
                == FilesystemCode("is-directory"))
        #expect(try host.descriptor("unlink-file-at", sandbox, .string("made/moved.txt")) == .ok(nil))
        #expect(try host.descriptor("remove-directory-at", sandbox, .string("made")) == .ok(nil))
        #expect(try host.descriptor("unlink-file-at", sandbox, .string("soft")) == .ok(nil))
        #expect(try root.read("sandbox/hard.txt") == "inside")
        #expect(!root.exists("sandbox/made") && !root.exists("sandbox/soft"))
    }

    @Test func timesAreSetAndStatFollowsOnlyWhenAsked() throws {
        let stamp = ComponentValue.variant(case: 2, payload: .record([.u64(1_000_000_000), .u32(5)]))
        let keep = ComponentValue.variant(case: 0, payload: nil)
        #expect(try host.descriptor("set-times-at", sandbox, .flags([]), .string("inside.txt"), keep, stamp) == .ok(nil))
        let attributes = try FileManager.default.attributesOfItem(atPath: root.url("sandbox/inside.txt").path)
        #expect((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 == 1_000_000_000)
        let link = try #require(try host.ok(Self.types, "[method]descriptor.stat-at", sandbox, .flags([]), .string("out")))
        #expect(link.recordField(0) == .enum(5))  // symbolic-link
        let sub = try #require(try host.ok(Self.types, "[method]descriptor.stat-at", sandbox, .flags([0]), .string("sub/")))
        #expect(sub.recordField(0) == .enum(3))
        #expect(try FilesystemCode.result(try host.descriptor("stat-at", sandbox, .flags([0]), .string("inside.txt/"))).failure
                == FilesystemCode("not-directory"))
    }

    @Test func aReadOnlyPreopenRefusesChanges() throws {
        let notPermitted = FilesystemCode("not-permitted")
        #expect(try host.open("kept.txt", in: readOnly, flags: ["read", "write"]) == .failure(notPermitted))
        #expect(try host.open("new.txt", in: readOnly, openFlags: ["create"]) == .failure(notPermitted))
        #expect(try host.open("kept.txt", in: readOnly, openFlags: ["truncate"]) == .failure(notPermitted))
        for (method, arguments) in [
            ("create-directory-at", [ComponentValue.string("d")]), ("unlink-file-at", [.string("kept.txt")]),
            ("remove-directory-at", [.string("d")]), ("symlink-at", [.string("kept.txt"), .string("l")]),
            ("set-times-at", [.flags([]), .string("kept.txt"), .variant(case: 1, payload: nil), .variant(case: 1, payload: nil)]),
        ] {
            let result = try host.function(Self.types, "[method]descriptor.\(method)").body(
                HostCall(store: host.store), [readOnly] + arguments)
            #expect(try FilesystemCode.result(result).failure == notPermitted, "\(method)")
        }
        // Between preopens of different permissions nothing moves either way.
        #expect(try FilesystemCode.result(try host.descriptor("rename-at", sandbox, .string("inside.txt"), readOnly,
                                                              .string("moved.txt"))).failure == notPermitted)
        #expect(try FilesystemCode.result(try host.descriptor("link-at", readOnly, .flags([]), .string("kept.txt"), sandbox,
                                                              .string("linked.txt"))).failure == notPermitted)
        // Reading is fine, and a file opened below it cannot be written either.
        let kept = try host.open("kept.txt", in: readOnly).get()
        #expect(try host.descriptor("read", kept, .u64(10), .u64(0)) == .ok(.tuple([.bytes(Array("kept".utf8)), .bool(false)])))
        #expect(try FilesystemCode.result(try host.descriptor("write", kept, .bytes([1]), .u64(0))).failure == notPermitted)
        #expect(try FilesystemCode.result(try host.descriptor("write-via-stream", kept, .u64(0))).failure == notPermitted)
        #expect(try FilesystemCode.result(try host.descriptor("set-size", kept, .u64(0))).failure == notPermitted)
        #expect(try root.read("readonly/kept.txt") == "kept")
        #expect(!root.exists("readonly/new.txt") && !root.exists("sandbox/linked.txt"))
    }

    @Test func metadataHashesAreWasmtimes() throws {
        let file = try host.open("inside.txt", in: sandbox).get()
        let hash = try #require(try host.ok(Self.types, "[method]descriptor.metadata-hash", file))
        let hashAt = try host.ok(Self.types, "[method]descriptor.metadata-hash-at", sandbox, .flags([]), .string("inside.txt"))
        #expect(hash == hashAt)
        let other = try host.ok(Self.types, "[method]descriptor.metadata-hash-at", sandbox, .flags([]), .string("sub"))
        #expect(hash != other)
        // Pinned from `wasmtime run` (49): a Python guest's st_ino (the
        // lower half) for a file whose host device is 65024 and inode 16229300.
        #expect(MetadataHash.value(device: 65024, inode: 16_229_300).lower == 17_760_605_707_123_578_364)
        #expect(MetadataHash.value(device: 65024, inode: 16_229_299).lower == 15_836_346_161_942_071_332)
    }

    /// Host descriptors are shared by every request: a guest holds at most
    /// as many as preview 1 allows, and past that an open fails as the
    /// host's EMFILE does in wasmtime (`io`), until one is dropped.
    @Test func openDescriptorsAreLimited() throws {
        var opened: [ComponentValue] = []
        for _ in 0..<DescriptorBudget.capacity {
            opened.append(try host.open("inside.txt", in: sandbox).get())
        }
        #expect(try host.open("inside.txt", in: sandbox) == .failure(FilesystemCode("io")))
        try host.drop(Self.types, "descriptor", try #require(opened.popLast()?.handleValue))
        #expect(try host.open("inside.txt", in: sandbox).map { _ in true } == .success(true))
    }

    @Test func badDescriptorHandlesTrap() throws {
        #expect(try host.trap(Self.types, "[method]descriptor.stat", .borrow(12345)) != nil)
        let file = try host.open("inside.txt", in: sandbox).get()
        // A descriptor is not a directory-entry-stream.
        #expect(try host.trap(Self.types, "[method]directory-entry-stream.read-directory-entry", file) != nil)
        #expect(try host.trap(Self.types, "[method]descriptor.is-same-object", file, .borrow(12345)) != nil)
    }
}

extension ComponentValue {
    func recordField(_ index: Int) -> ComponentValue? {
        if case .record(let fields) = self, index < fields.count { return fields[index] }
        return nil
    }
}
