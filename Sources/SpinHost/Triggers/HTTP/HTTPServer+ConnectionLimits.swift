import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPServer {
    /// How long a connection may hold the server without making progress, and
    /// how many connections it may hold at once. See RATIONALE.md#why-these-connection-limits
    public struct ConnectionLimits: Sendable {
        /// Seconds a keep-alive connection may sit between requests with no
        /// byte of the next one (nginx's `keepalive_timeout`).
        public var idleTimeout = 75.0
        /// Seconds a request head may take, counted from its first byte, or
        /// from the accept for a connection's first request (RFC 9112 §2.2
        /// leaves the bound to the server).
        public var headerTimeout = 30.0
        /// Seconds a request body may go without progress; the request is
        /// then answered 408 and the connection closed.
        public var bodyTimeout = 30.0
        /// The slowest body that counts as progress, in bytes per second: each
        /// byte moves the body deadline on by `1 / minimumBodyRate` s, never
        /// past `bodyTimeout` from now, so a body trickled byte by byte
        /// still runs out of time (Apache's `RequestReadTimeout ... MinRate`).
        public var minimumBodyRate = 1024.0
        /// Connections served at once; the next one is answered 503 and closed.
        public var maximumConnections = ConnectionLimits.defaultMaximumConnections

        public init() {}

        /// Three quarters of the soft `RLIMIT_NOFILE`: the rest stays free
        /// for guests' files, logs and the short-lived refused connections.
        public static var defaultMaximumConnections: Int {
            var limit = rlimit()
            #if os(Linux)
            let status = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            #else
            let status = getrlimit(RLIMIT_NOFILE, &limit)
            #endif
            guard status == 0 else { return 768 }
            // An unlimited limit reads as a huge number: cap it at a million.
            let descriptors = min(Int(clamping: limit.rlim_cur), 1 << 20)
            return max(16, descriptors / 4 * 3)
        }
    }
}

/// The connections open now, shared by the child channel initializers.
final class ConnectionCount: Sendable {
    private let active = Atomic<Int>(0)
    let maximum: Int

    init(maximum: Int) {
        self.maximum = max(maximum, 1)
    }

    /// Takes a place if one is free.
    func claim() -> Bool {
        var current = active.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = active.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release() {
        active.wrappingSubtract(1, ordering: .relaxed)
    }
}
