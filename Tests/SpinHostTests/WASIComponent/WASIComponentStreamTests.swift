@testable import ComponentModel
@testable import SpinHost
import Testing
import WasmInterpreter

/// `wasi:io/streams` on the standard streams, `wasi:io/error` and
/// `wasi:io/poll`: reads end with `closed`, writes land in the same sink
/// as preview 1's, the WIT's limits trap and bad handles trap.
struct WASIComponentStreamTests {
    static let streams = "wasi:io/streams@0.2.0"
    static let closed = ComponentValue.error(.variant(case: 1, payload: nil))

    @Test func stdinReadsItsBytesThenIsClosed() throws {
        let host = ComponentHost(try WASIContext(stdin: .bytes(Array("hello, world".utf8))))
        let stdin = try host.stdin()
        #expect(try host.call(Self.streams, "[method]input-stream.read", stdin, .u64(5)) == .ok(.bytes(Array("hello".utf8))))
        #expect(try host.call(Self.streams, "[method]input-stream.skip", stdin, .u64(2)) == .ok(.u64(2)))
        #expect(try host.call(Self.streams, "[method]input-stream.blocking-read", stdin, .u64(100))
                == .ok(.bytes(Array("world".utf8))))
        // End of input is `stream-error.closed`, for every read after it too.
        #expect(try host.call(Self.streams, "[method]input-stream.read", stdin, .u64(1)) == Self.closed)
        #expect(try host.call(Self.streams, "[method]input-stream.blocking-read", stdin, .u64(0)) == Self.closed)
        #expect(try host.call(Self.streams, "[method]input-stream.blocking-skip", stdin, .u64(1)) == Self.closed)
    }

    @Test func emptyStdinIsClosedAtOnce() throws {
        let host = ComponentHost(try WASIContext())
        #expect(try host.call(Self.streams, "[method]input-stream.read", try host.stdin(), .u64(10)) == Self.closed)
    }

    @Test func everyStdinStreamSharesOnePosition() throws {
        let host = ComponentHost(try WASIContext(stdin: .bytes([1, 2, 3, 4])))
        let first = try host.stdin(), second = try host.stdin()
        #expect(try host.call(Self.streams, "[method]input-stream.read", first, .u64(2)) == .ok(.bytes([1, 2])))
        #expect(try host.call(Self.streams, "[method]input-stream.read", second, .u64(2)) == .ok(.bytes([3, 4])))
    }

    @Test func stdoutAndStderrWriteToTheCapturesPreview1Uses() throws {
        let host = ComponentHost(try WASIContext(stdout: .capture, stderr: .capture))
        let stdout = try host.stdout()
        let stderr = try #require(try host.call("wasi:cli/stderr@0.2.0", "get-stderr"))
        #expect(try host.call(Self.streams, "[method]output-stream.check-write", stdout) == .ok(.u64(1024 * 1024)))
        #expect(try host.call(Self.streams, "[method]output-stream.write", stdout, .bytes(Array("out ".utf8))) == .ok(nil))
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-write-and-flush", stdout,
                              .bytes(Array("put".utf8))) == .ok(nil))
        #expect(try host.call(Self.streams, "[method]output-stream.write-zeroes", stdout, .u64(2)) == .ok(nil))
        #expect(try host.call(Self.streams, "[method]output-stream.flush", stdout) == .ok(nil))
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-flush", stdout) == .ok(nil))
        #expect(try host.call(Self.streams, "[method]output-stream.write", stderr, .bytes(Array("err".utf8))) == .ok(nil))
        #expect(host.context.capturedStdout == Array("out put".utf8) + [0, 0])
        #expect(host.context.capturedStderr == Array("err".utf8))
    }

    @Test func aFullCaptureFailsWithFileTooLarge() throws {
        let host = ComponentHost(try WASIContext(stdout: .capture(limit: 4)))
        let stdout = try host.stdout()
        let result = try host.call(Self.streams, "[method]output-stream.write", stdout, .bytes(Array("123456".utf8)))
        guard case .error(.variant(case: 0, payload: .own(let error)?))? = result else {
            Issue.record("expected last-operation-failed, got \(String(describing: result))")
            return
        }
        #expect(host.context.capturedStdout == Array("1234".utf8))
        let code = try host.call("wasi:filesystem/types@0.2.0", "filesystem-error-code", .borrow(error))
        #expect(code == .option(.enum(UInt32(FilesystemCode.names.firstIndex(of: "file-too-large")!))))
        #expect(try host.call("wasi:io/error@0.2.0", "[method]error.to-debug-string", .borrow(error))?.stringValue?
                    .contains("fbig") == true)
        guard case .error(.variant(case: 0, payload: _))? =
                try host.call(Self.streams, "[method]output-stream.check-write", stdout) else {
            Issue.record("a full capture still grants writes")
            return
        }
    }

    @Test func blockingCallsOver4096BytesTrap() throws {
        let host = ComponentHost(try WASIContext(stdout: .capture))
        let stdout = try host.stdout()
        let trap = try host.trap(Self.streams, "[method]output-stream.blocking-write-and-flush", stdout,
                                 .bytes([UInt8](repeating: 1, count: 4097)))
        #expect(trap?.description.contains("expected at most 4096") == true)
        #expect(try host.trap(Self.streams, "[method]output-stream.blocking-write-zeroes-and-flush", stdout,
                              .u64(4097)) != nil)
        #expect(try host.trap(Self.streams, "[method]output-stream.write-zeroes", stdout, .u64(2 << 20)) != nil)
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-write-and-flush", stdout,
                              .bytes([UInt8](repeating: 1, count: 4096))) == .ok(nil))
        #expect(host.context.capturedStdout.count == 4096)
    }

    @Test func spliceCopiesStdinToStdout() throws {
        let host = ComponentHost(try WASIContext(stdin: .bytes(Array("abcdef".utf8)), stdout: .capture))
        let (stdin, stdout) = (try host.stdin(), try host.stdout())
        #expect(try host.call(Self.streams, "[method]output-stream.splice", stdout, stdin, .u64(4)) == .ok(.u64(4)))
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-splice", stdout, stdin, .u64(10)) == .ok(.u64(2)))
        #expect(try host.call(Self.streams, "[method]output-stream.blocking-splice", stdout, stdin, .u64(10)) == Self.closed)
        #expect(host.context.capturedStdout == Array("abcdef".utf8))
    }

    @Test func badHandlesTrapWithTheResourceName() throws {
        let host = ComponentHost(try WASIContext(stdout: .capture))
        let stdin = try host.stdin()
        // An input stream is not an output stream, and 999 is nothing.
        let wrongType = try host.trap(Self.streams, "[method]output-stream.write", stdin, .bytes([1]))
        #expect(wrongType?.description.contains("not a live output-stream") == true)
        #expect(try host.trap(Self.streams, "[method]input-stream.read", .borrow(999), .u64(1)) != nil)
        #expect(try host.trap("wasi:io/poll@0.2.0", "poll", .list([.borrow(999)])) != nil)
        #expect(try host.trap("wasi:io/error@0.2.0", "[method]error.to-debug-string", .borrow(999)) != nil)
        // A dropped stream is gone.
        try host.drop(Self.streams, "input-stream", try #require(stdin.handleValue))
        #expect(try host.trap(Self.streams, "[method]input-stream.read", stdin, .u64(1)) != nil)
    }

    @Test func droppingReleasesTheObject() throws {
        let host = ComponentHost(try WASIContext())
        let before = host.resources.count
        let stdout = try host.stdout()
        let pollable = try #require(try host.call(Self.streams, "[method]output-stream.subscribe", stdout))
        #expect(host.resources.count == before + 2)
        try host.drop("wasi:io/poll@0.2.0", "pollable", try #require(pollable.handleValue))
        try host.drop(Self.streams, "output-stream", try #require(stdout.handleValue))
        #expect(host.resources.count == before)
    }

    @Test func pollReturnsTheReadyIndices() throws {
        let host = ComponentHost(try WASIContext(stdin: .bytes([1])))
        let stdinReady = try #require(try host.call(Self.streams, "[method]input-stream.subscribe", try host.stdin()))
        let later = try #require(try host.call("wasi:clocks/monotonic-clock@0.2.0", "subscribe-duration", .u64(60_000_000_000)))
        let poll = "wasi:io/poll@0.2.0"
        #expect(try host.call(poll, "poll", .list([later.borrowed, stdinReady.borrowed])) == .list([.u32(1)]))
        #expect(try host.call(poll, "[method]pollable.ready", later.borrowed) == .bool(false))
        #expect(try host.call(poll, "[method]pollable.ready", stdinReady.borrowed) == .bool(true))
        // wasmtime traps on an empty list: nothing in it could ever be ready.
        #expect(try host.trap(poll, "poll", .list([])) != nil)
    }

    @Test func blockWaitsForADeadline() throws {
        let host = ComponentHost(try WASIContext())
        let clock = "wasi:clocks/monotonic-clock@0.2.0"
        guard case .u64(let start)? = try host.call(clock, "now") else { throw ComponentHost.HostError.unexpected(nil) }
        let soon = try #require(try host.call(clock, "subscribe-duration", .u64(20_000_000)))
        try host.call("wasi:io/poll@0.2.0", "[method]pollable.block", soon.borrowed)
        guard case .u64(let end)? = try host.call(clock, "now") else { throw ComponentHost.HostError.unexpected(nil) }
        #expect(end - start >= 20_000_000)
        let past = try #require(try host.call(clock, "subscribe-instant", .u64(start)))
        #expect(try host.call("wasi:io/poll@0.2.0", "[method]pollable.ready", past.borrowed) == .bool(true))
    }
}

extension ComponentValue {
    /// An owned handle passed back as a borrow.
    var borrowed: ComponentValue { handleValue.map(ComponentValue.borrow) ?? self }
}
