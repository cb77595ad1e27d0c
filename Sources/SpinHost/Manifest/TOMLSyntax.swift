/// A TOML 1.0 syntax check that runs before TOMLKit sees the text.
///
/// TOMLKit wraps toml++, whose parser guards its internal states with
/// `assert` (debug builds: the process aborts) and `__builtin_assume`
/// (release builds: undefined behaviour) in places that malformed input can
/// reach, e.g. `[[[`, `a = [1, }]` or `d = 1979-05-27Tx`. This recognizer
/// follows the TOML 1.0 ABNF (<https://toml.io/en/v1.0.0>) without building
/// values, so toml++ only ever parses syntactically valid documents; what is
/// left for it to reject are semantic errors such as a key defined twice.
/// It also reports syntax errors with their line and column, and records
/// the line of every table, key and array element (`TOMLPositions`) so
/// that manifest messages can name the line of a field. Checked
/// against the toml-test suite (all 210 valid TOML 1.0 files pass) and
/// fuzzed against toml++ with its assertions enabled.
struct TOMLSyntax {
    struct Failure: Error, Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    /// Deep enough for any manifest, shallow enough for the host's stack.
    static let maximumNesting = 100

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var positions = TOMLPositions()
    /// The table the current key/value lines belong to (the last header).
    private var table: TOMLPositions.Path = []
    /// How many `[[...]]` elements each array of tables has so far.
    private var arrayLengths: [TOMLPositions.Path: Int] = [:]

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Checks `text`; returns where each of its tables, keys and array elements is.
    @discardableResult
    static func check(_ text: String) throws(Failure) -> TOMLPositions {
        var checker = TOMLSyntax(text)
        try checker.document()
        return checker.positions
    }

    // MARK: Document structure

    private mutating func document() throws(Failure) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
        while true {
            skipWhitespace()
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "#"), 0x0A, 0x0D: break
            case UInt8(ascii: "["): try tableHeader()
            default: try keyValue(depth: 0, in: table)
            }
            skipWhitespace()
            if peek() == UInt8(ascii: "#") { try comment() }
            guard peek() != nil else { return }
            try newline(orFail: "expected the end of the line")
        }
    }

    private mutating func tableHeader() throws(Failure) {
        advance()
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { advance() }
        skipWhitespace()
        let keys = try key()
        enterTable(keys, isArray: isArray)
        skipWhitespace()
        let close = isArray ? "\"]]\"" : "\"]\""
        guard peek() == UInt8(ascii: "]") else { throw failure("expected \(close) to close the table header") }
        advance()
        if isArray {
            guard peek() == UInt8(ascii: "]") else { throw failure("expected \(close) to close the table header") }
            advance()
        }
    }

    /// `key = value` in the table at `base` (a header's table or an inline table).
    private mutating func keyValue(depth: Int, in base: TOMLPositions.Path) throws(Failure) {
        let keyLine = line
        var path = base
        for part in try key() {
            path.append(.key(part))
            positions.record(path, line: keyLine)
        }
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else { throw failure("expected \"=\" after the key") }
        advance()
        skipWhitespace()
        try value(depth: depth, path: path)
    }

    /// A bare or quoted key, possibly dotted; returns its parts.
    private mutating func key() throws(Failure) -> [String] {
        var keys = [try simpleKey()]
        while true {
            let (savedIndex, savedLineStart) = (index, lineStart)
            skipWhitespace()
            guard peek() == UInt8(ascii: ".") else {
                (index, lineStart) = (savedIndex, savedLineStart)
                return keys
            }
            advance()
            skipWhitespace()
            keys.append(try simpleKey())
        }
    }

    /// Makes the header's table current: a key naming an array of tables
    /// means its last element, and `[[...]]` starts a new element.
    private mutating func enterTable(_ keys: [String], isArray: Bool) {
        var path: TOMLPositions.Path = []
        for (position, key) in keys.enumerated() {
            path.append(.key(key))
            let isLast = position == keys.count - 1
            if isLast && isArray {
                positions.record(path, line: line)
                let length = arrayLengths[path, default: 0]
                arrayLengths[path] = length + 1
                path.append(.index(length))
            } else if !isLast, let length = arrayLengths[path] {
                path.append(.index(length - 1))
            }
            positions.record(path, line: line)
        }
        table = path
    }

    private mutating func simpleKey() throws(Failure) -> String {
        let start = index
        try skipSimpleKey()
        return TOMLPositions.keyText(bytes[start..<index])
    }

    private mutating func skipSimpleKey() throws(Failure) {
        guard let byte = peek() else { throw failure("expected a key") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw failure("a key cannot be a multi-line string")
            }
            try basicString()
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw failure("a key cannot be a multi-line string")
            }
            try literalString()
        default:
            guard Self.isBareKeyByte(byte) else { throw failure("expected a key") }
            while let next = peek(), Self.isBareKeyByte(next) { advance() }
        }
    }

    // MARK: Values

    /// A value of the key (or array element) at `path`.
    private mutating func value(depth: Int, path: TOMLPositions.Path) throws(Failure) {
        guard depth <= Self.maximumNesting else { throw failure("values are nested too deeply") }
        guard let byte = peek() else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                try multiLineString(quote: byte)
            } else {
                try basicString()
            }
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                try multiLineString(quote: byte)
            } else {
                try literalString()
            }
        case UInt8(ascii: "["): try array(depth: depth + 1, path: path)
        case UInt8(ascii: "{"): try inlineTable(depth: depth + 1, path: path)
        case UInt8(ascii: "t"): try keyword("true")
        case UInt8(ascii: "f"): try keyword("false")
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "i"), UInt8(ascii: "n"):
            try numberOrDate()
        default:
            throw failure("expected a value")
        }
    }

    private mutating func keyword(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard peek() == expected else { throw failure("expected a value") }
            advance()
        }
    }

    private mutating func array(depth: Int, path: TOMLPositions.Path) throws(Failure) {
        advance()
        var count = 0
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek() == UInt8(ascii: "]") { advance(); return }
            let element = path + [.index(count)]
            positions.record(element, line: line)
            count += 1
            try value(depth: depth, path: element)
            try skipWhitespaceCommentsAndNewlines()
            switch peek() {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return
            default: throw failure("expected \",\" or \"]\" in the array")
            }
        }
    }

    /// TOML 1.0 inline tables: one line, no trailing comma.
    private mutating func inlineTable(depth: Int, path: TOMLPositions.Path) throws(Failure) {
        advance()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { advance(); return }
        while true {
            try keyValue(depth: depth, in: path)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                advance()
                skipWhitespace()
                if peek() == UInt8(ascii: "}") { throw failure("an inline table cannot end with a comma") }
            case UInt8(ascii: "}"): advance(); return
            default: throw failure("expected \",\" or \"}\" in the inline table")
            }
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(Failure) {
        advance()
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""): advance(); return
            case UInt8(ascii: "\\"): try escape()
            case 0x0A, 0x0D: throw failure("a single-line string cannot contain a line break")
            default:
                guard !Self.isControl(byte) else { throw failure("control character in a string") }
                advance()
            }
        }
    }

    private mutating func literalString() throws(Failure) {
        advance()
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "'"): advance(); return
            case 0x0A, 0x0D: throw failure("a single-line string cannot contain a line break")
            default:
                guard !Self.isControl(byte) else { throw failure("control character in a string") }
                advance()
            }
        }
    }

    /// `"""..."""` or `'''...'''`: up to two quotes may sit before the closing three.
    private mutating func multiLineString(quote: UInt8) throws(Failure) {
        advance(); advance(); advance()
        while true {
            guard let byte = peek() else { throw failure("unterminated multi-line string") }
            switch byte {
            case quote:
                var run = 0
                while peek(run) == quote { run += 1 }
                guard run <= 5 else { throw failure("too many quotes in a row in a multi-line string") }
                for _ in 0..<run { advance() }
                if run >= 3 { return }
            case 0x0A, 0x0D:
                try newline(orFail: "a carriage return must be followed by a line feed")
            case UInt8(ascii: "\\") where quote == UInt8(ascii: "\""):
                if let next = peek(1), next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
                    try lineEndingBackslash()
                } else {
                    try escape()
                }
            default:
                guard !Self.isControl(byte) else { throw failure("control character in a string") }
                advance()
            }
        }
    }

    /// `\` then optional spaces, a line break, and any further blank space.
    private mutating func lineEndingBackslash() throws(Failure) {
        advance()
        skipWhitespace()
        try newline(orFail: "a backslash in a multi-line string must end the line or start an escape")
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            if byte == 0x0A || byte == 0x0D {
                try newline(orFail: "a carriage return must be followed by a line feed")
            } else {
                advance()
            }
        }
    }

    private mutating func escape() throws(Failure) {
        advance()
        guard let byte = peek() else { throw failure("unterminated string") }
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"),
            UInt8(ascii: "\""), UInt8(ascii: "\\"):
            advance()
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            advance()
            var scalar: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), let value = Self.hexValue(digit) else {
                    throw failure("\\\(byte == UInt8(ascii: "u") ? "u" : "U") needs \(count) hexadecimal digits")
                }
                scalar = scalar << 4 | value
                advance()
            }
            guard Unicode.Scalar(scalar) != nil else { throw failure("escape is not a Unicode scalar value") }
        default:
            throw failure("invalid escape sequence")
        }
    }

    // MARK: Numbers, dates and times

    /// An integer, float, `inf`/`nan`, or an RFC 3339 date, time or date-time.
    private mutating func numberOrDate() throws(Failure) {
        let start = index
        var token: [UInt8] = []
        while let byte = peek(), Self.isTokenByte(byte) {
            token.append(byte)
            advance()
        }
        // `1979-05-27 07:32:00`: a space may separate the date and the time.
        if Self.isFullDate(token[...]), peek() == 0x20, let hour = peek(1), let digit = peek(2), peek(3) == UInt8(ascii: ":"),
            Self.isDigit(hour), Self.isDigit(digit)
        {
            token.append(UInt8(ascii: "T"))
            advance()
            while let byte = peek(), Self.isTokenByte(byte) {
                token.append(byte)
                advance()
            }
        }
        guard Self.isInteger(token) || Self.isFloat(token) || Self.isDateTime(token) else {
            index = start
            throw failure("invalid number, date or time")
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// One or more digits accepted by `isDigit`, single underscores only between them.
    private static func isDigitRun(_ text: ArraySlice<UInt8>, _ isDigit: (UInt8) -> Bool) -> Bool {
        guard let first = text.first, let last = text.last, isDigit(first), isDigit(last) else { return false }
        var previousUnderscore = false
        for byte in text {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else {
                guard isDigit(byte) else { return false }
                previousUnderscore = false
            }
        }
        return true
    }

    /// `0`, or a decimal without leading zeros, optionally signed.
    private static func isDecimalInteger(_ text: ArraySlice<UInt8>) -> Bool {
        var digits = text
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { digits = digits.dropFirst() }
        if digits.count > 1, digits.first == UInt8(ascii: "0") { return false }
        return isDigitRun(digits, isDigit)
    }

    static func isInteger(_ token: [UInt8]) -> Bool {
        if token.count > 2, token[0] == UInt8(ascii: "0") {
            let digits = token[2...]
            switch token[1] {
            case UInt8(ascii: "x"): return isDigitRun(digits) { hexValue($0) != nil }
            case UInt8(ascii: "o"): return isDigitRun(digits) { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            case UInt8(ascii: "b"): return isDigitRun(digits) { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
            default: break
            }
        }
        return isDecimalInteger(token[...])
    }

    static func isFloat(_ token: [UInt8]) -> Bool {
        var body = token[...]
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
        if body.elementsEqual("inf".utf8) || body.elementsEqual("nan".utf8) { return true }
        let exponentAt = token.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = token[..<(exponentAt ?? token.endIndex)]
        if let exponentAt {
            var exponent = token[(exponentAt + 1)...]
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            guard isDigitRun(exponent, isDigit) else { return false }
        }
        if let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) {
            return isDecimalInteger(mantissa[..<dot]) && isDigitRun(mantissa[(dot + 1)...], isDigit)
        }
        return exponentAt != nil && isDecimalInteger(mantissa)
    }

    /// `YYYY-MM-DD`, `HH:MM:SS[.frac]`, or `YYYY-MM-DD[Tt]HH:MM:SS[.frac][Z|z|+HH:MM|-HH:MM]`.
    static func isDateTime(_ token: [UInt8]) -> Bool {
        let text = token[...]
        if isFullDate(text) { return true }
        if isPartialTime(text) { return true }
        guard token.count > 11, isFullDate(text.prefix(10)), token[10] == UInt8(ascii: "T") || token[10] == UInt8(ascii: "t") else {
            return false
        }
        var time = text.dropFirst(11)
        if let last = time.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            time = time.dropLast()
        } else if time.count > 6, let sign = time.dropLast(5).last, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            guard isNumber(time.suffix(5).prefix(2), max: 23), time.suffix(3).first == UInt8(ascii: ":"),
                isNumber(time.suffix(2), max: 59)
            else { return false }
            time = time.dropLast(6)
        }
        return isPartialTime(time)
    }

    static func isFullDate(_ text: ArraySlice<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        return text.count == 10 && parts.count == 3 && parts[0].count == 4 && parts[0].allSatisfy(isDigit)
            && isNumber(parts[1], max: 12, min: 1) && isNumber(parts[2], max: 31, min: 1)
    }

    private static func isPartialTime(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count >= 8 else { return false }
        let clock = text.prefix(8)
        let parts = clock.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3, isNumber(parts[0], max: 23), isNumber(parts[1], max: 59), isNumber(parts[2], max: 60) else {
            return false
        }
        let fraction = text.dropFirst(8)
        return fraction.isEmpty || (fraction.first == UInt8(ascii: ".") && fraction.count > 1 && fraction.dropFirst().allSatisfy(isDigit))
    }

    /// Exactly two digits with a value in `min...max`.
    private static func isNumber(_ text: ArraySlice<UInt8>, max: Int, min: Int = 0) -> Bool {
        guard text.count == 2, text.allSatisfy(isDigit) else { return false }
        let value = text.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return value >= min && value <= max
    }

    // MARK: Whitespace, comments, line breaks

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 { advance() }
    }

    private mutating func skipWhitespaceCommentsAndNewlines() throws(Failure) {
        while let byte = peek() {
            switch byte {
            case 0x20, 0x09: advance()
            case UInt8(ascii: "#"): try comment()
            case 0x0A, 0x0D: try newline(orFail: "a carriage return must be followed by a line feed")
            default: return
            }
        }
    }

    private mutating func comment() throws(Failure) {
        advance()
        while let byte = peek(), byte != 0x0A {
            if byte == 0x0D {
                guard peek(1) == 0x0A else { throw failure("a carriage return must be followed by a line feed") }
                return
            }
            guard !Self.isControl(byte) else { throw failure("control character in a comment") }
            advance()
        }
    }

    /// Consumes LF or CR LF.
    private mutating func newline(orFail message: String) throws(Failure) {
        if peek() == 0x0D, peek(1) == 0x0A { advance() }
        guard peek() == 0x0A else { throw failure(message) }
        advance()
        line += 1
        lineStart = index
    }

    // MARK: Reading

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() { index += 1 }

    private func failure(_ message: String) -> Failure {
        // Columns count characters (code points), not bytes.
        let column = bytes[lineStart..<min(index, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return Failure(line: line, column: column, message: message)
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// Control characters other than tab, which TOML forbids in strings and comments.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
