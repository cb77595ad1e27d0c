import AsyncHTTPClient
import Foundation
import NIOCore

/// The body of an outbound request as the guest writes it
/// (`OutgoingBodyState` sends to it as to a response sink): bytes go to
/// the HTTP client's stream writer as soon as it asks for the body, and a
/// guest writing faster than the server reads is held back by
/// `unsentBytes`, like a response body.
final class OutboundRequestBody: ResponseSink, @unchecked Sendable {
    // @unchecked: every property is guarded by `condition`.
    private let condition = NSCondition()
    private var writer: HTTPClient.Body.StreamWriter?
    private var done: EventLoopPromise<Void>?
    private var waiting: [[UInt8]] = []
    private var lastWrite: EventLoopFuture<Void>?
    private var unsent = 0
    private var finished = false
    private var failed = false
    private var progress: (@Sendable () -> Void)?

    /// Called by the HTTP client when it is ready for the body.
    func start(_ writer: HTTPClient.Body.StreamWriter, eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        condition.lock()
        self.writer = writer
        done = promise
        let queued = waiting
        waiting = []
        condition.unlock()
        for bytes in queued { forward(bytes) }
        completeIfFinished()
        return promise.futureResult
    }

    /// The request failed: writers stop waiting.
    func fail() {
        condition.lock()
        failed = true
        condition.broadcast()
        condition.unlock()
        progress?()
    }

    func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?) {}

    func sendBody(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        if failed {
            condition.unlock()
            return false
        }
        unsent += bytes.count
        guard writer != nil else {
            waiting.append(bytes)
            condition.unlock()
            return true
        }
        condition.unlock()
        forward(bytes)
        return true
    }

    private func forward(_ bytes: [UInt8]) {
        condition.lock()
        guard let writer else {
            condition.unlock()
            return
        }
        let write = writer.write(.byteBuffer(ByteBuffer(bytes: bytes)))
        lastWrite = write
        condition.unlock()
        write.whenComplete { [self] result in
            condition.lock()
            unsent -= bytes.count
            if case .failure = result { failed = true }
            condition.broadcast()
            condition.unlock()
            progress?()
        }
    }

    func finish(trailers: [(name: String, value: String)]) {
        condition.lock()
        finished = true
        condition.unlock()
        completeIfFinished()
    }

    private func completeIfFinished() {
        condition.lock()
        guard finished, let done else {
            condition.unlock()
            return
        }
        self.done = nil
        let last = lastWrite
        condition.unlock()
        if let last { last.cascade(to: done) } else { done.succeed(()) }
    }

    func abort() { fail() }

    var headSent: Bool { true }

    var unsentBytes: Int { condition.withLock { unsent } }

    var isClosed: Bool { condition.withLock { failed } }

    func waitForRoom(below limit: Int, seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while unsent >= limit && !failed {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    func onProgress(_ signal: @escaping @Sendable () -> Void) {
        condition.withLock { progress = signal }
    }
}
