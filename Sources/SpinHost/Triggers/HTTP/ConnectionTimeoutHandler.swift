import NIOCore
import NIOHTTP1

/// Closes a connection that holds the server without progress: idle between
/// requests, a request head not complete in time, a body that stalls (408).
/// A request whose guest is running has no deadline here; the guest's own
/// deadline bounds it. See RATIONALE.md#why-these-connection-limits
///
/// One timer per connection: a phase change moves `deadline` and reschedules
/// only when the new deadline is earlier than the pending timer; a timer that
/// fires early re-arms for the current deadline. A keep-alive request thus
/// usually schedules no timer at all.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    // All state is touched on the channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        /// Between requests, no byte of the next one yet.
        case idle
        /// A request head is arriving (or the connection's first one is awaited).
        case head
        /// A request body is arriving.
        case body
        /// The request is complete; the response is not written yet.
        case responding
        /// Timed out; the connection is closing.
        case expired
    }

    private let limits: HTTPServer.ConnectionLimits
    private var phase = Phase.head
    private var version = HTTPVersion.http1_1
    /// When the current phase runs out; nil while a request is answered.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// The response to the current request has started: a stalled body can
    /// no longer be answered 408, only cut off.
    private var responseStarted = false
    /// The server stopped reading the body (its guest is behind): the
    /// client is not stalling, so the body's clock stops.
    private var bodyPaused = false

    init(limits: HTTPServer.ConnectionLimits) {
        self.limits = limits
    }

    func channelActive(context: ChannelHandlerContext) {
        // A connection's first head is due `headerTimeout` after the accept.
        enter(.head, timeout: limits.headerTimeout, context: context)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let arrived = event as? BytesArrived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch phase {
        case .idle:
            enter(.head, timeout: limits.headerTimeout, context: context)
        case .body:
            guard !bodyPaused, let current = deadline else { return }
            let credit = Self.amount(seconds: Double(arrived.count) / max(limits.minimumBodyRate, 1))
            deadline = min(current + credit, NIODeadline.now() + Self.amount(seconds: limits.bodyTimeout))
        case .head, .responding, .expired:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            guard phase != .expired else { return }
            version = head.version
            responseStarted = false
            bodyPaused = false
            enter(.body, timeout: limits.bodyTimeout, context: context)
        case .body:
            guard phase != .expired else { return }
        case .end:
            guard phase != .expired else { return }
            // A guest may answer before its request body ends; then the
            // connection is idle already and stays so.
            if phase != .idle {
                phase = .responding
                deadline = nil
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Before passing the end on: writing it may deliver a pipelined request
        // synchronously, and that request's phase must win.
        switch Self.unwrapOutboundIn(data) {
        case .head(let head) where head.status != .continue:
            responseStarted = true
        case .end where phase != .expired:
            enter(.idle, timeout: limits.idleTimeout, context: context)
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let reading = event as? BodyReading else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed(())
        guard phase == .body else { return }
        bodyPaused = reading == .paused
        if bodyPaused {
            deadline = nil
        } else {
            enter(.body, timeout: limits.bodyTimeout, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    private func enter(_ next: Phase, timeout: Double, context: ChannelHandlerContext) {
        phase = next
        let due = NIODeadline.now() + Self.amount(seconds: timeout)
        deadline = due
        if let pending = timerDeadline, pending <= due { return }
        schedule(at: due, context: context)
    }

    private func schedule(at due: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timerDeadline = due
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [self] in
            fire(context: context)
        }
    }

    private func fire(context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        guard let due = deadline else { return }  // re-armed when the response ends
        if NIODeadline.now() < due {
            schedule(at: due, context: context)
            return
        }
        let stalledBody = phase == .body
        phase = .expired
        deadline = nil
        guard stalledBody, !responseStarted else {
            // No request to answer: an idle connection or a head that never finished.
            context.close(promise: nil)
            return
        }
        // The client is still sending this request: tell it why (RFC 9110 §15.5.9).
        let text = "Request Timeout\n"
        let headers = HTTPHeaders([
            ("content-type", "text/plain"), ("content-length", String(text.utf8.count)), ("connection", "close"),
        ])
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(
            version: version, status: .requestTimeout, headers: headers))), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))),
                      promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    /// Seconds as a `TimeAmount`, clamped so a huge setting cannot overflow.
    static func amount(seconds: Double) -> TimeAmount {
        .nanoseconds(Int64(min(max(seconds, 0), 1e9) * 1e9))
    }
}

/// Sent by the `RequestHandler` when it stops or resumes reading a request
/// body because the guest reading it is behind.
enum BodyReading: Equatable {
    case paused
    case resumed
}

/// A read of `count` bytes, reported by `ByteArrivalHandler` before the
/// decoder turns them into request parts (or into nothing, for half a head).
struct BytesArrived {
    let count: Int
}

/// First in a connection's pipeline: tells the `ConnectionTimeoutHandler`
/// about every read, which it cannot see in request parts alone.
final class ByteArrivalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived(count: Self.unwrapInboundIn(data).readableBytes))
        context.fireChannelRead(data)
    }
}
