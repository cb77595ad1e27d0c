/// Matching request paths against manifest routes (Spin's HTTP trigger rules).
extension RouteSpec {
    /// The route without its trailing wildcard, as Spin passes it to guests
    /// (`spin-component-route`): `/users` for `/users/...`, empty for `/...`.
    public var componentRoute: String {
        guard hasTrailingWildcard else { return text }
        for suffix in ["/...", "/*"] where text.hasSuffix(suffix) {
            return String(text.dropLast(suffix.count))
        }
        return text
    }

    /// A match of `path` (without query) split into `pathSegments`: the
    /// captured parameters and the part under a trailing wildcard, or nil.
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
        guard hasTrailingWildcard else { return RouteMatchCaptures(parameters: parameters, trailingWildcard: "") }
        // Spin keeps a trailing slash: /foo/... on /foo/ gives "/", on /foo/bar/ gives "/bar/".
        let rest = pathSegments.dropFirst(segments.count).joined(separator: "/")
        let endsWithSlash = path.hasSuffix("/") && path != "/"
        let trailing = switch (rest.isEmpty, endsWithSlash) {
        case (true, false): ""
        case (true, true): "/"
        case (false, false): "/" + rest
        case (false, true): "/" + rest + "/"
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
