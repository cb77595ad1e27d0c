import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The HTTP/1.1 server in front of an `HTTPTriggerRuntime` (SwiftNIO): keep-alive,
/// bodies up to a limit (413 beyond), guests on the `GuestScheduler`'s
/// threads so the event loops only do I/O and long requests do not hold
/// back short ones. Connections are bounded in number and in how
/// long they may wait without progress (`ConnectionLimits`).
public final class HTTPServer: Sendable {
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 3000
        /// Largest request body accepted, in bytes.
        public var maximumBodySize = 10 << 20
        /// Guests running at once (`GuestScheduler`).
        public var workers = GuestScheduler.defaultWorkers
        /// Timeouts and the connection limit.
        public var connectionLimits = ConnectionLimits()

        public init() {}
    }

    let trigger: HTTPTriggerRuntime
    let settings: Settings
    let group: MultiThreadedEventLoopGroup
    let scheduler: GuestScheduler
    private let channel = Mutex<(any Channel)?>(nil)

    public init(trigger: HTTPTriggerRuntime, settings: Settings) {
        self.trigger = trigger
        self.settings = settings
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var schedulerSettings = GuestScheduler.Settings()
        schedulerSettings.workers = settings.workers
        scheduler = GuestScheduler(settings: schedulerSettings)
    }

    /// Binds and starts serving; returns the bound address (port 0 picks one).
    public func start() throws -> (host: String, port: Int) {
        scheduler.start()
        let trigger = self.trigger
        let scheduler = self.scheduler
        let limit = settings.maximumBodySize
        let limits = settings.connectionLimits
        let connections = ConnectionCount(maximum: limits.maximumConnections)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Out of descriptors, accept fails while the connection stays
                    // queued; retrying at once would spin a core.
                    try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler())
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    guard connections.claim() else {
                        try pipeline.addHandler(ConnectionRefusalHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in connections.release() }
                    try pipeline.addHandler(ByteArrivalHandler())
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: false)
                    try pipeline.addHandler(RequestParseErrorHandler())
                    try pipeline.addHandler(ConnectionTimeoutHandler(limits: limits))
                    try pipeline.addHandler(RequestHandler(trigger: trigger, scheduler: scheduler, maximumBodySize: limit))
                }
            }
        let bound = try bootstrap.bind(host: settings.host, port: settings.port).wait()
        channel.withLock { $0 = bound }
        let port = bound.localAddress?.port ?? settings.port
        return (settings.host, port)
    }

    /// Stops accepting, lets running requests finish, and frees the threads.
    public func shutdown() {
        let bound = channel.withLock { current -> (any Channel)? in
            defer { current = nil }
            return current
        }
        try? bound?.close().wait()
        scheduler.shutdown()
        try? group.syncShutdownGracefully()
    }
}

/// One connection's requests: collects each request, runs it on the scheduler,
/// writes the response.
final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: all state is touched on the channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let trigger: HTTPTriggerRuntime
    let scheduler: GuestScheduler
    let maximumBodySize: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(trigger: HTTPTriggerRuntime, scheduler: GuestScheduler, maximumBodySize: Int) {
        self.trigger = trigger
        self.scheduler = scheduler
        self.maximumBodySize = maximumBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
            tooLarge = false
            if let declared = requestHead.headers.first(name: "content-length").flatMap(Int.init),
               declared > maximumBodySize {
                tooLarge = true
            }
            if Self.expectsContinue(requestHead) {
                answerExpectation(context, requestHead)
            }
        case .body(let buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > maximumBodySize {
                tooLarge = true
                body.removeAll()
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            if tooLarge {
                write(context, OutgoingResponse.text(413, "Payload Too Large\n"), version: requestHead.version,
                      keepAlive: false)
                return
            }
            let request = IncomingRequest(
                method: requestHead.method.rawValue, target: requestHead.uri,
                version: "HTTP/\(requestHead.version.major).\(requestHead.version.minor)",
                headers: requestHead.headers.map { ($0.name, $0.value) }, body: body,
                clientAddress: context.channel.remoteAddress.map(Self.describe) ?? "unknown",
                serverHost: context.channel.localAddress.map(Self.describe) ?? "localhost")
            body = []
            let keepAlive = requestHead.isKeepAlive
            let trigger = self.trigger
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let answered = context.eventLoop.makePromise(of: OutgoingResponse.self)
            scheduler.submit { answered.succeed(trigger.handle(request)) }
            answered.futureResult.whenSuccess { response in
                let (handler, context) = loopBound.value
                handler.write(context, response, version: requestHead.version, keepAlive: keepAlive)
            }
        }
    }

    /// `Expect: 100-continue` (RFC 9110 §10.1.1): the client holds the body
    /// back until told to send it, so say so now, or refuse a body declared
    /// over the limit before it is sent.
    func answerExpectation(_ context: ChannelHandlerContext, _ requestHead: HTTPRequestHead) {
        if tooLarge {
            head = nil  // answered: the rest of the request is dropped with the connection
            write(context, OutgoingResponse.text(413, "Payload Too Large\n"), version: requestHead.version,
                  keepAlive: false)
        } else {
            let interim = HTTPResponseHead(version: requestHead.version, status: .continue)
            context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
        }
    }

    /// A 1.1 request with `Expect: 100-continue`; 1.0 clients get no 100 (RFC 9110 §10.1.1).
    static func expectsContinue(_ requestHead: HTTPRequestHead) -> Bool {
        guard requestHead.version != .http1_0, let expect = requestHead.headers.first(name: "expect") else {
            return false
        }
        return expect.lowercased() == "100-continue"
    }

    /// Writes a response: the guest's headers plus `date` and `content-length`.
    func write(_ context: ChannelHandlerContext, _ response: OutgoingResponse, version: HTTPVersion, keepAlive: Bool) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if lowered == "content-length" || lowered == "transfer-encoding" || lowered == "connection" { continue }
            headers.add(name: name, value: value)
        }
        headers.add(name: "date", value: HTTPDate.now())
        headers.add(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }  // RFC 9112 §9.6
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
                      promise: nil)
        if !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// The `date` header (RFC 9110 §5.6.7), formatted once per second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((0, ""))
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    static func now() -> String {
        let date = Date()
        let second = Int(date.timeIntervalSince1970)
        return cache.withLock { cached in
            if cached.second != second { cached = (second, formatter.string(from: date)) }
            return cached.text
        }
    }
}
