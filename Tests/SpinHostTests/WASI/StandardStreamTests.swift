@testable import SpinHost
import Testing
import WasmInterpreter

/// Descriptors 0-2 in memory: the WAGI/CGI shape (body in, response out).
struct StandardStreamTests {
    @Test func commandWritesCapturedStdout() throws {
        let context = try WASIContext(stdout: .capture)
        let guest = try WASIGuest(context, module: GuestModules.hello)
        #expect(try context.runCommand(guest.instance) == 0)
        #expect(context.capturedStdout == Array("hello, wasi\n".utf8))
        #expect(context.exitCode == nil)
    }

    @Test func procExitEndsTheRunWithItsCode() throws {
        let context = try WASIContext(stdout: .capture, stderr: .capture)
        let guest = try WASIGuest(context, module: GuestModules.exit)
        #expect(try context.runCommand(guest.instance) == 42)
        #expect(context.exitCode == 42)
        #expect(context.capturedStderr == Array("bye\n".utf8))
        #expect(context.capturedStdout.isEmpty)
    }

    @Test func procExitIsAnExitTrap() throws {
        let guest = try WASIGuest(WASIContext())
        do {
            _ = try guest.instance.invoke("proc_exit", [.i32(0xFFFF_FFFF)])
            Issue.record("proc_exit returned")
        } catch {
            guard case .trap(let trap) = error else { throw error }
            #expect(trap.reason == .exit(code: -1))
        }
    }

    @Test(arguments: [0, 1, 6, 7, 8, 100, 4096])
    func commandCopiesStdinBytesToStdout(length: Int) throws {
        let input = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let context = try WASIContext(stdin: .bytes(input), stdout: .capture)
        let guest = try WASIGuest(context, module: GuestModules.cat)
        #expect(try context.runCommand(guest.instance) == 0)
        #expect(context.capturedStdout == input)
    }

    @Test func stdinReadsInPiecesThenEndOfFile() throws {
        let guest = try WASIGuest(WASIContext(stdin: .bytes(Array("request body".utf8))))
        #expect(try guest.read(0, count: 7) == .success(Array("request".utf8)))
        #expect(try guest.read(0, count: 100) == .success(Array(" body".utf8)))
        #expect(try guest.read(0, count: 100) == .success([]))
    }

    @Test func scatteredReadFillsEveryVector() throws {
        let guest = try WASIGuest(WASIContext(stdin: .bytes(Array("abcdefgh".utf8))))
        let (vectors, count) = try guest.placeVectors([(100, 3), (200, 0), (300, 4)])
        #expect(try guest.call("fd_read", .i32(0), vectors, count, .i32(0)) == .success)
        #expect(try guest.u32(at: 0) == 7)
        #expect(try guest.string(at: 100, count: 3) == "abc")
        #expect(try guest.string(at: 300, count: 4) == "defg")
    }

    @Test func captureLimitStoresWhatFitsThenFails() throws {
        let context = try WASIContext(stdout: .capture(limit: 5))
        let guest = try WASIGuest(context)
        #expect(try guest.write("hello, world", to: 1) == .success(5))
        #expect(try guest.write("!", to: 1) == .failure(.fbig))
        #expect(context.capturedStdout == Array("hello".utf8))
    }

    @Test func discardedOutputAcceptsEverything() throws {
        let context = try WASIContext()
        let guest = try WASIGuest(context)
        #expect(try guest.write("dropped", to: 1) == .success(7))
        #expect(try guest.write("dropped", to: 2) == .success(7))
        #expect(context.capturedStdout.isEmpty)
    }

    @Test func streamsOnlyGoOneWay() throws {
        let guest = try WASIGuest(WASIContext(stdin: .bytes([1]), stdout: .capture))
        #expect(try guest.write("x", to: 0) == .failure(.badf))
        #expect(try guest.read(1, count: 1) == .failure(.badf))
    }

    @Test func streamsHaveNoPosition() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("fd_tell", .i32(1), .i32(0)) == .spipe)
        #expect(try guest.call("fd_seek", .i32(0), .i64(0), .i32(1), .i32(0)) == .spipe)
        #expect(try guest.call("fd_pread", .i32(0), .i32(0), .i32(0), .i64(0), .i32(0)) == .spipe)
    }

    @Test func fdstatOfInMemoryStreams() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("fd_fdstat_get", .i32(1), .i32(64)) == .success)
        #expect(try guest.bytes(at: 64, count: 1) == [0])  // filetype unknown: not a terminal
        #expect(try guest.u64(at: 72) & (1 << 6) != 0)     // rights::fd_write
        #expect(try guest.u64(at: 72) & (1 << 1) == 0)     // no rights::fd_read
        #expect(try guest.call("fd_filestat_get", .i32(0), .i32(128)) == .success)
        #expect(try guest.u64(at: 128 + 32) == 0)
    }

    @Test func renumberedStdoutIsStillCaptured() throws {
        let context = try WASIContext(stdout: .capture)
        let guest = try WASIGuest(context)
        #expect(try guest.call("fd_renumber", .i32(1), .i32(2)) == .success)
        #expect(try guest.write("moved", to: 2) == .success(5))
        #expect(try guest.write("gone", to: 1) == .failure(.badf))
        #expect(context.capturedStdout == Array("moved".utf8))
        #expect(try guest.call("fd_close", .i32(2)) == .success)
        #expect(try guest.call("fd_close", .i32(2)) == .badf)
    }
}
