/// The identifier rules of the Spin manifest: one or more words of ASCII
/// letters and digits joined by one delimiter, each word starting with a
/// letter and written either all lowercase or all UPPERCASE.
///
/// - component ids are kebab-case (`cart-api`);
/// - variable names (application and component) are lowercase snake_case (`api_host`);
/// - key-value store and SQLite database labels may be either kebab or snake case.
///
/// See <https://spinframework.dev/v3/manifest-reference#the-component-table>.
package enum SpinIdentifier {
    package enum Style: Sendable {
        case kebab
        case snake
        case lowerSnake

        var delimiter: Character { self == .kebab ? "-" : "_" }
        var wrongDelimiter: Character { self == .kebab ? "_" : "-" }
    }

    /// Why `identifier` breaks the rules of `style`, or nil if it follows them.
    package static func problem(with identifier: String, style: Style) -> String? {
        if identifier.isEmpty { return "must not be empty" }
        let delimiter = style.delimiter
        if identifier.contains(style.wrongDelimiter) {
            return "words must be separated with \(quoted(String(delimiter))), not \(quoted(String(style.wrongDelimiter)))"
        }
        for word in identifier.split(separator: delimiter, omittingEmptySubsequences: false) {
            guard let first = word.first else {
                return "words separated by \(quoted(String(delimiter))) must not be empty"
            }
            guard first.isASCII, first.isLetter else {
                return "each word must start with an ASCII letter; got \(quoted(String(first)))"
            }
            let upper = first.isUppercase
            for character in word.dropFirst() {
                guard character.isASCII, character.isLetter || character.isNumber else {
                    return "words may only contain ASCII letters and digits; got \(quoted(String(character)))"
                }
                if character.isLetter, character.isUppercase != upper {
                    return "each word must be all lowercase or all UPPERCASE; got \(quoted(String(word)))"
                }
            }
            if style == .lowerSnake, upper {
                return "must be all lowercase; got \(quoted(identifier))"
            }
        }
        return nil
    }

    /// Whether `identifier` is a valid component id.
    package static func isValidComponentID(_ identifier: String) -> Bool {
        problem(with: identifier, style: .kebab) == nil
    }

    /// A store or database label: kebab-case or snake_case.
    static func isValidLabel(_ label: String) -> Bool {
        problem(with: label, style: .kebab) == nil || problem(with: label, style: .snake) == nil
    }

    /// A version 1 component id made into a version 2 one the way Spin does:
    /// kept if already valid, else underscores become hyphens and letters
    /// lowercase (`my_Component` becomes `my-component`).
    static func convertedVersion1ComponentID(_ identifier: String) -> String {
        if isValidComponentID(identifier) { return identifier }
        return String(identifier.map { $0 == "_" ? "-" : $0 }).lowercased()
    }
}
