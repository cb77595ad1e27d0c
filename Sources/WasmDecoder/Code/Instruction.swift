/// One decoded instruction of Wasm 2.0 (spec §2.4), with its immediates.
///
/// Families of operators that share a shape share a case (`numeric`, `load`,
/// `simd`, ...), so that validation and translation can handle a family with a
/// table instead of hundreds of switch arms. Nothing here allocates: `br_table`
/// keeps its labels in the module's bytes (see `BranchTable`).
public enum Instruction: Sendable, Hashable {
    // Control (spec §2.4.8)
    case unreachable
    case nop
    case block(BlockType)
    case loop(BlockType)
    case `if`(BlockType)
    case `else`
    case end
    case br(UInt32)
    case brIf(UInt32)
    case brTable(BranchTable)
    case `return`
    case call(UInt32)
    case callIndirect(typeIndex: UInt32, tableIndex: UInt32)
    /// Tail calls (Wasm 3.0): the callee replaces the caller's frame.
    case returnCall(UInt32)
    case returnCallIndirect(typeIndex: UInt32, tableIndex: UInt32)
    /// Typed function references (Wasm 3.0): calls through a reference of
    /// type `(ref null $t)`, and branches on whether a reference is null.
    case callRef(typeIndex: UInt32)
    case returnCallRef(typeIndex: UInt32)
    case brOnNull(UInt32)
    case brOnNonNull(UInt32)
    /// Exception handling (Wasm 3.0): raise an exception of a tag, raise one
    /// again from its reference, and a block whose clauses catch them.
    case `throw`(UInt32)
    case throwRef
    case tryTable(BlockType, CatchClauses)

    // Reference (spec §2.4.2)
    case refNull(HeapType)
    case refIsNull
    case refFunc(UInt32)
    case refAsNonNull
    /// Reference equality (Wasm 3.0, GC): both operands `eqref`.
    case refEq

    /// Structs, arrays, i31 and casts (Wasm 3.0, the `0xFB` prefix).
    case gc(GCInstruction)

    // Parametric (spec §2.4.3)
    case drop
    case select
    case typedSelect(SelectTypes)

    // Variable (spec §2.4.4)
    case localGet(UInt32)
    case localSet(UInt32)
    case localTee(UInt32)
    case globalGet(UInt32)
    case globalSet(UInt32)

    // Table (spec §2.4.5)
    case tableGet(UInt32)
    case tableSet(UInt32)
    case tableInit(elementIndex: UInt32, tableIndex: UInt32)
    case elemDrop(UInt32)
    case tableCopy(destination: UInt32, source: UInt32)
    case tableGrow(UInt32)
    case tableSize(UInt32)
    case tableFill(UInt32)

    // Memory (spec §2.4.6)
    case load(LoadOperation, MemoryArgument)
    case store(StoreOperation, MemoryArgument)
    case memorySize(memory: UInt32)
    case memoryGrow(memory: UInt32)
    case memoryInit(segment: UInt32, memory: UInt32)
    case dataDrop(UInt32)
    case memoryCopy(destination: UInt32, source: UInt32)
    case memoryFill(memory: UInt32)

    // Numeric (spec §2.4.1)
    case i32Const(Int32)
    case i64Const(Int64)
    /// The constant's IEEE 754 bits, so NaN payloads survive.
    case f32Const(UInt32)
    case f64Const(UInt64)
    case numeric(NumericOperation)

    // Vector (spec §2.4.1, §2.4.6)
    case v128Const(V128)
    case i8x16Shuffle(V128)
    case simd(SIMDOperation)
    case simdLane(SIMDOperation, lane: UInt8)
    case simdLoad(SIMDOperation, MemoryArgument)
    case simdStore(MemoryArgument)
    case simdLoadLane(SIMDOperation, MemoryArgument, lane: UInt8)
    case simdStoreLane(SIMDOperation, MemoryArgument, lane: UInt8)
}

/// The `memarg` immediate (spec §5.4.6): alignment as a power of two, the
/// memory (0 unless multi-memory names another), and offset.
public struct MemoryArgument: Sendable, Hashable {
    public let alignment: UInt32
    public let memory: UInt32
    public let offset: UInt64

    public init(alignment: UInt32, memory: UInt32 = 0, offset: UInt64) {
        self.alignment = alignment
        self.memory = memory
        self.offset = offset
    }
}

/// A 128-bit vector immediate, little-endian halves.
public struct V128: Sendable, Hashable {
    public let low: UInt64
    public let high: UInt64

    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Byte `index` (0 = least significant), as for shuffle lane indices.
    public subscript(byte index: Int) -> UInt8 {
        let half = index < 8 ? low : high
        return UInt8(truncatingIfNeeded: half >> UInt64((index % 8) * 8))
    }
}

/// The label vector of `br_table`, left in the module's bytes.
/// `CodeReader.branchTableLabels(_:)` reads it back.
public struct BranchTable: Sendable, Hashable {
    /// Number of labels before the default.
    public let count: UInt32
    public let defaultLabel: UInt32
    /// Offset of the first label's LEB128 within the module's bytes.
    public let labelsOffset: Int
}

/// The type vector of a typed `select` (spec §5.4.3). Only arity 1 is valid,
/// so the decoder keeps the count (for the validator's error) and the first type.
public struct SelectTypes: Sendable, Hashable {
    public let count: UInt32
    public let first: ValueType?
}
