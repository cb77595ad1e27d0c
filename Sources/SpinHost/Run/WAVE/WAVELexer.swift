/// Splits WAVE text into tokens (wasm-tools crates/wasm-wave README,
/// "Encoding"). Whitespace and `//` comments between tokens are skipped;
/// inside labels, chars and strings they are significant.
struct WAVELexer {
    let scalars: [Unicode.Scalar]
    /// The offset of the next scalar to read.
    private(set) var position: Int

    init(_ scalars: [Unicode.Scalar], position: Int = 0) {
        self.scalars = scalars
        self.position = position
    }

    /// The next token, or nil at the end of the text.
    mutating func next() throws(WAVEError) -> WAVEToken? {
        skipTrivia()
        guard position < scalars.count else { return nil }
        let start = position
        let scalar = scalars[position]
        let punctuation: WAVEToken.Kind? = switch scalar {
        case "{": .braceOpen
        case "}": .braceClose
        case "(": .parenOpen
        case ")": .parenClose
        case "[": .bracketOpen
        case "]": .bracketClose
        case ":": .colon
        case ",": .comma
        default: nil
        }
        if let punctuation {
            position += 1
            return WAVEToken(kind: punctuation, start: start, end: position)
        }
        let kind: WAVEToken.Kind
        switch scalar {
        case "-", "0"..."9": kind = try lexNumber()
        case "%", "a"..."z", "A"..."Z": kind = try lexLabel()
        case "'": kind = try lexChar()
        case "\"":
            kind = at("\"\"\"", start) ? try lexMultilineString() : try lexString()
        default:
            throw WAVEError(at: start, "unexpected character `\(Self.show(scalar))`")
        }
        return WAVEToken(kind: kind, start: start, end: position)
    }

    /// The next token without consuming it.
    func peek() throws(WAVEError) -> WAVEToken? {
        var copy = self
        return try copy.next()
    }

    /// The offset where the next token (or the end) starts.
    mutating func skipTrivia() {
        while position < scalars.count {
            switch scalars[position] {
            case " ", "\t", "\n", "\r": position += 1
            case "/" where position + 1 < scalars.count && scalars[position + 1] == "/":
                while position < scalars.count && scalars[position] != "\n" { position += 1 }
            default: return
            }
        }
    }

    // MARK: - Numbers

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`, as JSON
    /// writes numbers.
    private mutating func lexNumber() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        if scalars[position] == "-" {
            position += 1
            if at("inf", position) {
                position += 3
                try expectNumberEnd(start)
                return .number("-inf")
            }
            guard position < scalars.count, isDigit(scalars[position]) else {
                throw WAVEError(at: start, "`-` must be followed by digits or `inf`")
            }
        }
        if scalars[position] == "0" {
            position += 1
            if position < scalars.count, isDigit(scalars[position]) {
                throw WAVEError(at: start, "invalid number: leading zeros are not allowed")
            }
        } else {
            skipDigits()
        }
        if position < scalars.count, scalars[position] == "." {
            position += 1
            guard skipDigits() > 0 else {
                throw WAVEError(at: start, "invalid number: `.` must be followed by digits")
            }
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            position += 1
            if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" { position += 1 }
            guard skipDigits() > 0 else {
                throw WAVEError(at: start, "invalid number: the exponent needs digits")
            }
        }
        try expectNumberEnd(start)
        return .number(text(start, position))
    }

    /// A number runs into no letter, digit or point (`0x10`, `1.2.3`).
    private func expectNumberEnd(_ start: Int) throws(WAVEError) {
        guard position < scalars.count else { return }
        let next = scalars[position]
        if isDigit(next) || isLetter(next) || next == "." || next == "_" {
            var end = position
            while end < scalars.count, Self.isAlphanumeric(scalars[end]) || scalars[end] == "." || scalars[end] == "_" { end += 1 }
            throw WAVEError(at: start, "invalid number `\(text(start, end))`: numbers are decimal, as in JSON")
        }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while position < scalars.count, isDigit(scalars[position]) { position += 1 }
        return position - start
    }

    // MARK: - Labels

    /// Kebab-case words as WIT identifiers: `%`? then words of one ASCII
    /// letter and more letters and digits, all lowercase or all uppercase,
    /// joined by single hyphens; words after the first may start with a digit.
    private mutating func lexLabel() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        let escaped = scalars[position] == "%"
        if escaped { position += 1 }
        let nameStart = position
        while position < scalars.count, isLetter(scalars[position]) || isDigit(scalars[position]) || scalars[position] == "-" {
            position += 1
        }
        let name = text(nameStart, position)
        if let problem = Self.labelProblem(name) {
            throw WAVEError(at: start, "invalid label `\(text(start, position))`: \(problem)")
        }
        return .label(name, escaped: escaped)
    }

    /// Why `name` is not a WAVE label, or nil when it is one.
    static func labelProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "a label starts with a letter" }
        let words = name.split(separator: "-", omittingEmptySubsequences: false)
        for (index, word) in words.enumerated() {
            guard let head = word.unicodeScalars.first else { return "hyphens must join words" }
            if index == 0 && !(("a"..."z").contains(head) || ("A"..."Z").contains(head)) {
                return "a label starts with a letter"
            }
            let lower = word.unicodeScalars.contains { ("a"..."z").contains($0) }
            let upper = word.unicodeScalars.contains { ("A"..."Z").contains($0) }
            if lower && upper { return "each word is all lowercase or all uppercase" }
        }
        return nil
    }

    // MARK: - Chars and strings

    /// `'c'` with exactly one Unicode scalar, or one escape.
    private mutating func lexChar() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        position += 1
        guard position < scalars.count, scalars[position] != "\n" else {
            throw WAVEError(at: start, "unterminated char")
        }
        let value: Unicode.Scalar
        switch scalars[position] {
        case "'": throw WAVEError(at: start, "empty char: a char holds one character")
        case "\\": value = try unescape()
        default:
            value = scalars[position]
            position += 1
        }
        guard position < scalars.count, scalars[position] == "'" else {
            var end = position
            while end < scalars.count, scalars[end] != "'", scalars[end] != "\n" { end += 1 }
            if end < scalars.count, scalars[end] == "'" {
                throw WAVEError(at: start, "a char holds one character: use a string for `\(text(start + 1, end))`")
            }
            throw WAVEError(at: start, "unterminated char")
        }
        position += 1
        return .char(value)
    }

    /// `"..."` on one line: a literal newline, `"` or `\` must be escaped.
    private mutating func lexString() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard position < scalars.count, scalars[position] != "\n" else {
                throw WAVEError(at: start, "unterminated string (a newline in a string is written `\\n`)")
            }
            switch scalars[position] {
            case "\"":
                position += 1
                return .string(String(value))
            case "\\":
                value.append(try unescape())
            default:
                value.append(scalars[position])
                position += 1
            }
        }
    }

    /// `"""`, a line break, lines, a line break, spaces, `"""`. The spaces
    /// before the closing `"""` are the indent every line loses; the line
    /// breaks next to the delimiters are not part of the value.
    private mutating func lexMultilineString() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        let contentStart = position + 3
        var end = contentStart
        while end < scalars.count, !at("\"\"\"", end) { end += 1 }
        guard end < scalars.count else { throw WAVEError(at: start, "unterminated multi-line string") }
        // Lines as offset ranges; a `\r` before `\n` belongs to the break.
        var lines: [(start: Int, end: Int)] = []
        var lineStart = contentStart
        for offset in contentStart..<end where scalars[offset] == "\n" {
            lines.append((lineStart, offset > lineStart && scalars[offset - 1] == "\r" ? offset - 1 : offset))
            lineStart = offset + 1
        }
        lines.append((lineStart, end))
        guard lines.count >= 2, lines[0].start == lines[0].end else {
            throw WAVEError(at: start, "the opening `\"\"\"` of a multi-line string must end its line")
        }
        let indent = lines[lines.count - 1]
        guard (indent.start..<indent.end).allSatisfy({ scalars[$0] == " " }) else {
            throw WAVEError(at: end, "the closing `\"\"\"` of a multi-line string must be on a line of its own, after spaces only")
        }
        let indentWidth = indent.end - indent.start
        var value = String.UnicodeScalarView()
        for (index, line) in lines.dropFirst().dropLast().enumerated() {
            if index > 0 { value.append("\n") }
            guard line.end - line.start >= indentWidth,
                  (line.start..<line.start + indentWidth).allSatisfy({ scalars[$0] == " " }) else {
                throw WAVEError(at: line.start, "lines of a multi-line string must be indented at least as far as the closing `\"\"\"`")
            }
            position = line.start + indentWidth
            while position < line.end {
                if scalars[position] == "\\" {
                    value.append(try unescape())
                } else {
                    value.append(scalars[position])
                    position += 1
                }
            }
        }
        position = end + 3
        return .string(String(value))
    }

    /// Reads the escape at `position` (a backslash): `\'` `\"` `\\` `\t` `\n`
    /// `\r`, or `\u{` one to six hex digits `}` naming a Unicode scalar value.
    private mutating func unescape() throws(WAVEError) -> Unicode.Scalar {
        let start = position
        guard position + 1 < scalars.count else { throw WAVEError(at: start, "unterminated escape") }
        position += 2
        switch scalars[start + 1] {
        case "'": return "'"
        case "\"": return "\""
        case "\\": return "\\"
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "u":
            guard position < scalars.count, scalars[position] == "{" else {
                throw WAVEError(at: start, "invalid escape: `\\u` is followed by `{` hex digits `}`")
            }
            position += 1
            var code: UInt32 = 0
            var digits = 0
            while position < scalars.count, let digit = Self.hexValue(scalars[position]) {
                code = code &<< 4 | digit
                digits += 1
                position += 1
                guard digits <= 6 else { throw WAVEError(at: start, "invalid escape: `\\u{...}` takes one to six hex digits") }
            }
            guard digits > 0, position < scalars.count, scalars[position] == "}" else {
                throw WAVEError(at: start, "invalid escape: `\\u` is followed by `{` one to six hex digits `}`")
            }
            position += 1
            guard let scalar = Unicode.Scalar(code) else {
                throw WAVEError(at: start, "invalid escape: \(text(start, position)) is not a Unicode scalar value")
            }
            return scalar
        default:
            throw WAVEError(at: start, "invalid escape `\\\(Self.show(scalars[start + 1]))` (escapes are \\' \\\" \\\\ \\t \\n \\r \\u{...})")
        }
    }

    // MARK: - Scalars

    func at(_ literal: String, _ offset: Int) -> Bool {
        var index = offset
        for scalar in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    func text(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }

    /// A scalar for a message, escaped when it would not show.
    static func show(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }
}
