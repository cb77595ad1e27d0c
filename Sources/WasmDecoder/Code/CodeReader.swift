/// A pull decoder over the instructions of a function body or constant
/// expression (spec §5.4). It decodes one instruction per `read()` and checks
/// only the binary format; `FunctionValidator` checks typing.
public struct CodeReader {
    package var reader: ByteReader
    let features: WasmFeatures

    package init(reader: ByteReader, features: WasmFeatures) {
        self.reader = reader
        self.features = features
    }

    /// Offset of the next instruction within the module's bytes.
    public var offset: Int { reader.offset }
    public var isAtEnd: Bool { reader.isAtEnd }

    /// Reads the next instruction.
    public mutating func read() throws(ModuleError) -> Instruction {
        let at = reader.offset
        let opcode = try reader.readByte()
        switch opcode {
        case 0x00: return .unreachable
        case 0x01: return .nop
        case 0x02: return .block(try readBlockType())
        case 0x03: return .loop(try readBlockType())
        case 0x04: return .if(try readBlockType())
        case 0x05: return .else
        case 0x0B: return .end
        case 0x0C: return .br(try reader.readU32())
        case 0x0D: return .brIf(try reader.readU32())
        case 0x0E: return .brTable(try readBranchTable())
        case 0x0F: return .return
        case 0x10: return .call(try reader.readU32())
        case 0x11:
            let typeIndex = try reader.readU32()
            return .callIndirect(typeIndex: typeIndex, tableIndex: try reader.readU32())
        case 0x12 where features.contains(.tailCall):
            return .returnCall(try reader.readU32())
        case 0x13 where features.contains(.tailCall):
            let typeIndex = try reader.readU32()
            return .returnCallIndirect(typeIndex: typeIndex, tableIndex: try reader.readU32())
        case 0x14 where features.contains(.functionReferences):
            return .callRef(typeIndex: try reader.readU32())
        case 0x15 where features.contains(.functionReferences) && features.contains(.tailCall):
            return .returnCallRef(typeIndex: try reader.readU32())
        case 0x08 where features.contains(.exceptionHandling): return .throw(try reader.readU32())
        case 0x0A where features.contains(.exceptionHandling): return .throwRef
        case 0x1F where features.contains(.exceptionHandling):
            let type = try readBlockType()
            let count = try reader.readCount()
            let offset = reader.offset
            for _ in 0..<count { _ = try reader.readCatchClause() }
            return .tryTable(type, CatchClauses(count: UInt32(count), offset: offset))
        case 0x1A: return .drop
        case 0x1B: return .select
        case 0x1C: return .typedSelect(try readSelectTypes())
        case 0x20: return .localGet(try reader.readU32())
        case 0x21: return .localSet(try reader.readU32())
        case 0x22: return .localTee(try reader.readU32())
        case 0x23: return .globalGet(try reader.readU32())
        case 0x24: return .globalSet(try reader.readU32())
        case 0x25: return .tableGet(try reader.readU32())
        case 0x26: return .tableSet(try reader.readU32())
        case 0x28...0x35:
            let operation = LoadOperation(rawValue: opcode)!  // SAFETY: 0x28...0x35 are all cases
            return .load(operation, try readMemoryArgument())
        case 0x36...0x3E:
            let operation = StoreOperation(rawValue: opcode)!  // 0x36...0x3E are all cases
            return .store(operation, try readMemoryArgument())
        case 0x3F: return .memorySize(memory: try readMemoryIndex())
        case 0x40: return .memoryGrow(memory: try readMemoryIndex())
        case 0x41: return .i32Const(try reader.readS32())
        case 0x42: return .i64Const(try reader.readS64())
        case 0x43: return .f32Const(try reader.readFloat32Bits())
        case 0x44: return .f64Const(try reader.readFloat64Bits())
        case 0x45...0xC4:
            return .numeric(NumericOperation(rawValue: opcode)!)  // every byte in range is a case
        case 0xD0: return .refNull(try readNullHeapType(at: at))
        case 0xD1: return .refIsNull
        case 0xD2: return .refFunc(try reader.readU32())
        case 0xD4 where features.contains(.functionReferences): return .refAsNonNull
        case 0xD5 where features.contains(.functionReferences): return .brOnNull(try reader.readU32())
        case 0xD6 where features.contains(.functionReferences): return .brOnNonNull(try reader.readU32())
        case 0xD3 where features.contains(.gc): return .refEq
        case 0xFB where features.contains(.gc): return try readGC(at: at)
        case 0xFC: return try readMiscellaneous(at: at)
        case 0xFD: return try readVector(at: at)
        default: throw Self.unknownOpcode(opcode, at: at)
        }
    }

    /// Opcodes that later proposals define are "unsupported", the rest illegal.
    static func unknownOpcode(_ opcode: UInt8, at offset: Int) -> ModuleError {
        switch opcode {
        case 0x08, 0x0A, 0x1F: return .unsupported(.exceptionHandling, at: offset)
        // try, catch, rethrow, delegate, catch_all: the legacy proposal's.
        case 0x06, 0x07, 0x09, 0x18, 0x19: return .unsupported(.legacyExceptions, at: offset)
        case 0x12, 0x13: return .unsupported(.tailCall, at: offset)
        case 0x14, 0xD4, 0xD5, 0xD6: return .unsupported(.functionReferences, at: offset)
        // `return_call_ref` needs typed function references and tail calls.
        case 0x15: return .unsupported(.functionReferences, at: offset)
        case 0xD3, 0xFB: return .unsupported(.gc, at: offset)
        case 0xFE: return .unsupported(.threads, at: offset)
        default: return .malformed("illegal opcode \(hex(opcode))", at: offset)
        }
    }

    // MARK: Immediates

    mutating func readBlockType() throws(ModuleError) -> BlockType {
        let at = reader.offset
        let byte = try reader.peekByte()
        if byte == 0x40 {
            reader.offset += 1
            return .empty
        }
        // One-byte negative s33s and the `ref` prefixes are value types.
        if byte & 0xC0 == 0x40 || byte == 0x63 || byte == 0x64 {
            return .value(try reader.readValueType(features: features))
        }
        let index = try reader.readS33()
        guard index >= 0 else { throw ByteReader.unknownTypeByte(byte, at: at, what: "value type") }
        return .typeIndex(UInt32(index))
    }

    /// `ref.null`'s immediate: in Wasm 2.0 a reference type's byte, since
    /// typed references a heap type (the same bytes for `func` and `extern`).
    mutating func readNullHeapType(at: Int) throws(ModuleError) -> HeapType {
        let byte = try reader.peekByte()
        if byte & 0xC0 != 0x40 && !features.contains(.functionReferences) {
            throw ByteReader.unknownTypeByte(byte, at: reader.offset, what: "reference type")
        }
        if ValueType(numericCode: byte) != nil {
            throw ModuleError.malformed("malformed reference type", at: reader.offset)
        }
        return try reader.readHeapType(features: features)
    }

    mutating func readBranchTable() throws(ModuleError) -> BranchTable {
        let count = try reader.readCount()
        let labelsOffset = reader.offset
        for _ in 0..<count { _ = try reader.readU32() }
        return BranchTable(count: UInt32(count), defaultLabel: try reader.readU32(), labelsOffset: labelsOffset)
    }

    /// The labels of a `br_table` this reader returned, excluding the default.
    public func branchTableLabels(_ table: BranchTable) -> BranchTableLabels {
        BranchTableLabels(reader: ByteReader(bytes: reader.bytes, offset: table.labelsOffset, end: reader.end),
                          remaining: table.count)
    }

    mutating func readSelectTypes() throws(ModuleError) -> SelectTypes {
        let count = try reader.readCount()
        var first: ValueType?
        for index in 0..<count {
            let type = try reader.readValueType(features: features)
            if index == 0 { first = type }
        }
        return SelectTypes(count: UInt32(count), first: first)
    }

    /// Wasm 3.0's `memarg`: flags below 64 are the alignment (validation
    /// bounds it); flag bit 6 says a memory index follows (multi-memory).
    mutating func readMemoryArgument() throws(ModuleError) -> MemoryArgument {
        let at = reader.offset
        let flags = try reader.readU32()
        var memory: UInt32 = 0
        if !features.contains(.multiMemory) {
            if flags >= 32 {
                if flags & 0x40 != 0 && flags < 0x60 {
                    throw ModuleError(.unsupported, "malformed memop flags: unsupported feature: multi-memory", offset: at)
                }
                throw ModuleError.malformed("malformed memop flags", at: at)
            }
        } else if flags >= 0x80 {
            throw ModuleError.malformed("malformed memop flags", at: at)
        } else if flags >= 0x40 {
            memory = try reader.readU32()
        }
        // A u64 in Wasm 3.0 (memory64); validation bounds it by the memory's address type.
        let offset = features.contains(.memory64) ? try reader.readU64() : UInt64(try reader.readU32())
        return MemoryArgument(alignment: flags & 0x3F, memory: memory, offset: offset)
    }

    /// A memory index: a reserved zero byte in Wasm 2.0, any index with multi-memory.
    mutating func readMemoryIndex() throws(ModuleError) -> UInt32 {
        let at = reader.offset
        if features.contains(.multiMemory) { return try reader.readU32() }
        guard try reader.readByte() == 0 else {
            throw ModuleError.malformed("zero byte expected", at: at)
        }
        return 0
    }

    // MARK: Prefixed instructions

    /// The `0xFC` prefix: saturating truncation, bulk memory and table instructions.
    mutating func readMiscellaneous(at: Int) throws(ModuleError) -> Instruction {
        let subOpcode = try reader.readU32()
        switch subOpcode {
        case 0...7:
            return .numeric(NumericOperation(rawValue: 0xE0 + UInt8(subOpcode))!)  // 0xE0...0xE7 are cases
        case 8:
            let segment = try reader.readU32()
            return .memoryInit(segment: segment, memory: try readMemoryIndex())
        case 9: return .dataDrop(try reader.readU32())
        case 10:
            let destination = try readMemoryIndex()
            return .memoryCopy(destination: destination, source: try readMemoryIndex())
        case 11: return .memoryFill(memory: try readMemoryIndex())
        case 12:
            let segment = try reader.readU32()
            return .tableInit(elementIndex: segment, tableIndex: try reader.readU32())
        case 13: return .elemDrop(try reader.readU32())
        case 14:
            let destination = try reader.readU32()
            return .tableCopy(destination: destination, source: try reader.readU32())
        case 15: return .tableGrow(try reader.readU32())
        case 16: return .tableSize(try reader.readU32())
        case 17: return .tableFill(try reader.readU32())
        case 19, 20: return try Self.throwUnsupported(.wideArithmetic, at: at)
        default: throw ModuleError.malformed("illegal opcode 0xfc \(subOpcode)", at: at)
        }
    }

    /// The `0xFD` prefix: fixed-width SIMD.
    mutating func readVector(at: Int) throws(ModuleError) -> Instruction {
        let subOpcode = try reader.readU32()
        guard subOpcode <= 0xFFFF, let operation = SIMDOperation(rawValue: UInt16(subOpcode)) else {
            throw ModuleError.malformed("illegal opcode 0xfd \(subOpcode)", at: at)
        }
        if operation.isRelaxed && !features.contains(.relaxedSIMD) {
            throw ModuleError.unsupported(.relaxedSIMD, at: at)
        }
        switch operation.immediateShape {
        case .none:
            return .simd(operation)
        case .memory:
            let argument = try readMemoryArgument()
            return operation == .v128Store ? .simdStore(argument) : .simdLoad(operation, argument)
        case .memoryLane:
            let argument = try readMemoryArgument()
            let lane = try reader.readByte()
            return operation.rawValue >= SIMDOperation.v128Store8Lane.rawValue
                ? .simdStoreLane(operation, argument, lane: lane)
                : .simdLoadLane(operation, argument, lane: lane)
        case .lane:
            return .simdLane(operation, lane: try reader.readByte())
        case .bytes16:
            let low = try readUInt64()
            let value = V128(low: low, high: try readUInt64())
            return operation == .v128Const ? .v128Const(value) : .i8x16Shuffle(value)
        }
    }

    mutating func readUInt64() throws(ModuleError) -> UInt64 {
        try reader.readFloat64Bits()
    }

    static func throwUnsupported(_ proposal: Proposal, at offset: Int) throws(ModuleError) -> Instruction {
        throw ModuleError.unsupported(proposal, at: offset)
    }
}

/// The labels of a `br_table`, read back from the module's bytes.
public struct BranchTableLabels: Sequence, IteratorProtocol {
    var reader: ByteReader
    var remaining: UInt32

    init(reader: ByteReader, remaining: UInt32) {
        self.reader = reader
        self.remaining = remaining
    }

    /// The labels of `table`, which was decoded from `module`'s bytes.
    public init(module: Module, table: BranchTable) {
        self.init(reader: ByteReader(bytes: module.bytes, offset: table.labelsOffset), remaining: table.count)
    }

    public mutating func next() -> UInt32? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        // The decoder already read these bytes successfully once.
        return try? reader.readU32()
    }
}

func hex(_ byte: UInt8) -> String {
    "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
}
