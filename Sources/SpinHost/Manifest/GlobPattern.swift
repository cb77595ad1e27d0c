/// A glob pattern of a component's `files` or `exclude_files`, with the
/// syntax of the Rust `glob` crate that Spin uses: `*` (any run of
/// characters), `?` (one character), `[abc]`, `[a-z]`, `[!abc]`, and `**` as a
/// whole path component (zero or more directories). Leading dots are not
/// special: `*` matches `.hidden`.
///
/// See <https://spinframework.dev/v3/writing-apps#including-files-with-components>.
struct GlobPattern: Sendable {
    enum Token: Sendable, Equatable {
        case literal(Character)
        /// `?`
        case anyCharacter
        /// `*`
        case star
        /// `**/` in a whole-path pattern: nothing, or whole components each followed by `/`.
        case anyDirectories
        case characterClass(negated: Bool, ranges: [ClosedRange<Character>])
    }

    /// One `/`-separated component of a `files` pattern.
    enum Component: Sendable {
        /// `**`
        case anyDirectories
        /// A name without wildcards, looked up directly.
        case literal(String)
        case wildcard([Token])
    }

    /// Why a pattern cannot be used.
    struct SyntaxError: Error {
        let message: String
    }

    static func hasWildcards(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Splits a normalised relative pattern into components for walking a directory tree.
    static func components(of relative: [String]) throws(SyntaxError) -> [Component] {
        var result: [Component] = []
        for part in relative {
            if part == "**" {
                result.append(.anyDirectories)
            } else if !hasWildcards(part) {
                result.append(.literal(part))
            } else {
                result.append(.wildcard(try tokens(of: part)))
            }
        }
        return result
    }

    /// The tokens of one path component (no `/` in `text`).
    static func tokens(of text: String) throws(SyntaxError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    throw SyntaxError(message: "\"**\" must be a whole path component")
                }
                tokens.append(.star)
                index += 1
            case "?":
                tokens.append(.anyCharacter)
                index += 1
            case "[":
                let (token, next) = try characterClass(characters, from: index)
                tokens.append(token)
                index = next
            default:
                tokens.append(.literal(character))
                index += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` starting at `start`; a `]` right after `[` or `[!` is a member.
    private static func characterClass(_ characters: [Character], from start: Int) throws(SyntaxError) -> (Token, Int) {
        var index = start + 1
        var negated = false
        if index < characters.count, characters[index] == "!" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while index < characters.count {
            let character = characters[index]
            if character == "]" && !first {
                return (.characterClass(negated: negated, ranges: ranges), index + 1)
            }
            first = false
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                let upper = characters[index + 2]
                guard character <= upper else { throw SyntaxError(message: "invalid range \"\(character)-\(upper)\"") }
                ranges.append(character...upper)
                index += 3
            } else {
                ranges.append(character...character)
                index += 1
            }
        }
        throw SyntaxError(message: "unclosed \"[\"")
    }

    /// The tokens of an `exclude_files` pattern, matched against whole
    /// relative paths. As in Spin, `*` and `?` also match `/` there.
    static func pathTokens(of text: String) throws(SyntaxError) -> [Token] {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var tokens: [Token] = []
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            if part == "**" {
                // `**/` is any run of directories; a final `**` is everything below.
                tokens.append(isLast ? .star : .anyDirectories)
                continue
            }
            tokens += try self.tokens(of: part)
            if !isLast { tokens.append(.literal("/")) }
        }
        return tokens
    }

    /// Whether `tokens` match all of `text`. `starCrossesSlash` lets `*`, `?`
    /// and classes match `/` (whole-path `exclude_files` matching).
    static func matches(_ tokens: [Token], _ text: String, starCrossesSlash: Bool) -> Bool {
        let characters = Array(text)
        let count = characters.count
        // after[s] is whether tokens[t+1...] match characters[s...]; one row
        // per token, computed from the last token back (no recursion).
        var after = [Bool](repeating: false, count: count + 1)
        after[count] = true
        for token in tokens.reversed() {
            var current = [Bool](repeating: false, count: count + 1)
            switch token {
            case .star:
                current[count] = after[count]
                for s in stride(from: count - 1, through: 0, by: -1) {
                    let step = starCrossesSlash || characters[s] != "/"
                    current[s] = after[s] || (step && current[s + 1])
                }
            case .anyDirectories:
                var slashThenRest = false
                current[count] = after[count]
                for s in stride(from: count - 1, through: 0, by: -1) {
                    if characters[s] == "/" && after[s + 1] { slashThenRest = true }
                    current[s] = after[s] || slashThenRest
                }
            default:
                for s in 0..<count where after[s + 1] {
                    current[s] = matchesOne(token, characters[s], starCrossesSlash: starCrossesSlash)
                }
            }
            after = current
        }
        return after[0]
    }

    private static func matchesOne(_ token: Token, _ character: Character, starCrossesSlash: Bool) -> Bool {
        switch token {
        case .literal(let expected): return character == expected
        case .anyCharacter: return starCrossesSlash || character != "/"
        case .characterClass(let negated, let ranges):
            guard starCrossesSlash || character != "/" else { return false }
            return ranges.contains { $0.contains(character) } != negated
        case .star, .anyDirectories: return false
        }
    }
}
