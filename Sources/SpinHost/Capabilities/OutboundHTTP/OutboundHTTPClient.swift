import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The process's HTTP client for guests' outbound requests (async-http-client:
/// HTTP/1.1 and HTTP/2, TLS with the system's trust roots, pooled
/// connections). Redirects are never followed: the guest sees the 3xx and
/// decides, so a redirect cannot lead past `allowed_outbound_hosts`.
final class OutboundHTTPClient: Sendable {
    static let shared = OutboundHTTPClient()

    let client: HTTPClient

    private init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(600))
        // A refused connection is the guest's answer at once (`connection-refused`),
        // not retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Where an outbound request goes, checked: the host is dialled as the
    /// policy saw it.
    struct Target: Sendable {
        let scheme: String
        let host: CanonicalHost
        let port: Int
        /// The `host` header: the authority as the guest wrote it, without user info.
        let authority: String
        let pathWithQuery: String
        /// The component a `<id>.spin.internal` host names (service chaining).
        var chainedComponent: String? { ServiceChaining.component(of: host) }

        var url: String {
            let host = host.dialText.contains(":") ? "[\(host.dialText)]" : host.dialText
            return "\(scheme)://\(host):\(port)\(pathWithQuery)"
        }
    }

    /// Why a destination cannot be used.
    enum TargetProblem: Error {
        case denied
        case invalid
    }

    /// Checks `scheme://authority` against `policy` (or, for a request to the
    /// application itself, its origin) and splits it.
    static func target(scheme: String?, authority: String?, pathWithQuery: String?, policy: OutboundHostPolicy,
                       selfOrigin: SelfOrigin) throws(TargetProblem) -> Target {
        var path = pathWithQuery ?? "/"
        if !path.hasPrefix("/") { path = "/" + path }
        // No host (`:80`, as wasmtime and the SDKs fill in for a relative URL) is the application too, as in Spin.
        guard let authority, !authority.isEmpty, authority != "self", authority != "self.alt", !authority.hasPrefix(":") else {
            // A request to the application itself: any port, http or https rules only.
            guard policy.allowsSelf else { throw .denied }
            guard let origin = selfOrigin.value else { throw .invalid }
            return Target(scheme: "http", host: origin.host, port: origin.port, authority: origin.authority, pathWithQuery: path)
        }
        let scheme = (scheme ?? "https").lowercased()
        guard scheme == "http" || scheme == "https" else { throw .invalid }
        // A user-info part is not an authority's; what follows its last @ is the host.
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? authority
        guard let (hostText, port) = splitHostPort(hostAndPort), let host = CanonicalHost(hostText) else { throw .invalid }
        let effectivePort = port ?? (scheme == "https" ? 443 : 80)
        guard policy.allows(scheme: scheme, host: hostText, port: effectivePort) else { throw .denied }
        return Target(scheme: scheme, host: host, port: effectivePort, authority: hostAndPort, pathWithQuery: path)
    }

    /// `host[:port]` or `[v6][:port]`; nil for a bad port.
    static func splitHostPort(_ text: String) -> (String, Int?)? {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[...close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (0...65535).contains(port) else { return nil }
            return (host, port)
        }
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        return (String(text[..<colon]), port)
    }
}

/// The origin of the application's own HTTP server, known once it listens:
/// where a request to `self` goes.
final class SelfOrigin: @unchecked Sendable {
    // @unchecked: `origin` is guarded by `lock`.
    private let lock = NSLock()
    private var origin: (host: CanonicalHost, port: Int, authority: String)?

    var value: (host: CanonicalHost, port: Int, authority: String)? { lock.withLock { origin } }

    func set(host: String, port: Int) {
        let canonical = CanonicalHost(host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host) ?? .ipv4([127, 0, 0, 1])
        lock.withLock { origin = (canonical, port, "\(host):\(port)") }
    }
}
