/// A template file's text in the subset of Liquid that Spin templates use,
/// parsed once and rendered with the parameter values.
///
/// Supported: output placeholders `{{ name | filter: "argument" }}` with the
/// filters of ``TemplateFilter``, string and number literals, whitespace
/// control (`{{-`, `-}}`), and the tags `if`/`elsif`/`else`/`endif`,
/// `unless`, `assign`, `raw` and `comment`. As in Spin (liquid-rust), a
/// placeholder naming a value that is not set is an error, an unknown filter
/// is an error, and conditions treat only `false` and `nil` as false.
///
/// See <https://shopify.github.io/liquid/basics/introduction/>.
public struct LiquidTemplate: Sendable {
    let nodes: [LiquidNode]

    /// Parses `text`; throws a `.syntax` or `.unknownFilter` ``TemplateError``.
    public init(parsing text: String) throws(TemplateError) {
        var parser = LiquidParser(text)
        nodes = try parser.parseDocument()
    }

    /// Renders with `values` (parameter id → value).
    public func render(_ values: [String: String]) throws(TemplateError) -> String {
        var scope = values.mapValues { LiquidValue.string($0) }
        var output = ""
        try Self.render(nodes, scope: &scope, into: &output)
        return output
    }

    private static func render(_ nodes: [LiquidNode], scope: inout [String: LiquidValue], into output: inout String) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let expression):
                output += try expression.evaluate(in: scope, strict: true).text
            case .assign(let name, let expression):
                scope[name] = try expression.evaluate(in: scope, strict: true)
            case .conditional(let branches, let otherwise):
                let branch = branches.first { $0.condition.holds(in: scope) }
                try render(branch?.body ?? otherwise, scope: &scope, into: &output)
            }
        }
    }
}

/// A value while rendering: parameters are strings; literals and
/// comparisons add booleans and nil.
enum LiquidValue: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case `nil`

    var text: String {
        switch self {
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        case .nil: ""
        }
    }

    /// Liquid truthiness: everything but `false` and `nil` is true, even "".
    var isTruthy: Bool {
        switch self {
        case .bool(let value): value
        case .nil: false
        case .string: true
        }
    }
}

indirect enum LiquidNode: Sendable {
    case text(String)
    case output(LiquidExpression)
    case assign(String, LiquidExpression)
    /// `if`/`elsif` branches in order, then the `else` body (empty if none).
    case conditional([(condition: LiquidCondition, body: [LiquidNode])], otherwise: [LiquidNode])
}

enum LiquidOperand: Sendable {
    case variable(String)
    case literal(LiquidValue)

    func evaluate(in scope: [String: LiquidValue], strict: Bool) throws(TemplateError) -> LiquidValue {
        switch self {
        case .literal(let value):
            return value
        case .variable(let name):
            if let value = scope[name] { return value }
            if strict { throw TemplateError(.unknownVariable, "unknown variable \"\(name)\"") }
            return .nil
        }
    }
}

struct LiquidExpression: Sendable {
    var operand: LiquidOperand
    var filters: [(filter: TemplateFilter, arguments: [LiquidOperand])]

    func evaluate(in scope: [String: LiquidValue], strict: Bool) throws(TemplateError) -> LiquidValue {
        // `{{ missing | default: "x" }}` is the one way to use an unset value.
        let lenient = !strict || filters.first?.filter == .default
        var value = try operand.evaluate(in: scope, strict: !lenient)
        for (filter, arguments) in filters {
            var evaluated: [LiquidValue] = []
            for argument in arguments { evaluated.append(try argument.evaluate(in: scope, strict: strict)) }
            value = filter.apply(value, evaluated)
        }
        return value
    }
}

indirect enum LiquidCondition: Sendable {
    enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
        case contains
    }

    case truthy(LiquidOperand)
    case compare(LiquidOperand, Comparison, LiquidOperand)
    case and(LiquidCondition, LiquidCondition)
    case or(LiquidCondition, LiquidCondition)
    case not(LiquidCondition)

    /// Unset values count as nil in conditions, so `{% if x %}` tests presence.
    func holds(in scope: [String: LiquidValue]) -> Bool {
        switch self {
        case .truthy(let operand):
            return ((try? operand.evaluate(in: scope, strict: false)) ?? .nil).isTruthy
        case .compare(let left, let comparison, let right):
            let lhs = (try? left.evaluate(in: scope, strict: false)) ?? .nil
            let rhs = (try? right.evaluate(in: scope, strict: false)) ?? .nil
            return Self.compare(lhs, comparison, rhs)
        case .and(let left, let right):
            return left.holds(in: scope) && right.holds(in: scope)
        case .or(let left, let right):
            return left.holds(in: scope) || right.holds(in: scope)
        case .not(let condition):
            return !condition.holds(in: scope)
        }
    }

    private static func compare(_ lhs: LiquidValue, _ comparison: Comparison, _ rhs: LiquidValue) -> Bool {
        switch comparison {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        case .contains:
            guard case .string(let text) = lhs, case .string(let part) = rhs else { return false }
            return text.contains(part)
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            guard case .string(let left) = lhs, case .string(let right) = rhs else { return false }
            let order: Int
            if let a = Double(left), let b = Double(right) {
                order = a < b ? -1 : a > b ? 1 : 0
            } else {
                order = left < right ? -1 : left > right ? 1 : 0
            }
            switch comparison {
            case .less: return order < 0
            case .greater: return order > 0
            case .lessOrEqual: return order <= 0
            default: return order >= 0
            }
        }
    }
}
