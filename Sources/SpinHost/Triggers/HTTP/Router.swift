/// Picks the route for a request path (Spin's HTTP trigger rules): the most
/// specific matching route wins, segment by segment, whatever the order in
/// the manifest; private routes are never matched. Of two entries with the
/// same route (see `RouteSpec.conflictKey`) the later one wins, as in Spin's
/// router, where it replaces the earlier one in place; the manifest warns.
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

    /// The entries that can be matched, in the order they were given; an
    /// entry replaced by a later one with the same route is left out and
    /// its replacement takes its place.
    public let entries: [Entry]

    public init(_ entries: [Entry]) {
        var position: [String: Int] = [:]
        var effective: [Entry] = []
        for entry in entries {
            if let index = position[entry.pattern.conflictKey] {
                effective[index] = entry
            } else {
                position[entry.pattern.conflictKey] = effective.count
                effective.append(entry)
            }
        }
        self.entries = effective
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
