/// Picks the route for a request path (Spin's HTTP trigger rules): the most
/// specific matching route wins, segment by segment, whatever the order in
/// the manifest; private routes are never matched.
public struct Router: Sendable {
    public struct Entry: Sendable {
        public let pattern: RouteSpec
        /// Index of the trigger in the application.
        public let target: Int

        public init(pattern: RouteSpec, target: Int) {
            self.pattern = pattern
            self.target = target
        }
    }

    /// What `route(_:)` found.
    public struct Match: Sendable {
        public let entry: Entry
        public let parameters: [(name: String, value: String)]
        /// The part of the path under a trailing wildcard ("" when none).
        public let pathInfo: String
    }

    public let entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    public func route(_ path: String) -> Match? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (Entry, RouteMatchCaptures, [Int])?
        for entry in entries {
            guard let captures = entry.pattern.match(segments, path: path) else { continue }
            let rank = entry.pattern.rank
            if let current = best, !rank.lexicographicallyPrecedes(current.2, by: >) { continue }
            best = (entry, captures, rank)
        }
        guard let (entry, captures, _) = best else { return nil }
        return Match(entry: entry, parameters: captures.parameters.map { ($0.0, $0.1) },
                     pathInfo: captures.trailingWildcard)
    }
}
