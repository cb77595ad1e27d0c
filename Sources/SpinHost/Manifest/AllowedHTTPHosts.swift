/// The deprecated `allowed_http_hosts` list (version 1 manifests, and still
/// accepted in version 2) turned into `allowed_outbound_hosts` entries the
/// way Spin converts them: `example.com:8080` allows `http://` and
/// `https://` to that host and port, `self` allows local service chaining,
/// and `insecure:allow-all` allows every HTTP destination.
///
/// See <https://spinframework.dev/v3/manifest-reference-v1#the-component-tables>.
enum AllowedHTTPHosts {
    /// Before `allowed_outbound_hosts` existed, a Spin 1 component could
    /// reach any Redis, MySQL or PostgreSQL server.
    static let version1DatabaseAccess = ["redis://*:*", "mysql://*:*", "postgres://*:*"]

    /// The converted entries, or a message naming the first bad entry.
    static func outboundHosts(from hosts: [String]) -> Result<[String], HostError> {
        if hosts.contains("insecure:allow-all") {
            return .success(["http://*:*", "https://*:*", "http://self"])
        }
        var outbound: [String] = []
        for host in hosts {
            guard let (name, port) = parse(host) else {
                return .failure(HostError(message: "allowed_http_hosts entry \(quoted(host)) is not a host name or host:port"))
            }
            if name == "self" {
                outbound.append("http://self")
            } else {
                let suffix = port.map { ":\($0)" } ?? ""
                outbound += ["http://\(name)\(suffix)", "https://\(name)\(suffix)"]
            }
        }
        return .success(outbound)
    }

    struct HostError: Error {
        let message: String
    }

    /// `host`, `host:port`, or `http(s)://host[:port][/]`.
    private static func parse(_ entry: String) -> (String, Int?)? {
        var rest = Substring(entry)
        if let schemeEnd = rest.firstRange(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            rest = rest[schemeEnd.upperBound...]
            if rest.hasSuffix("/") { rest = rest.dropLast() }
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains(" ") else { return nil }
        if rest.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:port.
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let host = String(rest[...close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":"), let port = Int(after.dropFirst()), (0...65535).contains(port) else { return nil }
            return (host, port)
        }
        let pieces = rest.split(separator: ":", omittingEmptySubsequences: false)
        switch pieces.count {
        case 1:
            return (String(pieces[0]).lowercased(), nil)
        case 2:
            guard !pieces[0].isEmpty, let port = Int(pieces[1]), (0...65535).contains(port) else { return nil }
            return (String(pieces[0]).lowercased(), port)
        default:
            return nil
        }
    }
}
