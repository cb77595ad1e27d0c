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
