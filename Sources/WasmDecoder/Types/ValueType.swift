/// A value type of Wasm 2.0 (spec §2.3.4): numbers, the 128-bit vector and the
/// two reference types. The raw value is the type's binary encoding.
public enum ValueType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case i32 = 0x7F
    case i64 = 0x7E
    case f32 = 0x7D
    case f64 = 0x7C
    case v128 = 0x7B
    case funcref = 0x70
    case externref = 0x6F

    public var isReference: Bool { self == .funcref || self == .externref }
    public var isNumericOrVector: Bool { !isReference }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// The reference types of Wasm 2.0 (spec §2.3.3).
public enum ReferenceType: UInt8, Sendable, Hashable {
    case funcref = 0x70
    case externref = 0x6F

    public var valueType: ValueType { self == .funcref ? .funcref : .externref }
}

extension ByteReader {
    /// Reads a value type, telling apart bytes of later proposals from garbage.
    package mutating func readValueType() throws(ModuleError) -> ValueType {
        let at = offset
        let byte = try readByte()
        if let type = ValueType(rawValue: byte) { return type }
        throw Self.unknownTypeByte(byte, at: at, what: "value type")
    }

    package mutating func readReferenceType() throws(ModuleError) -> ReferenceType {
        let at = offset
        let byte = try readByte()
        if let type = ReferenceType(rawValue: byte) { return type }
        if ValueType(rawValue: byte) != nil {
            throw ModuleError.malformed("malformed reference type", at: at)
        }
        throw Self.unknownTypeByte(byte, at: at, what: "reference type")
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
