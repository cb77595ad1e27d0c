/// Reads WAVE text into `WAVESyntax` (wasm-tools crates/wasm-wave README):
/// values, comma-separated argument lists, and function calls.
struct WAVEParser {
    /// Nesting deeper than this is refused, so that hostile text cannot
    /// exhaust the stack (wasm-wave uses the same bound).
    static let maximumDepth = 100

    private(set) var lexer: WAVELexer
    private var depth = 0

    init(_ lexer: WAVELexer) {
        self.lexer = lexer
    }

    init(_ text: String) {
        self.init(WAVELexer(Array(text.unicodeScalars)))
    }

    /// One value.
    mutating func parseValue() throws(WAVEError) -> WAVESyntax {
        guard let token = try lexer.next() else {
            throw WAVEError(at: lexer.scalars.count, "expected a value, found the end of the text")
        }
        guard depth < Self.maximumDepth else {
            throw WAVEError(at: token.start, "values nest deeper than \(Self.maximumDepth) levels")
        }
        depth += 1
        defer { depth -= 1 }
        let kind: WAVESyntax.Kind
        switch token.kind {
        case .number(let text): kind = .number(text)
        case .char(let value): kind = .char(value)
        case .string(let value): kind = .string(value)
        case .parenOpen:
            let elements = try parseSequence(until: .parenClose)
            guard !elements.isEmpty else { throw WAVEError(at: token.start, "a tuple has at least one element") }
            kind = .tuple(elements)
        case .bracketOpen: kind = .list(try parseSequence(until: .bracketClose))
        case .braceOpen: kind = try parseRecordOrFlags(token)
        case .label(let name, escaped: false) where WAVE.keywords.contains(name):
            switch name {
            case "true": kind = .bool(true)
            case "false": kind = .bool(false)
            case "inf", "nan": kind = .number(name)
            case "none": kind = .none
            case "some":
                guard let payload = try parsePayload() else {
                    throw WAVEError(at: token.start, "`some` is followed by its value in parentheses: `some(...)`")
                }
                kind = .some(payload)
            case "ok": kind = .ok(try parsePayload())
            default: kind = .error(try parsePayload())
            }
        case .label(let name, _):
            kind = .caseLabel(WAVESyntax.Label(name: name, start: token.start), payload: try parsePayload())
        case .braceClose, .parenClose, .bracketClose, .colon, .comma:
            throw WAVEError(at: token.start, "expected a value, found \(token.kind.text)")
        }
        return WAVESyntax(kind: kind, start: token.start, end: lexer.position)
    }

    /// Values separated by commas up to `closing` (consumed); a trailing
    /// comma is allowed. With `closing` nil, up to the end of the text.
    mutating func parseSequence(until closing: WAVEToken.Kind?) throws(WAVEError) -> [WAVESyntax] {
        var elements: [WAVESyntax] = []
        while true {
            if try atClosing(closing) { return elements }
            elements.append(try parseValue())
            if try atClosing(closing) { return elements }
            try expect(.comma, "`,`" + (closing.map { " or " + $0.text } ?? ""))
        }
    }

    /// Fails unless the text has ended.
    mutating func finish() throws(WAVEError) {
        if let token = try lexer.next() {
            throw WAVEError(at: token.start, "unexpected \(token.kind.text) after the value")
        }
    }

    /// Consumes `closing` (or sees the end of the text, when nil).
    private mutating func atClosing(_ closing: WAVEToken.Kind?) throws(WAVEError) -> Bool {
        let token = try lexer.peek()
        guard let closing else { return token == nil }
        guard let token else {
            let text = closing.text
            throw WAVEError(at: lexer.scalars.count, "expected \(text), found the end of the text")
        }
        guard token.kind == closing else { return false }
        _ = try lexer.next()
        return true
    }

    /// `(value)` after a case label, `ok` or `err`, if there is one.
    private mutating func parsePayload() throws(WAVEError) -> WAVESyntax? {
        guard try lexer.peek()?.kind == .parenOpen else { return nil }
        _ = try lexer.next()
        let payload = try parseValue()
        try expect(.parenClose, "`)`")
        return payload
    }

    /// After `{`: `{:}` is the empty record, `{}` empty flags; a label
    /// followed by `:` starts a record, else flags.
    private mutating func parseRecordOrFlags(_ open: WAVEToken) throws(WAVEError) -> WAVESyntax.Kind {
        switch try lexer.peek()?.kind {
        case .colon?:
            _ = try lexer.next()
            try expect(.braceClose, "`}` (`{:}` is the empty record)")
            return .record([])
        case .braceClose?:
            _ = try lexer.next()
            return .flags([])
        default: break
        }
        let first = try parseLabel()
        if try lexer.peek()?.kind == .colon {
            var fields: [(label: WAVESyntax.Label, value: WAVESyntax)] = []
            var label = first
            while true {
                if fields.contains(where: { $0.label.name == label.name }) {
                    throw WAVEError(at: label.start, "field `\(label.name)` given twice")
                }
                try expect(.colon, "`:`")
                fields.append((label, try parseValue()))
                if try atClosing(.braceClose) { return .record(fields) }
                try expect(.comma, "`,` or `}`")
                if try atClosing(.braceClose) { return .record(fields) }
                label = try parseLabel()
            }
        }
        var flags = [first]
        while true {
            if try atClosing(.braceClose) { return .flags(flags) }
            try expect(.comma, "`,` or `}`")
            if try atClosing(.braceClose) { return .flags(flags) }
            let flag = try parseLabel()
            if flags.contains(where: { $0.name == flag.name }) {
                throw WAVEError(at: flag.start, "flag `\(flag.name)` given twice")
            }
            flags.append(flag)
        }
    }

    private mutating func parseLabel() throws(WAVEError) -> WAVESyntax.Label {
        guard let token = try lexer.next() else {
            throw WAVEError(at: lexer.scalars.count, "expected a label, found the end of the text")
        }
        guard case .label(let name, _) = token.kind else {
            throw WAVEError(at: token.start, "expected a label, found \(token.kind.text)")
        }
        return WAVESyntax.Label(name: name, start: token.start)
    }

    private mutating func expect(_ kind: WAVEToken.Kind, _ expected: String) throws(WAVEError) {
        guard let token = try lexer.next() else {
            throw WAVEError(at: lexer.scalars.count, "expected \(expected), found the end of the text")
        }
        guard token.kind == kind else {
            throw WAVEError(at: token.start, "expected \(expected), found \(token.kind.text)")
        }
    }
}
