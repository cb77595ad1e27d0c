import Foundation
import NIOCore
import NIOHTTP1

/// The response to one request on one connection, written as the guest
/// produces it. Calls come from the guest's thread; each queues its part
/// and the connection's event loop writes everything queued in one pass
/// with one flush, so a small response that arrives in quick pieces still
/// leaves in one write. Body bytes count as unsent until the socket has
/// taken them: `waitForRoom` holds a writer that runs ahead of its client.
final class ChannelResponseSink: ResponseSink, @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `condition`; the handler
    // and context are touched on their event loop only (`NIOLoopBound`).
    enum Part {
        case head(status: Int, headers: [(name: String, value: String)], bodyLength: Int?)
        case body([UInt8])
        case end([(name: String, value: String)])
        case abort
    }

    private let condition = NSCondition()
    private var queue: [Part] = []
    private var drainScheduled = false
    private var unsent = 0
    private var closed = false
    private var headWasSent = false
    private var progress: (@Sendable () -> Void)?
    private let eventLoop: any EventLoop
    private let target: NIOLoopBound<(RequestHandler, ChannelHandlerContext)>

    init(handler: RequestHandler, context: ChannelHandlerContext) {
        eventLoop = context.eventLoop
        target = NIOLoopBound((handler, context), eventLoop: context.eventLoop)
    }

    func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?) {
        enqueue(.head(status: status, headers: headers, bodyLength: bodyLength)) { headWasSent = true }
    }

    func sendBody(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return !isClosed }
        var accepted = false
        enqueue(.body(bytes)) {
            accepted = !closed
            if accepted { unsent += bytes.count }
        }
        return accepted
    }

    func finish(trailers: [(name: String, value: String)]) { enqueue(.end(trailers)) {} }
    func abort() { enqueue(.abort) {} }

    var headSent: Bool { condition.withLock { headWasSent } }
    var unsentBytes: Int { condition.withLock { unsent } }
    var isClosed: Bool { condition.withLock { closed } }

    func waitForRoom(below limit: Int, seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while unsent >= limit && !closed {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    func onProgress(_ signal: @escaping @Sendable () -> Void) {
        condition.withLock { progress = signal }
    }

    /// The socket took `count` bytes (or failed: the client is gone).
    func sent(_ count: Int, succeeded: Bool) {
        changeState { unsent -= count; if !succeeded { closed = true } }
    }

    /// The connection closed: writers stop.
    func connectionClosed() {
        changeState { closed = true }
    }

    /// Applies `change` and wakes the writers waiting for room, and a guest polling for it.
    private func changeState(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        let signal = progress
        condition.unlock()
        signal?()
    }

    private func enqueue(_ part: Part, _ update: () -> Void) {
        condition.lock()
        update()
        queue.append(part)
        let schedule = !drainScheduled
        drainScheduled = true
        condition.unlock()
        guard schedule else { return }
        let target = self.target
        eventLoop.execute { [self] in
            let (handler, context) = target.value
            condition.lock()
            let parts = queue
            queue = []
            drainScheduled = false
            condition.unlock()
            handler.write(parts, to: context, sink: self)
        }
    }
}
