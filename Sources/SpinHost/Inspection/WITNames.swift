import ComponentModel

/// Component types written as WIT writes them (the Component Model's WIT specification, "Item: `type`"),
/// with the names one interface gives its types.
///
/// Validation resolves every type to its structure, so the names come from
/// the interface's type exports: a resource by identity, a compound value
/// type (record, variant, enum, flags, list, tuple, option, result) by
/// structure. Where two names share a structure (`record a { x: u32 }` and
/// `record b { x: u32 }`, or an alias) neither is used: a signature spells
/// the type out rather than guess. Primitive types are never named: `type
/// instant = u64` and `type duration = u64` print `u64`. Handles print as
/// WIT does: `own<r>` as `r`, `borrow<r>` as is.
struct WITNames: Sendable {
    var values: [ComponentValueType: String] = [:]
    var resources: [ResourceType: String] = [:]
    /// Names from outside (the component's top level, other interfaces),
    /// used where this interface has none.
    var outerValues: [ComponentValueType: String] = [:]
    var outerResources: [ResourceType: String] = [:]

    init() {}

    /// Names the type exports of `exports` (an instance's, or the
    /// component's own), falling back on `outer`'s names.
    init(exports: [(name: String, type: ComponentExternType)], outer: WITNames = WITNames()) {
        outerValues = outer.values.merging(outer.outerValues) { inner, _ in inner }
        outerResources = outer.resources.merging(outer.outerResources) { inner, _ in inner }
        var ambiguous: Set<ComponentValueType> = []
        for (name, type) in exports {
            guard case .type(let defined) = type else { continue }
            switch defined {
            case .resource(let resource):
                if resources[resource] == nil { resources[resource] = name }
            case .value(let value):
                guard !value.isPrimitive else { continue }
                if values.updateValue(name, forKey: value) != nil { ambiguous.insert(value) }
            default:
                break
            }
        }
        for value in ambiguous {
            values[value] = nil
            outerValues[value] = nil
        }
    }

    func name(of resource: ResourceType) -> String {
        Self.identifier(resources[resource] ?? outerResources[resource] ?? resource.name)
    }

    /// A type as it appears in a signature: its name when it has one.
    func text(_ type: ComponentValueType) -> String {
        if let name = values[type] ?? outerValues[type] { return Self.identifier(name) }
        return structure(type)
    }

    /// A type spelled out, its parts by name.
    func structure(_ type: ComponentValueType) -> String {
        switch type {
        case .bool: return "bool"
        case .s8: return "s8"
        case .u8: return "u8"
        case .s16: return "s16"
        case .u16: return "u16"
        case .s32: return "s32"
        case .u32: return "u32"
        case .s64: return "s64"
        case .u64: return "u64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .list(let element): return "list<\(text(element))>"
        case .fixedLengthList(let element, let length): return "list<\(text(element)), \(length)>"
        case .map(let key, let value): return "map<\(text(key)), \(text(value))>"
        case .tuple(let elements): return "tuple<\(elements.map(text).joined(separator: ", "))>"
        case .option(let element): return "option<\(text(element))>"
        case .result(nil, nil): return "result"
        case .result(let ok?, nil): return "result<\(text(ok))>"
        case .result(let ok, let error?): return "result<\(ok.map(text) ?? "_"), \(text(error))>"
        case .record(let fields):
            return "record { \(fields.map { "\(Self.identifier($0.name)): \(text($0.type))" }.joined(separator: ", ")) }"
        case .variant(let cases):
            return "variant { \(cases.map(caseText).joined(separator: ", ")) }"
        case .enum(let names): return "enum { \(names.map(Self.identifier).joined(separator: ", ")) }"
        case .flags(let names): return "flags { \(names.map(Self.identifier).joined(separator: ", ")) }"
        case .own(let resource): return name(of: resource)
        case .borrow(let resource): return "borrow<\(name(of: resource))>"
        case .stream(let element): return element.map { "stream<\(text($0))>" } ?? "stream"
        case .future(let element): return element.map { "future<\(text($0))>" } ?? "future"
        case .errorContext: return "error-context"
        }
    }

    private func caseText(_ item: ComponentValueType.Case) -> String {
        Self.identifier(item.name) + (item.type.map { "(\(text($0)))" } ?? "")
    }

    /// The definition of type export `name`: `record name { ... }`,
    /// `variant name { ... }`, `type name = list<u8>`.
    func definition(_ name: String, _ type: ComponentValueType) -> String {
        let id = Self.identifier(name)
        let spelled = structure(type)
        switch type {
        case .record, .variant, .enum, .flags:
            // `record { ... }` becomes `record name { ... }`.
            let keyword = spelled.prefix { $0 != " " }
            return "\(keyword) \(id)\(spelled.dropFirst(keyword.count))"
        default:
            return "type \(id) = \(spelled)"
        }
    }

    /// `func(a: u32, b: string) -> result<_, string>`.
    func signature(_ function: ComponentFunctionType, keyword: String = "func") -> String {
        let parameters = function.parameters.map { "\(Self.identifier($0.name)): \(text($0.type))" }
        let result = function.result.map { " -> \(text($0))" } ?? ""
        return "\(keyword)(\(parameters.joined(separator: ", ")))\(result)"
    }

    /// WIT's keywords, which a name must escape with `%` (the WIT specification, "Keywords").
    static let keywords: Set<String> = [
        "as", "async", "bool", "borrow", "char", "constructor", "enum", "error-context", "export", "f32", "f64",
        "flags", "from", "func", "future", "import", "include", "interface", "list", "map", "option", "own", "package",
        "record", "resource", "result", "s16", "s32", "s64", "s8", "static", "stream", "string", "tuple", "type",
        "u16", "u32", "u64", "u8", "use", "variant", "with", "world",
    ]

    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "%" + name : name
    }
}

extension ComponentValueType {
    /// The types WIT names by keyword, which an alias cannot tell apart.
    var isPrimitive: Bool {
        switch self {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64, .f32, .f64, .char, .string: true
        default: false
        }
    }
}
