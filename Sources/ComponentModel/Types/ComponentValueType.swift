/// The value types of the component model after validation: every index
/// resolved, so that the canonical ABI can walk a type without its component.
public indirect enum ComponentValueType: Sendable, Hashable {
    case bool
    case s8, u8, s16, u16, s32, u32, s64, u64
    case f32, f64
    case char
    case string
    case list(ComponentValueType)
    /// `list<T, N>` (Explainer.md, 🔧): exactly `length` elements (at least
    /// one), laid out in place like a record of N fields.
    case fixedLengthList(ComponentValueType, length: Int)
    /// `map<K, V>` (Explainer.md, 🗺️): keys are primitive (`isMapKey`); the
    /// ABI lifts and lowers it as `list<tuple<K, V>>`, entries in order,
    /// repeated keys kept.
    case map(key: ComponentValueType, value: ComponentValueType)
    case record([Field])
    case tuple([ComponentValueType])
    case variant([Case])
    case `enum`([String])
    case option(ComponentValueType)
    case result(ok: ComponentValueType?, error: ComponentValueType?)
    case flags([String])
    case own(ResourceType)
    case borrow(ResourceType)
    /// `stream<T>` / `future<T>` (🔀): a handle to the readable end; `nil`
    /// when values carry no payload (only readiness and the end).
    case stream(ComponentValueType?)
    case future(ComponentValueType?)
    /// `error-context` (📝): a handle to an immutable debug message.
    case errorContext

    public struct Field: Sendable, Hashable {
        public let name: String
        public let type: ComponentValueType
        public init(_ name: String, _ type: ComponentValueType) {
            self.name = name
            self.type = type
        }
    }

    public struct Case: Sendable, Hashable {
        public let name: String
        public let type: ComponentValueType?
        public init(_ name: String, _ type: ComponentValueType?) {
            self.name = name
            self.type = type
        }
    }

    init(_ primitive: PrimitiveValueType) {
        switch primitive {
        case .bool: self = .bool
        case .s8: self = .s8
        case .u8: self = .u8
        case .s16: self = .s16
        case .u16: self = .u16
        case .s32: self = .s32
        case .u32: self = .u32
        case .s64: self = .s64
        case .u64: self = .u64
        case .f32: self = .f32
        case .f64: self = .f64
        case .char: self = .char
        case .string: self = .string
        case .errorContext: self = .errorContext
        }
    }

    /// Whether this type or a type it is made of satisfies `predicate`.
    func contains(where predicate: (ComponentValueType) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch self {
        case .list(let element), .option(let element), .fixedLengthList(let element, _): return element.contains(where: predicate)
        case .map(let key, let value): return key.contains(where: predicate) || value.contains(where: predicate)
        case .record(let fields): return fields.contains { $0.type.contains(where: predicate) }
        case .tuple(let elements): return elements.contains { $0.contains(where: predicate) }
        case .variant(let cases): return cases.contains { $0.type?.contains(where: predicate) ?? false }
        case .result(let ok, let error):
            return (ok?.contains(where: predicate) ?? false) || (error?.contains(where: predicate) ?? false)
        case .stream(let element), .future(let element): return element?.contains(where: predicate) ?? false
        default: return false
        }
    }

    /// Whether a value of this type may hold a borrowed handle (such types
    /// may not be function results).
    var containsBorrow: Bool {
        contains { if case .borrow = $0 { true } else { false } }
    }

    /// Whether a value of this type may hold a stream, future or error context.
    var containsAsyncValue: Bool {
        contains {
            switch $0 {
            case .stream, .future, .errorContext: true
            default: false
            }
        }
    }

    /// Whether a map may be keyed by this type (Explainer.md, `keytype`):
    /// bool, the integers, char and string.
    var isMapKey: Bool {
        switch self {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64, .char, .string: true
        default: false
        }
    }

    /// Every resource type this type mentions.
    func forEachResource(_ body: (ResourceType) -> Void) {
        _ = contains {
            switch $0 {
            case .own(let resource), .borrow(let resource): body(resource)
            default: break
            }
            return false
        }
    }
}

/// A resource type. Identity is the object: each `resource` definition (and
/// each import of a resource) is a new type (Explainer.md, "generative").
public final class ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// A name for messages: the export or import that introduced it.
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public static func == (lhs: ResourceType, rhs: ResourceType) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    public var description: String { name }
}

/// A component function's type: named parameters and at most one result;
/// an `async` type (🔀) tells callers the callee may block before returning.
public struct ComponentFunctionType: Sendable, Hashable {
    public let parameters: [ComponentValueType.Field]
    public let result: ComponentValueType?
    public let isAsync: Bool

    public init(parameters: [ComponentValueType.Field], result: ComponentValueType?, isAsync: Bool = false) {
        self.parameters = parameters
        self.result = result
        self.isAsync = isAsync
    }

    /// Whether calls of this type pass streams, futures or error contexts.
    var usesAsyncValues: Bool {
        parameters.contains { $0.type.containsAsyncValue } || (result?.containsAsyncValue ?? false)
    }
}
