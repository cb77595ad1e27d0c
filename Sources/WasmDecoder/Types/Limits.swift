/// Size limits of a memory or table (spec §2.3.7).
public struct Limits: Sendable, Hashable {
    public let minimum: UInt64
    public let maximum: UInt64?
    /// The address type is i64 (memory64): addresses, sizes and offsets of
    /// the memory are i64 values.
    public let is64: Bool

    public init(minimum: UInt64, maximum: UInt64?, is64: Bool = false) {
        self.minimum = minimum
        self.maximum = maximum
        self.is64 = is64
    }
}

/// A memory type (spec §2.3.8): limits in 64 KiB pages.
public struct MemoryType: Sendable, Hashable {
    public let limits: Limits
    /// The largest page count Wasm 2.0 allows: 4 GiB.
    public static let maximumPages: UInt64 = 65536
    /// The largest page count of a 64-bit memory (memory64): 2^48 pages.
    public static let maximumPages64: UInt64 = 1 << 48

    /// The value type of the memory's addresses (and sizes).
    public var addressType: ValueType { limits.is64 ? .i64 : .i32 }
    public static let pageSize = 65536

    public init(limits: Limits) { self.limits = limits }
}

/// A table type (spec §2.3.9): element type and limits in entries.
public struct TableType: Sendable, Hashable {
    public let elementType: ReferenceType
    public let limits: Limits

    /// The value type of the table's indices and sizes.
    public var addressType: ValueType { limits.is64 ? .i64 : .i32 }

    public init(elementType: ReferenceType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

/// A global type (spec §2.3.10).
public struct GlobalType: Sendable, Hashable {
    public let valueType: ValueType
    public let isMutable: Bool

    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}

extension ByteReader {
    /// Limits (spec §5.3.7). Flags 0x04..0x07 belong to memory64 and threads' later encodings.
    /// With memory64 on, sizes are u64 (Wasm 3.0) and validation bounds them.
    mutating func readLimits(forMemory: Bool, features: WasmFeatures) throws(ModuleError) -> Limits {
        let flagOffset = offset
        let flags = try readByte()
        let wide = features.contains(.memory64)
        func size() throws(ModuleError) -> UInt64 { wide ? try readU64() : UInt64(try readU32()) }
        switch flags {
        case 0x00:
            return Limits(minimum: try size(), maximum: nil)
        case 0x01:
            let minimum = try size()
            return Limits(minimum: minimum, maximum: try size())
        case 0x02...0x03 where forMemory, 0x06...0x07 where forMemory:
            throw ModuleError.unsupported(.threads, at: flagOffset)
        case 0x04 where wide:
            return Limits(minimum: try size(), maximum: nil, is64: true)
        case 0x05 where wide:
            let minimum = try size()
            return Limits(minimum: minimum, maximum: try size(), is64: true)
        case 0x04...0x07:
            throw ModuleError.unsupported(.memory64, at: flagOffset)
        case 0x08...0x0F where forMemory:
            throw ModuleError.unsupported(.customPageSizes, at: flagOffset)
        default:
            // The flag is a one-bit LEB128 in Wasm 2.0, hence the spec's wording.
            throw ModuleError.malformed("integer too large", at: flagOffset)
        }
    }

    mutating func readMemoryType(features: WasmFeatures) throws(ModuleError) -> MemoryType {
        MemoryType(limits: try readLimits(forMemory: true, features: features))
    }

    mutating func readTableType(features: WasmFeatures) throws(ModuleError) -> TableType {
        let elementType = try readReferenceType(features: features)
        return TableType(elementType: elementType, limits: try readLimits(forMemory: false, features: features))
    }

    mutating func readGlobalType(features: WasmFeatures) throws(ModuleError) -> GlobalType {
        let valueType = try readValueType(features: features)
        let at = offset
        switch try readByte() {
        case 0: return GlobalType(valueType: valueType, isMutable: false)
        case 1: return GlobalType(valueType: valueType, isMutable: true)
        default: throw ModuleError.malformed("malformed mutability", at: at)
        }
    }
}
