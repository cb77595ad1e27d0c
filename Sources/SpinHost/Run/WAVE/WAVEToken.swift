/// One token of WAVE text. Positions are 0-based offsets into the text's
/// Unicode scalars.
struct WAVEToken: Equatable {
    enum Kind: Equatable {
        case braceOpen, braceClose, parenOpen, parenClose, bracketOpen, bracketClose, colon, comma
        /// A number as written: `-12`, `1.5e3`, `-inf`. (`inf` and `nan`
        /// arrive as labels, being keywords.)
        case number(String)
        /// A label or keyword; `escaped` when written with `%`, which makes a
        /// keyword an ordinary label.
        case label(String, escaped: Bool)
        case char(Unicode.Scalar)
        /// A string, escapes decoded (multi-line strings also dedented).
        case string(String)

        /// The token as a message shows it.
        var text: String {
            switch self {
            case .braceOpen: "`{`"
            case .braceClose: "`}`"
            case .parenOpen: "`(`"
            case .parenClose: "`)`"
            case .bracketOpen: "`[`"
            case .bracketClose: "`]`"
            case .colon: "`:`"
            case .comma: "`,`"
            case .number(let text): "the number `\(text)`"
            case .label(let name, let escaped): "`\(escaped ? "%" : "")\(name)`"
            case .char: "a char"
            case .string: "a string"
            }
        }
    }

    let kind: Kind
    let start: Int
    let end: Int
}
