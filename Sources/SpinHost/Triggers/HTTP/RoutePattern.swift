/// A route of the HTTP trigger (Spin's routing rules): literal segments,
/// named parameters (`:name`), and an optional trailing wildcard (`/...`)
/// that matches the prefix itself and everything under it.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    /// The route as written in the manifest.
    public let raw: String
    public let segments: [Segment]
    public let hasTrailingWildcard: Bool

    public init(_ raw: String) {
        self.raw = raw
        var path = raw.hasPrefix("/") ? raw : "/" + raw
        var wildcard = false
        if path == "/..." || path.hasSuffix("/...") {
            wildcard = true
            path.removeLast(4)
        } else if path.hasSuffix("/*") {
            wildcard = true
            path.removeLast(2)
        }
        // As Spin does, a single trailing slash is not part of the route.
        if path.hasSuffix("/") { path.removeLast() }
        segments = path.split(separator: "/", omittingEmptySubsequences: true).map { part in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        hasTrailingWildcard = wildcard
    }

    /// The route without its trailing wildcard: Spin's "component route".
    public var prefix: String {
        guard hasTrailingWildcard else { return raw }
        if raw == "/..." || raw == "..." { return "" }
        return String(raw.dropLast(raw.hasSuffix("/...") ? 4 : 2))
    }

    /// How Spin lists the route: the prefix, with "(wildcard)" after wildcards.
    public var description: String {
        hasTrailingWildcard ? "\(prefix) (wildcard)" : raw
    }

    /// A match of `path` (without query): the captured parameters and the
    /// part under a trailing wildcard, or nil.
    func match(_ pathSegments: [Substring], path: String) -> RouteMatchCaptures? {
        if hasTrailingWildcard {
            guard pathSegments.count >= segments.count else { return nil }
        } else {
            guard pathSegments.count == segments.count else { return nil }
        }
        var parameters: [(String, String)] = []
        for (segment, part) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                parameters.append((name, String(part)))
            }
        }
        var trailing = ""
        if hasTrailingWildcard {
            // Spin keeps a trailing slash: /foo/... on /foo/ gives "/", on /foo/bar/ gives "/bar/".
            let rest = pathSegments.dropFirst(segments.count).joined(separator: "/")
            let endsWithSlash = path.hasSuffix("/") && path != "/"
            switch (rest.isEmpty, endsWithSlash) {
            case (true, false): trailing = ""
            case (true, true): trailing = "/"
            case (false, false): trailing = "/" + rest
            case (false, true): trailing = "/" + rest + "/"
            }
        }
        return RouteMatchCaptures(parameters: parameters, trailingWildcard: trailing)
    }

    /// Specificity per segment, compared lexicographically: a literal beats a
    /// parameter, which beats the wildcard, whatever the manifest order.
    var rank: [Int] {
        segments.map { if case .literal = $0 { 3 } else { 2 } } + (hasTrailingWildcard ? [1] : [4])
    }
}

struct RouteMatchCaptures {
    let parameters: [(String, String)]
    let trailingWildcard: String
}
