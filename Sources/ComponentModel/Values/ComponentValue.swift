/// A value of the component model as the host sees it: what the canonical
/// ABI lifts out of a guest and lowers into one. Labels live in the type
/// (`ComponentValueType`), so cases, flags and fields are kept by name only
/// where a reader needs them.
public indirect enum ComponentValue: Sendable, Hashable {
    case bool(Bool)
    case s8(Int8), u8(UInt8), s16(Int16), u16(UInt16), s32(Int32), u32(UInt32), s64(Int64), u64(UInt64)
    case f32(Float), f64(Double)
    case char(Unicode.Scalar)
    case string(String)
    /// `list<u8>` (and `list<u8, N>`): bytes kept as bytes (streams, files
    /// and bodies are these).
    case bytes([UInt8])
    /// A list, variable- or fixed-length (the type says which).
    case list([ComponentValue])
    /// A `map<K, V>`: its entries in the order the guest wrote them, a
    /// repeated key kept (the ABI passes a map as a list of pairs and
    /// leaves duplicates to the languages on either side).
    case map([MapEntry])
    /// Fields in the order of the record type.
    case record([ComponentValue])
    case tuple([ComponentValue])
    /// The case's index in the variant type, and its payload.
    case variant(case: UInt32, payload: ComponentValue?)
    /// The case's index in the enum type.
    case `enum`(UInt32)
    case option(ComponentValue?)
    case ok(ComponentValue?)
    case error(ComponentValue?)
    /// The indices of the flags that are set, ascending.
    case flags([UInt32])
    /// A resource handle as it crosses the boundary: the resource's
    /// representation (`rep`), as `resource.new` was given it.
    case own(UInt32)
    case borrow(UInt32)
    /// The readable end of a stream or future, or an error context, as it
    /// crosses: a key into the store's table of values in flight.
    case stream(UInt32)
    case future(UInt32)
    case errorContext(UInt32)
}

extension ComponentValue {
    /// One entry of a `.map`.
    public struct MapEntry: Sendable, Hashable {
        public let key: ComponentValue
        public let value: ComponentValue
        public init(_ key: ComponentValue, _ value: ComponentValue) {
            self.key = key
            self.value = value
        }
    }

    /// `.variant`, `.enum` and `.flags` built from names of `type`; nil when a
    /// name is not in the type.
    public static func variant(_ name: String, _ payload: ComponentValue? = nil,
                               of type: ComponentValueType) -> ComponentValue? {
        guard case .variant(let cases) = type, let index = cases.firstIndex(where: { $0.name == name }) else { return nil }
        return .variant(case: UInt32(index), payload: payload)
    }

    public static func enumCase(_ name: String, of type: ComponentValueType) -> ComponentValue? {
        guard case .enum(let names) = type, let index = names.firstIndex(of: name) else { return nil }
        return .enum(UInt32(index))
    }

    public static func flags(_ names: [String], of type: ComponentValueType) -> ComponentValue? {
        guard case .flags(let all) = type else { return nil }
        var set: [UInt32] = []
        for name in names {
            guard let index = all.firstIndex(of: name) else { return nil }
            set.append(UInt32(index))
        }
        return .flags(Array(Set(set)).sorted())
    }

    /// Convenience accessors for host code.
    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var bytesValue: [UInt8]? {
        switch self {
        case .bytes(let value): value
        case .list(let elements):
            elements.allSatisfy { if case .u8 = $0 { true } else { false } }
                ? elements.map { if case .u8(let b) = $0 { b } else { 0 } } : nil
        default: nil
        }
    }
    public var u32Value: UInt32? { if case .u32(let value) = self { value } else { nil } }
    public var u64Value: UInt64? { if case .u64(let value) = self { value } else { nil } }
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var handleValue: UInt32? {
        switch self {
        case .own(let rep), .borrow(let rep): rep
        default: nil
        }
    }
}
