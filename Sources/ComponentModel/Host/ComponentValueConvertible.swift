public import WasmInterpreter

/// A Swift type that stands for a component value type, so that a host
/// function can take and return plain Swift values
/// (`ComponentLinker.define(_:_:parameters:_:)`): `UInt32` for `u32`,
/// `String` for `string`, `[T]` for `list<T>`, `T?` for `option<T>`,
/// `Result<T, E>` for `result<T, E>` and so on.
public protocol ComponentValueConvertible {
    /// The component type this Swift type stands for.
    static var componentType: ComponentValueType { get }
    /// The value the canonical ABI lifted; the linker checked that the
    /// guest's type is `componentType`, so a mismatch is a host bug, trapped.
    init(componentValue: ComponentValue) throws(Trap)
    /// The value for the canonical ABI to lower.
    var componentValue: ComponentValue { get }
}

extension ComponentValueConvertible {
    static func mismatch(_ value: ComponentValue) -> Trap {
        CanonicalTrap.trap("host function expected a \(componentType), got \(value)")
    }
}

extension Bool: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .bool }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .bool(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .bool(self) }
}

extension Int8: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .s8 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .s8(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .s8(self) }
}

extension UInt8: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .u8 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .u8(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .u8(self) }
}

extension Int16: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .s16 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .s16(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .s16(self) }
}

extension UInt16: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .u16 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .u16(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .u16(self) }
}

extension Int32: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .s32 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .s32(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .s32(self) }
}

extension UInt32: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .u32 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .u32(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .u32(self) }
}

extension Int64: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .s64 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .s64(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .s64(self) }
}

extension UInt64: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .u64 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .u64(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .u64(self) }
}

extension Float: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .f32 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .f32(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .f32(self) }
}

extension Double: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .f64 }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .f64(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .f64(self) }
}

/// `char`: a Unicode scalar value, as the canonical ABI checks it.
extension Unicode.Scalar: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .char }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .char(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .char(self) }
}

extension String: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .string }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .string(let value) = componentValue else { throw Self.mismatch(componentValue) }
        self = value
    }
    public var componentValue: ComponentValue { .string(self) }
}

/// `list<T>`; a `list<u8>` travels as `.bytes` without a value per byte.
extension Array: ComponentValueConvertible where Element: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .list(Element.componentType) }
    public init(componentValue: ComponentValue) throws(Trap) {
        switch componentValue {
        case .list(let elements):
            var values: [Element] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try Element(componentValue: element)) }
            self = values
        case .bytes(let bytes) where Element.self == UInt8.self:
            self = bytes as! [Element]  // Element is UInt8: checked above
        default:
            throw Self.mismatch(componentValue)
        }
    }
    public var componentValue: ComponentValue {
        if let bytes = self as? [UInt8] { return .bytes(bytes) }
        return .list(map(\.componentValue))
    }
}

extension Optional: ComponentValueConvertible where Wrapped: ComponentValueConvertible {
    public static var componentType: ComponentValueType { .option(Wrapped.componentType) }
    public init(componentValue: ComponentValue) throws(Trap) {
        guard case .option(let payload) = componentValue else { throw Self.mismatch(componentValue) }
        self = try payload.map { (value) throws(Trap) in try Wrapped(componentValue: value) }
    }
    public var componentValue: ComponentValue { .option(self?.componentValue) }
}

/// `result<T, E>`: the error type is a Swift `Error` that also stands for
/// a component type (an enum of error codes, say).
extension Result: ComponentValueConvertible
where Success: ComponentValueConvertible, Failure: ComponentValueConvertible {
    public static var componentType: ComponentValueType {
        .result(ok: Success.componentType, error: Failure.componentType)
    }
    public init(componentValue: ComponentValue) throws(Trap) {
        switch componentValue {
        case .ok(let value?): self = .success(try Success(componentValue: value))
        case .error(let value?): self = .failure(try Failure(componentValue: value))
        default: throw Self.mismatch(componentValue)
        }
    }
    public var componentValue: ComponentValue {
        switch self {
        case .success(let value): .ok(value.componentValue)
        case .failure(let error): .error(error.componentValue)
        }
    }
}
