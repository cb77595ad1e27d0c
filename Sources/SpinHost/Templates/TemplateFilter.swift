/// A filter in a placeholder, `{{ project-name | kebab_case }}`: Spin's own
/// case and route filters plus the Liquid standard filters that templates
/// commonly use on strings.
///
/// The case filters split words as Spin's (the `heck` crate) do: at every
/// character that is neither a letter nor a digit, between a lower-case and
/// an upper-case letter (`myApp` → `my`, `App`), and before the last capital
/// of a run followed by a lower-case letter (`HTTPServer` → `HTTP`, `Server`).
/// Digits belong to the word they follow.
///
/// See <https://spinframework.dev/v3/template-authoring#content-and-parameters>
/// and <https://shopify.github.io/liquid/filters/>.
public enum TemplateFilter: String, CaseIterable, Sendable {
    /// `my-app`
    case kebabCase = "kebab_case"
    /// `my_app`
    case snakeCase = "snake_case"
    /// `MyApp`
    case pascalCase = "pascal_case"
    /// `Fermyon.PetStore`: each `.`-separated part in PascalCase.
    case dottedPascalCase = "dotted_pascal_case"
    /// Adds Spin's trailing wildcard `/...` unless the route has it.
    case httpWildcard = "http_wildcard"
    /// Normalises a path typed by a user into an exact Spin route (ours; Spin
    /// has no such filter): a leading `/`, no empty segments, no trailing `/`
    /// except for the root, a trailing `/...` kept.
    case httpRoute = "http_route"
    case upcase, downcase, capitalize, strip, lstrip, rstrip
    case append, prepend, replace, remove, size
    case replaceFirst = "replace_first"
    case removeFirst = "remove_first"
    /// The argument when the value is nil, false or empty.
    case `default`

    /// How many arguments the filter takes after its colon.
    var arity: Int {
        switch self {
        case .append, .prepend, .remove, .removeFirst, .default: 1
        case .replace, .replaceFirst: 2
        default: 0
        }
    }

    /// Applies the filter to `input` with already evaluated `arguments`.
    func apply(_ input: LiquidValue, _ arguments: [LiquidValue]) -> LiquidValue {
        let text = input.text
        let argument = arguments.first?.text ?? ""
        switch self {
        case .kebabCase: return .string(Self.words(text).map { $0.lowercased() }.joined(separator: "-"))
        case .snakeCase: return .string(Self.words(text).map { $0.lowercased() }.joined(separator: "_"))
        case .pascalCase: return .string(Self.pascalCase(text))
        case .dottedPascalCase:
            return .string(text.split(separator: ".", omittingEmptySubsequences: false)
                .map { Self.pascalCase(String($0)) }.joined(separator: "."))
        case .httpWildcard: return .string(Self.httpWildcard(text))
        case .httpRoute: return .string(Self.httpRoute(text))
        case .upcase: return .string(text.uppercased())
        case .downcase: return .string(text.lowercased())
        case .capitalize: return .string(text.prefix(1).uppercased() + text.dropFirst())
        case .strip: return .string(Self.trimmed(text))
        case .lstrip: return .string(String(text.drop(while: \.isWhitespace)))
        case .rstrip: return .string(String(text.reversed().drop(while: \.isWhitespace).reversed()))
        case .append: return .string(text + argument)
        case .prepend: return .string(argument + text)
        case .replace: return .string(text.replacing(argument, with: arguments[1].text))
        case .replaceFirst: return .string(text.replacing(argument, with: arguments[1].text, maxReplacements: 1))
        case .remove: return .string(text.replacing(argument, with: ""))
        case .removeFirst: return .string(text.replacing(argument, with: "", maxReplacements: 1))
        case .size: return .string(String(text.count))
        case .default:
            switch input {
            case .nil, .bool(false): return arguments[0]
            case .string(let value) where value.isEmpty: return arguments[0]
            default: return input
            }
        }
    }

    /// The words of `text`, split the way Spin's case filters split them.
    static func words(_ text: String) -> [String] {
        enum Mode { case boundary, lowercase, uppercase }
        var words: [String] = []
        for part in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let characters = Array(part)
            var start = 0
            var mode = Mode.boundary
            for index in characters.indices {
                let character = characters[index]
                guard index + 1 < characters.count else {
                    words.append(String(characters[start...]))
                    break
                }
                let next = characters[index + 1]
                let nextMode: Mode = character.isLowercase ? .lowercase : character.isUppercase ? .uppercase : mode
                if nextMode == .lowercase && next.isUppercase {
                    words.append(String(characters[start...index]))
                    start = index + 1
                    mode = .boundary
                } else if mode == .uppercase && character.isUppercase && next.isLowercase {
                    words.append(String(characters[start..<index]))
                    start = index
                    mode = .boundary
                } else {
                    mode = nextMode
                }
            }
        }
        return words
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: some StringProtocol) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    private static func pascalCase(_ text: String) -> String {
        words(text).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    private static func httpWildcard(_ route: String) -> String {
        if route.hasSuffix("/...") { return route }
        if route.hasSuffix("/") { return route + "..." }
        return route + "/..."
    }

    private static func httpRoute(_ path: String) -> String {
        let segments = trimmed(path).split(separator: "/", omittingEmptySubsequences: true)
        return "/" + segments.joined(separator: "/")
    }
}
