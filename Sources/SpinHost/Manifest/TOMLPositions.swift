/// Where each table, key and array element of a TOML document is defined,
/// recorded by `TOMLSyntax` while it checks the text. TOMLKit's values do
/// not carry their source positions, so manifest messages look their line
/// up here by key path: `component.api.source` is
/// `[.key("component"), .key("api"), .key("source")]`, the second
/// `[[trigger.http]]` is `[.key("trigger"), .key("http"), .index(1)]`.
struct TOMLPositions: Sendable, Equatable {
    /// One step of a key path: a key of a table, or an index into an array
    /// (arrays of tables included).
    enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    typealias Path = [Step]

    /// 1-based line of each path's first definition. A table defined
    /// implicitly (by `[a.b]` or `a.b = 1`) has the line that first named it.
    private(set) var lines: [Path: Int] = [:]

    /// The line where `path` is defined, or nil when it is not in the text.
    func line(of path: Path) -> Int? {
        lines[path]
    }

    /// Records `path` at `line` unless it was already defined.
    mutating func record(_ path: Path, line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// The text of a key as TOML reads it: a bare key as is, a literal
    /// string without its quotes, a basic string with its escapes decoded.
    /// `bytes` is one key that `TOMLSyntax` has already checked.
    static func keyText(_ bytes: ArraySlice<UInt8>) -> String {
        guard let quote = bytes.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"), bytes.count >= 2 else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let body = bytes.dropFirst().dropLast()
        guard quote == UInt8(ascii: "\"") else { return String(decoding: body, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var decoded: [UInt8] = []
        var index = body.startIndex
        func flush() {
            scalars.append(contentsOf: String(decoding: decoded, as: UTF8.self).unicodeScalars)
            decoded.removeAll()
        }
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < body.endIndex else {
                decoded.append(byte)
                index += 1
                continue
            }
            let escape = body[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escape == UInt8(ascii: "u") ? 4 : 8
                let digits = body[index..<min(index + count, body.endIndex)]
                index = digits.endIndex
                let value = digits.reduce(UInt32(0)) { $0 << 4 | (TOMLSyntax.hexValue($1) ?? 0) }
                flush()
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: decoded.append(escape)  // \" and \\
            }
        }
        flush()
        return String(scalars)
    }
}
