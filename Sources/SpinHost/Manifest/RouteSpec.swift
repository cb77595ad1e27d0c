/// An HTTP trigger route as written in the manifest, parsed into segments.
///
/// Spin's route syntax: an exact path (`/cart/checkout`), named single-segment
/// wildcards (`/users/:userid/edit`), and an optional trailing wildcard
/// (`/users/...`, also spelt `/users/*`) that matches the prefix itself and
/// everything below it. Empty segments are ignored, so a trailing slash does
/// not change the route (`/cart/` is `/cart`), and `/...` matches every path.
///
/// See <https://spinframework.dev/v3/http-trigger#http-trigger-routes>.
public struct RouteSpec: Sendable, Hashable, CustomStringConvertible {
    /// One path segment of a route.
    public enum Segment: Sendable, Hashable {
        /// Matches exactly this text.
        case literal(String)
        /// `:name`: matches any one non-empty segment, exposed to the guest
        /// as `spin-path-match-<name>`.
        case parameter(String)
    }

    /// The route as written in the manifest, e.g. `/users/...`.
    public let text: String
    /// The segments before any trailing wildcard.
    public let segments: [Segment]
    /// Whether the route ends in `/...` (or `/*`).
    public let hasTrailingWildcard: Bool

    /// Parses `text`; the message of a failure says what is wrong with it.
    public init(parsing text: String) throws(RouteSpec.ParseError) {
        guard text.hasPrefix("/") else { throw ParseError("must start with \"/\"") }
        var parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var wildcard = false
        if let last = parts.last, last == "..." || last == "*" {
            wildcard = true
            parts.removeLast()
        }
        var segments: [Segment] = []
        for part in parts {
            if part == "..." || part == "*" {
                throw ParseError("a wildcard (\(quoted(part))) may only be the last segment")
            }
            if part.hasPrefix("*") {
                throw ParseError("the trailing wildcard has no name: write \"*\" or \"...\" instead of \(quoted(part))")
            }
            if part.hasPrefix(":") {
                let name = String(part.dropFirst())
                if name.isEmpty { throw ParseError("parameter segments must be named (\":name\")") }
                if name.contains(":") || name.contains(".") {
                    throw ParseError("parameter segment \(quoted(part)) must be a single name")
                }
                segments.append(.parameter(name))
            } else {
                segments.append(.literal(part))
            }
        }
        self.text = text
        self.segments = segments
        self.hasTrailingWildcard = wildcard
    }

    /// The route without its trailing wildcard, normalised: `/users` for
    /// `/users/...`, `/` for `/...`. This is what `spin-component-route` holds
    /// for a wildcard route.
    public var prefix: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name): ":" + name
            }
        }.joined(separator: "/")
    }

    /// The names of the `:name` segments, in order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// Two routes with the same key match exactly the same paths: trailing
    /// slashes and empty segments are ignored, `/...` and `/*` are the same
    /// wildcard, and parameter names do not matter.
    var conflictKey: String {
        let body = segments.map { segment in
            switch segment {
            case .literal(let text): "=" + text
            case .parameter: ":"
            }
        }.joined(separator: "/")
        return body + (hasTrailingWildcard ? "/..." : "")
    }

    /// The route as written.
    public var description: String { text }

    /// What is wrong with a route string.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, e.g. `must start with "/"`.
        public let message: String
        init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }
}
