/// Parses template text into ``LiquidNode``s in two steps: the text is cut
/// into literal text, `{{ output }}` and `{% tag %}` pieces (applying
/// whitespace control and taking `raw` and `comment` bodies verbatim), then
/// the pieces are nested into blocks.
struct LiquidParser {
    private enum Piece {
        case text(String)
        case output(String, line: Int)
        case tag(name: String, markup: String, line: Int)
    }

    private let bytes: [UInt8]
    private var pieces: [Piece] = []
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func parseDocument() throws(TemplateError) -> [LiquidNode] {
        try cutPieces()
        position = 0
        let (nodes, end) = try parseBlock(until: [])
        if let end { throw syntax("unexpected {% \(end.name) %}", line: end.line) }
        return nodes
    }

    // MARK: - Cutting the text into pieces

    private mutating func cutPieces() throws(TemplateError) {
        var index = 0
        var text: [UInt8] = []
        var trimNextText = false
        func flush(trimmingTrailing: Bool, into pieces: inout [Piece]) {
            var slice = text[...]
            if trimmingTrailing { while let last = slice.last, Self.isWhitespace(last) { slice.removeLast() } }
            if !slice.isEmpty { pieces.append(.text(String(decoding: slice, as: UTF8.self))) }
            text.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let isOutput = starts("{{", at: index)
            guard isOutput || starts("{%", at: index) else {
                if trimNextText && Self.isWhitespace(bytes[index]) {
                    index += 1
                    continue
                }
                trimNextText = false
                text.append(bytes[index])
                index += 1
                continue
            }
            trimNextText = false
            let line = lineNumber(at: index)
            let close: [UInt8] = isOutput ? Array("}}".utf8) : Array("%}".utf8)
            guard let end = findClose(close, from: index + 2) else {
                throw syntax("\(isOutput ? "{{" : "{%") is not closed", line: line)
            }
            var inner = bytes[(index + 2)..<end]
            let trimBefore = inner.first == UInt8(ascii: "-")
            if trimBefore { inner = inner.dropFirst() }
            let trimAfter = inner.last == UInt8(ascii: "-")
            if trimAfter { inner = inner.dropLast() }
            flush(trimmingTrailing: trimBefore, into: &pieces)
            index = end + 2
            let markup = TemplateFilter.trimmed(String(decoding: inner, as: UTF8.self))
            if isOutput {
                pieces.append(.output(markup, line: line))
            } else {
                let name = String(markup.prefix { !$0.isWhitespace })
                let rest = TemplateFilter.trimmed(markup.dropFirst(name.count))
                if name == "raw" || name == "comment" {
                    // Everything up to the matching end tag is taken as is.
                    let closing = "end" + name
                    guard let (bodyEnd, after, trims) = findEndTag(closing, from: index) else {
                        throw syntax("{% \(name) %} is not closed by {% \(closing) %}", line: line)
                    }
                    if name == "raw" {
                        var body = bytes[index..<bodyEnd]
                        if trimAfter { while let first = body.first, Self.isWhitespace(first) { body.removeFirst() } }
                        if trims.before { while let last = body.last, Self.isWhitespace(last) { body.removeLast() } }
                        if !body.isEmpty { pieces.append(.text(String(decoding: body, as: UTF8.self))) }
                    }
                    index = after
                    trimNextText = trims.after
                    continue
                }
                guard !name.isEmpty else { throw syntax("empty {% %} tag", line: line) }
                pieces.append(.tag(name: name, markup: rest, line: line))
            }
            trimNextText = trimAfter
        }
        flush(trimmingTrailing: false, into: &pieces)
    }

    private func starts(_ marker: String, at index: Int) -> Bool {
        let marker = Array(marker.utf8)
        return index + marker.count <= bytes.count && bytes[index..<(index + marker.count)].elementsEqual(marker)
    }

    /// The index of `close` after `start`, skipping quoted strings.
    private func findClose(_ close: [UInt8], from start: Int) -> Int? {
        var index = start
        var quote: UInt8?
        while index + 1 < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == close[0] && bytes[index + 1] == close[1] {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Finds `{% name %}` (with optional `-` trims) from `start`: the index
    /// where it begins, the index after it, and its trim flags.
    private func findEndTag(_ name: String, from start: Int) -> (Int, Int, (before: Bool, after: Bool))? {
        var index = start
        while index < bytes.count {
            if starts("{%", at: index), let end = findClose(Array("%}".utf8), from: index + 2) {
                var inner = bytes[(index + 2)..<end]
                let before = inner.first == UInt8(ascii: "-")
                if before { inner = inner.dropFirst() }
                let after = inner.last == UInt8(ascii: "-")
                if after { inner = inner.dropLast() }
                if TemplateFilter.trimmed(String(decoding: inner, as: UTF8.self)) == name {
                    return (index, end + 2, (before, after))
                }
            }
            index += 1
        }
        return nil
    }

    private func lineNumber(at index: Int) -> Int {
        1 + bytes[..<index].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: - Nesting pieces into blocks

    private typealias EndTag = (name: String, markup: String, line: Int)

    private mutating func parseBlock(until terminators: Set<String>) throws(TemplateError) -> ([LiquidNode], EndTag?) {
        var nodes: [LiquidNode] = []
        while position < pieces.count {
            let piece = pieces[position]
            position += 1
            switch piece {
            case .text(let text):
                nodes.append(.text(text))
            case .output(let markup, let line):
                var lexer = try LiquidLexer(markup, line: line)
                nodes.append(.output(try lexer.expression()))
                try lexer.expectEnd()
            case .tag(let name, let markup, let line):
                if terminators.contains(name) { return (nodes, (name, markup, line)) }
                nodes.append(try parseTag(name, markup, line: line))
            }
        }
        return (nodes, nil)
    }

    private mutating func parseTag(_ name: String, _ markup: String, line: Int) throws(TemplateError) -> LiquidNode {
        switch name {
        case "if", "unless":
            let closing = "end" + name
            var lexer = try LiquidLexer(markup, line: line)
            var condition = try lexer.condition()
            try lexer.expectEnd()
            if name == "unless" { condition = .not(condition) }
            var branches: [(condition: LiquidCondition, body: [LiquidNode])] = []
            var terminators: Set<String> = [closing, "else"]
            if name == "if" { terminators.insert("elsif") }
            while true {
                let (body, end) = try parseBlock(until: terminators)
                guard let end else { throw syntax("{% \(name) %} is not closed by {% \(closing) %}", line: line) }
                branches.append((condition, body))
                switch end.name {
                case "elsif":
                    var next = try LiquidLexer(end.markup, line: end.line)
                    condition = try next.condition()
                    try next.expectEnd()
                case "else":
                    let (otherwise, last) = try parseBlock(until: [closing])
                    guard last != nil else { throw syntax("{% \(name) %} is not closed by {% \(closing) %}", line: line) }
                    return .conditional(branches, otherwise: otherwise)
                default:
                    return .conditional(branches, otherwise: [])
                }
            }
        case "assign":
            var lexer = try LiquidLexer(markup, line: line)
            guard case .identifier(let variable)? = lexer.next() else { throw syntax("{% assign %} needs a variable name", line: line) }
            guard case .symbol("=")? = lexer.next() else { throw syntax("{% assign \(variable) %} needs '='", line: line) }
            let expression = try lexer.expression()
            try lexer.expectEnd()
            return .assign(variable, expression)
        default:
            throw syntax("unknown tag {% \(name) %}", line: line)
        }
    }

    private func syntax(_ message: String, line: Int) -> TemplateError {
        TemplateError(.syntax, "line \(line): \(message)")
    }
}

/// The tokens inside one `{{ }}` or `{% %}`.
struct LiquidLexer {
    enum Token: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        case symbol(String)
    }

    private var tokens: [Token]
    private var index = 0
    private let line: Int

    init(_ markup: String, line: Int) throws(TemplateError) {
        self.line = line
        tokens = []
        let characters = Array(markup)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character.isWhitespace {
                position += 1
            } else if character == "\"" || character == "'" {
                guard let close = characters[(position + 1)...].firstIndex(of: character) else {
                    throw TemplateError(.syntax, "line \(line): unterminated string in \"\(markup)\"")
                }
                tokens.append(.string(String(characters[(position + 1)..<close])))
                position = close + 1
            } else if character.isNumber || (character == "-" && position + 1 < characters.count && characters[position + 1].isNumber) {
                var end = position + 1
                while end < characters.count && (characters[end].isNumber || characters[end] == ".") { end += 1 }
                tokens.append(.number(String(characters[position..<end])))
                position = end
            } else if character.isLetter || character == "_" {
                var end = position + 1
                while end < characters.count
                    && (characters[end].isLetter || characters[end].isNumber || "_-.?".contains(characters[end])) {
                    end += 1
                }
                tokens.append(.identifier(String(characters[position..<end])))
                position = end
            } else {
                let pair = position + 1 < characters.count ? String(characters[position...(position + 1)]) : ""
                if ["==", "!=", "<>", "<=", ">="].contains(pair) {
                    tokens.append(.symbol(pair == "<>" ? "!=" : pair))
                    position += 2
                } else if "|:,=<>".contains(character) {
                    tokens.append(.symbol(String(character)))
                    position += 1
                } else {
                    throw TemplateError(.syntax, "line \(line): unexpected \"\(character)\" in \"\(markup)\"")
                }
            }
        }
    }

    mutating func next() -> Token? {
        guard index < tokens.count else { return nil }
        defer { index += 1 }
        return tokens[index]
    }

    private func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

    func expectEnd() throws(TemplateError) {
        if let token = peek() { throw TemplateError(.syntax, "line \(line): unexpected \(token)") }
    }

    mutating func operand() throws(TemplateError) -> LiquidOperand {
        switch next() {
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("nil"), .identifier("null"): return .literal(.nil)
        case .identifier(let name): return .variable(name)
        case .string(let text), .number(let text): return .literal(.string(text))
        case let other: throw TemplateError(.syntax, "line \(line): expected a value, found \(other.map { "\($0)" } ?? "nothing")")
        }
    }

    /// `operand | filter: argument, argument | filter`
    mutating func expression() throws(TemplateError) -> LiquidExpression {
        var expression = LiquidExpression(operand: try operand(), filters: [])
        while peek() == .symbol("|") {
            index += 1
            guard case .identifier(let name)? = next() else {
                throw TemplateError(.syntax, "line \(line): expected a filter name after '|'")
            }
            guard let filter = TemplateFilter(rawValue: name) else {
                throw TemplateError(.unknownFilter, "line \(line): unknown filter \"\(name)\"")
            }
            var arguments: [LiquidOperand] = []
            if peek() == .symbol(":") {
                index += 1
                arguments.append(try operand())
                while peek() == .symbol(",") {
                    index += 1
                    arguments.append(try operand())
                }
            }
            guard arguments.count == filter.arity else {
                throw TemplateError(.syntax, "line \(line): filter \"\(name)\" takes \(filter.arity) argument(s), got \(arguments.count)")
            }
            expression.filters.append((filter, arguments))
        }
        return expression
    }

    /// Comparisons joined by `and`/`or`, grouped from the right as Liquid does.
    mutating func condition() throws(TemplateError) -> LiquidCondition {
        var parts = [try comparison()]
        var joins: [String] = []
        while case .identifier(let word)? = peek(), word == "and" || word == "or" {
            index += 1
            joins.append(word)
            parts.append(try comparison())
        }
        var result = parts.removeLast()
        while let join = joins.popLast() {
            let left = parts.removeLast()
            result = join == "and" ? .and(left, result) : .or(left, result)
        }
        return result
    }

    private mutating func comparison() throws(TemplateError) -> LiquidCondition {
        let left = try operand()
        let comparison: LiquidCondition.Comparison
        switch peek() {
        case .symbol(let symbol)?:
            guard let found = LiquidCondition.Comparison(rawValue: symbol) else { return .truthy(left) }
            comparison = found
        case .identifier("contains")?:
            comparison = .contains
        default:
            return .truthy(left)
        }
        index += 1
        return .compare(left, comparison, try operand())
    }
}
