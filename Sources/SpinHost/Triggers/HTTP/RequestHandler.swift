import Foundation
import NIOCore
import NIOHTTP1

/// One connection's requests, streamed both ways: a request is handed to
/// the trigger (on the `GuestScheduler`) as soon as its head arrives, its
/// body follows through a `RequestBody` while the guest runs, and the
/// guest's response goes out through a `ChannelResponseSink` as it is
/// written. Reading stops while a guest is more than `RequestBody.highWater`
/// bytes behind its body and starts again when it catches up; bodies over
/// the limit are answered 413 (or cut off, if the response has started).
final class RequestHandler: ChannelDuplexHandler, @unchecked Sendable {
    // @unchecked: all state is touched on the channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let trigger: HTTPTriggerRuntime
    let scheduler: GuestScheduler
    let maximumBodySize: Int

    /// The request being answered.
    private struct Exchange {
        let body: RequestBody
        let sink: ChannelResponseSink
        let version: HTTPVersion
        var keepAlive: Bool
        var bodyEnded = false
        var responseEnded = false
        /// Body parts are dropped: over the limit, or the response is done.
        var discardingBody = false
    }

    private var exchange: Exchange?
    /// A request over the body limit: its parts are dropped and it is
    /// answered 413 at its end (in its HTTP version).
    private var tooLargeVersion: HTTPVersion?
    private var readingPaused = false
    private var readHeld = false

    init(trigger: HTTPTriggerRuntime, scheduler: GuestScheduler, maximumBodySize: Int) {
        self.trigger = trigger
        self.scheduler = scheduler
        self.maximumBodySize = maximumBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            start(head, context: context)
        case .body(let buffer):
            guard tooLargeVersion == nil, var current = exchange, !current.discardingBody else { return }
            if current.body.receivedCount + buffer.readableBytes > maximumBodySize {
                current.discardingBody = true
                current.body.fail(.tooLarge(limit: maximumBodySize))
                if current.sink.headSent {
                    exchange = current
                    context.close(promise: nil)  // the guest's response cannot become a 413 any more
                    return
                }
                // The guest's response is dropped; the client hears 413 once it has sent its body.
                current.responseEnded = true
                current.sink.connectionClosed()
                exchange = nil
                tooLargeVersion = current.version
                return
            }
            if current.body.append(Array(buffer.readableBytesView)) { pauseReading(context) }
        case .end(let trailers):
            if let version = tooLargeVersion {
                tooLargeVersion = nil
                writeWhole(OutgoingResponse.text(413, "Payload Too Large\n"), version: version, keepAlive: false,
                           context: context)
                return
            }
            guard var current = exchange else { return }
            current.bodyEnded = true
            current.body.finish(trailers: trailers.map { headers in headers.map { ($0.name, $0.value) } })
            exchange = current.responseEnded ? nil : current
        }
    }

    private func start(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        if let declared = head.headers.first(name: "content-length").flatMap(Int.init), declared > maximumBodySize {
            if Self.expectsContinue(head) {
                // The client waits for a 100 before sending the body: refuse it now (RFC 9110 §10.1.1).
                writeWhole(OutgoingResponse.text(413, "Payload Too Large\n"), version: head.version, keepAlive: false,
                           context: context)
            } else {
                // Answered once the body has been read and dropped: a client still
                // sending would not see an earlier answer.
                tooLargeVersion = head.version
            }
            return
        }
        if Self.expectsContinue(head) {
            let interim = HTTPResponseHead(version: head.version, status: .continue)
            context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
        }
        let body = RequestBody()
        let sink = ChannelResponseSink(handler: self, context: context)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        body.onDrained = {
            eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.resumeReading(context)
            }
        }
        exchange = Exchange(body: body, sink: sink, version: head.version, keepAlive: head.isKeepAlive)
        let request = IncomingRequest(
            method: head.method.rawValue, target: head.uri,
            version: "HTTP/\(head.version.major).\(head.version.minor)",
            headers: head.headers.map { ($0.name, $0.value) }, streamingBody: body,
            clientAddress: context.channel.remoteAddress.map(Self.describe) ?? "unknown",
            serverHost: context.channel.localAddress.map(Self.describe) ?? "localhost")
        let trigger = self.trigger
        let routed = trigger.route(request)
        scheduler.submit(key: routed.schedulingKey) { trigger.handle(routed, sink: sink) }
    }

    /// Writes the parts a sink queued, then flushes once.
    func write(_ parts: [ChannelResponseSink.Part], to context: ChannelHandlerContext, sink: ChannelResponseSink) {
        guard let current = exchange, current.sink === sink, !current.responseEnded else {
            // Answered already (413) or the connection is gone: nothing more goes out.
            for case .body(let bytes) in parts { sink.sent(bytes.count, succeeded: false) }
            return
        }
        for part in parts {
            switch part {
            case .head(let status, let headers, let bodyLength):
                writeHead(status: status, headers: headers, bodyLength: bodyLength, context: context)
            case .body(let bytes):
                let buffer = context.channel.allocator.buffer(bytes: bytes)
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenComplete { result in
                    if case .success = result { sink.sent(bytes.count, succeeded: true) } else { sink.sent(bytes.count, succeeded: false) }
                }
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: written)
            case .end(let trailers):
                endResponse(trailers: trailers, context: context)
            case .abort:
                sink.connectionClosed()
                context.close(promise: nil)
            }
        }
        context.flush()
    }

    private func writeHead(status: Int, headers guestHeaders: [(name: String, value: String)], bodyLength: Int?,
                           context: ChannelHandlerContext) {
        guard var current = exchange else { return }
        var headers = HTTPHeaders()
        for (name, value) in guestHeaders {
            let lowered = name.lowercased()
            if lowered == "content-length" || lowered == "transfer-encoding" || lowered == "connection" { continue }
            headers.add(name: name, value: value)
        }
        // A response passed on from another server keeps its date, as hyper does.
        if !headers.contains(name: "date") { headers.add(name: "date", value: HTTPDate.now()) }
        if let bodyLength {
            headers.add(name: "content-length", value: String(bodyLength))
        } else if current.version.major == 1 && current.version.minor >= 1 {
            headers.add(name: "transfer-encoding", value: "chunked")
        } else {
            current.keepAlive = false  // HTTP/1.0: the body ends when the connection does
        }
        // The request body must be read to its end before the next request on
        // this connection; a body still arriving when the response ends is
        // drained in `endResponse`.
        if !current.keepAlive { headers.add(name: "connection", value: "close") }  // RFC 9112 §9.6
        exchange = current
        let head = HTTPResponseHead(version: current.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    private func endResponse(trailers: [(name: String, value: String)], context: ChannelHandlerContext) {
        guard var current = exchange else { return }
        current.responseEnded = true
        let keepAlive = current.keepAlive
        if current.bodyEnded {
            exchange = nil
        } else {
            // The guest is done with a body still arriving: drop the rest.
            current.discardingBody = true
            exchange = current
            current.body.fail(.connectionClosed)
            resumeReading(context)
        }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(.end(trailers.isEmpty ? nil : HTTPHeaders(trailers))), promise: done)
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// A whole response written at once, outside any guest (413).
    private func writeWhole(_ response: OutgoingResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.add(name: "date", value: HTTPDate.now())
        headers.add(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    // MARK: back-pressure on the request body

    func read(context: ChannelHandlerContext) {
        if readingPaused {
            readHeld = true
        } else {
            context.read()
        }
    }

    private func pauseReading(_ context: ChannelHandlerContext) {
        guard !readingPaused else { return }
        readingPaused = true
        context.triggerUserOutboundEvent(BodyReading.paused, promise: nil)
    }

    private func resumeReading(_ context: ChannelHandlerContext) {
        guard readingPaused else { return }
        readingPaused = false
        context.triggerUserOutboundEvent(BodyReading.resumed, promise: nil)
        if readHeld {
            readHeld = false
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let current = exchange {
            current.body.fail(.connectionClosed)
            current.sink.connectionClosed()
        }
        exchange = nil
        context.fireChannelInactive()
    }

    /// `Expect: 100-continue` (RFC 9110 §10.1.1): the client holds the body
    /// back until told to send it; 1.0 clients get no 100.
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        guard head.version != .http1_0, let expect = head.headers.first(name: "expect") else { return false }
        return expect.lowercased() == "100-continue"
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
