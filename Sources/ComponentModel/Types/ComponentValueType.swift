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
        }
    }

    /// Whether a value of this type may hold a borrowed handle (such types
    /// may not be function results).
    var containsBorrow: Bool {
        switch self {
        case .borrow: true
        case .list(let element), .option(let element), .fixedLengthList(let element, _): element.containsBorrow
        case .map(_, let value): value.containsBorrow
        case .record(let fields): fields.contains { $0.type.containsBorrow }
        case .tuple(let elements): elements.contains { $0.containsBorrow }
        case .variant(let cases): cases.contains { $0.type?.containsBorrow ?? false }
        case .result(let ok, let error): (ok?.containsBorrow ?? false) || (error?.containsBorrow ?? false)
        default: false
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
        switch self {
        case .own(let resource), .borrow(let resource): body(resource)
        case .list(let element), .option(let element), .fixedLengthList(let element, _): element.forEachResource(body)
        case .map(_, let value): value.forEachResource(body)
        case .record(let fields): fields.forEach { $0.type.forEachResource(body) }
        case .tuple(let elements): elements.forEach { $0.forEachResource(body) }
        case .variant(let cases): cases.forEach { $0.type?.forEachResource(body) }
        case .result(let ok, let error):
            ok?.forEachResource(body)
            error?.forEachResource(body)
        default: break
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

/// A component function's type: named parameters and at most one result.
public struct ComponentFunctionType: Sendable, Hashable {
    public let parameters: [ComponentValueType.Field]
    public let result: ComponentValueType?

    public init(parameters: [ComponentValueType.Field], result: ComponentValueType?) {
        self.parameters = parameters
        self.result = result
    }
}
