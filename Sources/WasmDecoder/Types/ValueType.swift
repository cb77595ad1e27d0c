/// A value type (spec §2.3): a number, the 128-bit vector, or a reference.
///
/// Packed in 32 bits so that the validator's operand stack is a flat array of
/// words and a type check is one comparison: the low byte is the type's binary
/// code (0x7F `i32` ... 0x7B `v128`; 0x64 `ref`, 0x63 `ref null`), the upper
/// 24 bits a reference's heap type (`HeapType.bits`). Concrete heap types are
/// type indices of the module the type was read from.
public struct ValueType: Sendable, Hashable, CustomStringConvertible {
    public let bits: UInt32

    @inline(__always) init(bits: UInt32) { self.bits = bits }

    public static let i32 = ValueType(bits: 0x7F)
    public static let i64 = ValueType(bits: 0x7E)
    public static let f32 = ValueType(bits: 0x7D)
    public static let f64 = ValueType(bits: 0x7C)
    public static let v128 = ValueType(bits: 0x7B)
    public static let funcref = ValueType.reference(.funcref)
    public static let externref = ValueType.reference(.externref)
    public static let exnref = ValueType.reference(ReferenceType(isNullable: true, heapType: .exception))

    static let nonNullableCode: UInt32 = 0x64
    static let nullableCode: UInt32 = 0x63

    public static func reference(_ type: ReferenceType) -> ValueType {
        ValueType(bits: (type.isNullable ? nullableCode : nonNullableCode) | type.heapType.bits << 8)
    }

    /// The numeric or vector type a one-byte binary code names.
    public init?(numericCode byte: UInt8) {
        guard (0x7B...0x7F).contains(byte) else { return nil }
        bits = UInt32(byte)
    }

    var code: UInt32 { bits & 0xFF }

    public var isReference: Bool { code == Self.nonNullableCode || code == Self.nullableCode }
    public var isNumericOrVector: Bool { !isReference }

    /// The reference type, for reference types.
    public var referenceType: ReferenceType? {
        guard isReference else { return nil }
        return ReferenceType(isNullable: code == Self.nullableCode, heapType: HeapType(bits: bits >> 8))
    }

    /// Whether a local or table of this type has a default value (spec §3.2:
    /// every type but non-nullable references).
    public var isDefaultable: Bool { code != Self.nonNullableCode }

    /// The same type with its concrete heap type, if any, renumbered.
    public func mapTypeIndex(_ transform: (UInt32) -> UInt32) -> ValueType {
        guard let reference = referenceType, let index = reference.heapType.typeIndex else { return self }
        return .reference(ReferenceType(isNullable: reference.isNullable, heapType: .concrete(transform(index))))
    }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        default: referenceType.map(\.description) ?? "unknown"
        }
    }
}

/// A heap type (spec §2.3.3): an abstract one, named by its binary code, or a
/// concrete type index. Packed in 24 bits: an abstract type is `0xFFFF00 | code`,
/// a type index is itself (indices from 2^23 on are refused when read).
public struct HeapType: Sendable, Hashable, CustomStringConvertible {
    let bits: UInt32

    @inline(__always) init(bits: UInt32) { self.bits = bits }

    static let abstractTag: UInt32 = 0xFFFF00
    /// Type indices this representation holds; no engine accepts more types.
    public static let indexLimit: UInt32 = 1 << 23

    public static let function = HeapType(abstract: 0x70)
    public static let extern = HeapType(abstract: 0x6F)
    public static let any = HeapType(abstract: 0x6E)
    public static let eq = HeapType(abstract: 0x6D)
    public static let i31 = HeapType(abstract: 0x6C)
    public static let structure = HeapType(abstract: 0x6B)
    public static let array = HeapType(abstract: 0x6A)
    public static let exception = HeapType(abstract: 0x69)
    public static let none = HeapType(abstract: 0x71)
    public static let noExtern = HeapType(abstract: 0x72)
    public static let noFunction = HeapType(abstract: 0x73)
    public static let noException = HeapType(abstract: 0x74)

    /// The validator's type of a reference popped in unreachable code, below
    /// every heap type (spec appendix, "bot"); no module can name it.
    static let bottom = HeapType(bits: abstractTag)

    public init(abstract code: UInt8) { bits = Self.abstractTag | UInt32(code) }

    public static func concrete(_ index: UInt32) -> HeapType {
        precondition(index < indexLimit, "type index beyond the representable range")
        return HeapType(bits: index)
    }

    /// The type index of a concrete heap type.
    public var typeIndex: UInt32? { bits & Self.abstractTag == Self.abstractTag ? nil : bits }
    public var isAbstract: Bool { typeIndex == nil }

    /// The binary code of an abstract heap type.
    public var abstractCode: UInt8? { isAbstract ? UInt8(truncatingIfNeeded: bits) : nil }

    /// The abstract heap types by binary code, with their text names and the
    /// proposal that introduced them.
    static let abstractTypes: [UInt8: (name: String, proposal: Proposal)] = [
        0x70: ("func", .functionReferences), 0x6F: ("extern", .functionReferences),
        0x6E: ("any", .gc), 0x6D: ("eq", .gc), 0x6C: ("i31", .gc), 0x6B: ("struct", .gc),
        0x6A: ("array", .gc), 0x71: ("none", .gc), 0x72: ("noextern", .gc), 0x73: ("nofunc", .gc),
        0x69: ("exn", .exceptionHandling), 0x74: ("noexn", .exceptionHandling),
    ]

    public var description: String {
        if let index = typeIndex { return "\(index)" }
        return abstractCode.flatMap { Self.abstractTypes[$0]?.name } ?? "unknown"
    }
}

/// A reference type (spec §2.3.3): a heap type, nullable or not.
public struct ReferenceType: Sendable, Hashable, CustomStringConvertible {
    public let isNullable: Bool
    public let heapType: HeapType

    public init(isNullable: Bool, heapType: HeapType) {
        self.isNullable = isNullable
        self.heapType = heapType
    }

    public static let funcref = ReferenceType(isNullable: true, heapType: .function)
    public static let externref = ReferenceType(isNullable: true, heapType: .extern)

    public var valueType: ValueType { .reference(self) }

    public var description: String {
        switch (isNullable, heapType) {
        case (true, .function): "funcref"
        case (true, .extern): "externref"
        default: "(ref \(isNullable ? "null " : "")\(heapType))"
        }
    }
}

extension ByteReader {
    /// Reads a value type (spec §5.3.4), refusing types of proposals that
    /// `features` leaves out as unsupported.
    package mutating func readValueType(features: WasmFeatures) throws(ModuleError) -> ValueType {
        let at = offset
        let byte = try peekByte()
        if let type = ValueType(numericCode: byte) {
            offset += 1
            return type
        }
        return try readReferenceType(features: features, what: "value type", at: at).valueType
    }

    /// Reads a reference type: `ref null ht`, `ref ht`, or a one-byte shorthand
    /// for a nullable abstract type (`funcref` is `ref null func`).
    package mutating func readReferenceType(features: WasmFeatures, what: String = "reference type",
                                            at: Int? = nil) throws(ModuleError) -> ReferenceType {
        let at = at ?? offset
        let byte = try readByte()
        switch byte {
        case 0x63, 0x64:
            guard features.contains(.functionReferences) else {
                throw ModuleError.unsupported(.functionReferences, at: at)
            }
            return ReferenceType(isNullable: byte == 0x63, heapType: try readHeapType(features: features))
        default:
            if ValueType(numericCode: byte) != nil {
                throw ModuleError.malformed("malformed reference type", at: at)
            }
            let heapType = try abstractHeapType(byte, features: features, at: at, what: what)
            return ReferenceType(isNullable: true, heapType: heapType)
        }
    }

    /// Reads a heap type (spec §5.3.3): a negative s33 is an abstract type's
    /// code, any other a type index.
    package mutating func readHeapType(features: WasmFeatures) throws(ModuleError) -> HeapType {
        let at = offset
        let byte = try peekByte()
        if byte & 0xC0 == 0x40 {  // one-byte negative s33: an abstract type
            offset += 1
            return try abstractHeapType(byte, features: features, at: at, what: "heap type")
        }
        let index = try readS33()
        guard index >= 0 else { throw ModuleError.malformed("malformed heap type", at: at) }
        guard index < Int64(HeapType.indexLimit) else { throw ModuleError.invalid("unknown type \(index)", at: at) }
        return .concrete(UInt32(index))
    }

    func abstractHeapType(_ byte: UInt8, features: WasmFeatures, at: Int, what: String) throws(ModuleError) -> HeapType {
        guard let known = HeapType.abstractTypes[byte] else {
            throw ModuleError.malformed("malformed \(what)", at: at)
        }
        // funcref and externref are Wasm 2.0; every other abstract type needs its proposal.
        if byte != 0x70 && byte != 0x6F && !features.contains(known.proposal.feature) {
            throw ModuleError.unsupported(known.proposal, at: at)
        }
        return HeapType(abstract: byte)
    }

    /// Type bytes that later proposals define are "unsupported", the rest malformed.
    static func unknownTypeByte(_ byte: UInt8, at offset: Int, what: String) -> ModuleError {
        switch byte {
        case 0x63, 0x64: return .unsupported(.functionReferences, at: offset)
        case 0x69, 0x74: return .unsupported(.exceptionHandling, at: offset)
        case 0x65...0x68, 0x6A...0x6E, 0x71...0x73: return .unsupported(.gc, at: offset)
        default: return .malformed("malformed \(what)", at: offset)
        }
    }
}
