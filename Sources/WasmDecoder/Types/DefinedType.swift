/// A type of the type section (spec §2.3.7, "sub types"): a composite type,
/// whether it is final, and the type it declares as its supertype, if any.
/// Without GC every defined type is a final function type with no supertype.
public struct SubType: Sendable, Hashable, CustomStringConvertible {
    public let isFinal: Bool
    /// The declared supertype's index (at most one is valid).
    public let supertypes: [UInt32]
    public let composite: CompositeType

    public init(isFinal: Bool = true, supertypes: [UInt32] = [], composite: CompositeType) {
        self.isFinal = isFinal
        self.supertypes = supertypes
        self.composite = composite
    }

    public var functionType: FunctionType? {
        if case .function(let type) = composite { return type }
        return nil
    }

    public var description: String { composite.description }
}

/// A function, struct or array type (spec §2.3.6).
public enum CompositeType: Sendable, Hashable, CustomStringConvertible {
    case function(FunctionType)
    case structure([FieldType])
    case array(FieldType)

    /// The abstract heap type just above every type of this kind.
    public var abstractSupertype: HeapType {
        switch self {
        case .function: .function
        case .structure: .structure
        case .array: .array
        }
    }

    public var description: String {
        switch self {
        case .function(let type): type.description
        case .structure(let fields): "struct {\(fields.map(\.description).joined(separator: ", "))}"
        case .array(let field): "array \(field)"
        }
    }
}

/// A struct field or array element (spec §2.3.6): its storage and mutability.
public struct FieldType: Sendable, Hashable, CustomStringConvertible {
    public let storage: StorageType
    public let isMutable: Bool

    public init(storage: StorageType, isMutable: Bool) {
        self.storage = storage
        self.isMutable = isMutable
    }

    public var description: String { isMutable ? "mut \(storage)" : storage.description }
}

/// What a field stores: a value type, or a packed 8- or 16-bit integer that
/// reads and writes as an i32.
public enum StorageType: Sendable, Hashable, CustomStringConvertible {
    case value(ValueType)
    case i8
    case i16

    /// The type a field's value has on the operand stack.
    public var unpacked: ValueType {
        if case .value(let type) = self { return type }
        return .i32
    }

    public var isPacked: Bool { self == .i8 || self == .i16 }

    public var description: String {
        switch self {
        case .value(let type): type.description
        case .i8: "i8"
        case .i16: "i16"
        }
    }
}
