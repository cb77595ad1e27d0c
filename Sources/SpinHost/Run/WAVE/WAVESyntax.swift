/// A WAVE value as written, before a type gives it meaning: `red` may be an
/// enum case or a variant case, `5` a `u8` or `some(5)`, `{}` empty flags.
struct WAVESyntax: Sendable {
    struct Label: Sendable {
        let name: String
        /// Offset of the label in the text, `%` included.
        let start: Int
    }

    indirect enum Kind: Sendable {
        case bool(Bool)
        /// As written; `inf`, `-inf` and `nan` included.
        case number(String)
        case char(Unicode.Scalar)
        case string(String)
        case tuple([WAVESyntax])
        case list([WAVESyntax])
        /// `{a: 1, b: 2}`, or `{:}` with no fields.
        case record([(label: Label, value: WAVESyntax)])
        case flags([Label])
        /// A variant or enum case, with its payload if one was written.
        case caseLabel(Label, payload: WAVESyntax?)
        case some(WAVESyntax)
        case none
        case ok(WAVESyntax?)
        case error(WAVESyntax?)
    }

    let kind: Kind
    /// Offsets of the value in the text.
    let start: Int
    let end: Int

    /// What was written, for messages: "a string", "the case `red`".
    var summary: String {
        switch kind {
        case .bool(let value): "`\(value)`"
        case .number(let text): "the number `\(text)`"
        case .char: "a char"
        case .string: "a string"
        case .tuple: "a tuple"
        case .list: "a list"
        case .record: "a record"
        case .flags(let labels): labels.isEmpty ? "`{}` (empty flags)" : "flags"
        case .caseLabel(let label, let payload): payload == nil ? "the case `\(label.name)`" : "the case `\(label.name)(...)`"
        case .some: "`some(...)`"
        case .none: "`none`"
        case .ok: "`ok`"
        case .error: "`err`"
        }
    }
}
