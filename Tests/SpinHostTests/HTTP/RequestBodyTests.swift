import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// A request body read while it arrives: reads see bytes as they come,
/// the end and failures are reported once everything before them was
/// read, and a reader far behind throttles the server until it catches up.
struct RequestBodyTests {
    @Test func readsSeeBytesAsTheyArriveThenTheEnd() throws {
        let body = RequestBody()
        #expect(try body.read(upTo: 10, blocking: false) == .bytes([]))
        _ = body.append([1, 2, 3])
        #expect(try body.read(upTo: 2, blocking: false) == .bytes([1, 2]))
        _ = body.append([4])
        #expect(try body.read(upTo: 10, blocking: true) == .bytes([3, 4]))
        body.finish(trailers: [("x-sum", "10")])
        #expect(try body.read(upTo: 10, blocking: true) == .end)
        #expect(body.trailers?.first?.value == "10" && body.receivedCount == 4)
    }

    @Test func aBlockingReadWaitsForTheWriter() throws {
        let body = RequestBody()
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            _ = body.append(Array(repeating: 7, count: 5))
            body.finish(trailers: nil)
        }
        writer.start()
        #expect(try body.readAll() == Array(repeating: 7, count: 5))
    }

    @Test func aFailureComesAfterTheBytesBeforeIt() throws {
        let body = RequestBody()
        _ = body.append([1])
        body.fail(.tooLarge(limit: 1))
        #expect(try body.read(upTo: 4, blocking: true) == .bytes([1]))
        #expect(throws: RequestBody.ReadFailure.self) { try body.read(upTo: 4, blocking: true) }
        #expect(body.failureReason == .tooLarge(limit: 1))
    }

    @Test func anInterruptedBlockingReadGivesUp() {
        let body = RequestBody()
        let interruption = Store(engine: Engine()).interruptHandle
        interruption.interrupt()
        #expect {
            try body.read(upTo: 4, blocking: true, interruption: interruption)
        } throws: { error in
            if case .interrupted = error as? RequestBody.ReadFailure { true } else { false }
        }
    }

    @Test func aReaderFarBehindThrottlesUntilItCatchesUp() throws {
        let body = RequestBody()
        final class Count: @unchecked Sendable { var drained = 0 }
        let count = Count()
        body.onDrained = { count.drained += 1 }
        let chunk = [UInt8](repeating: 0, count: 256 << 10)
        var throttled = false
        for _ in 0..<4 { throttled = body.append(chunk) }
        #expect(throttled, "1 MiB unread stops the server reading")
        _ = try body.read(upTo: 512 << 10, blocking: false)
        #expect(count.drained == 0, "still above the low-water mark")
        _ = try body.read(upTo: 256 << 10, blocking: false)
        #expect(count.drained == 1, "the server is told once to read again")
        _ = try body.read(upTo: 256 << 10, blocking: false)
        #expect(count.drained == 1)
    }

    @Test func aWholeBodyIsComplete() throws {
        let body = RequestBody([9, 8])
        #expect(body.isComplete && body.isReadable)
        #expect(try body.readAll() == [9, 8])
    }
}
