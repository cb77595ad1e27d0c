// What each opcode's fields mean, in one table. A new op takes its `Opcode`
// case, its constructor (Op+Constructors.swift), its handler and its line
// here; whether it has a retargetable result, whether it branches, whether
// it accesses memory at `r1 + y + x`, and its text form all come from it.

/// One operand of an op: the field that holds it and how it prints.
enum OpOperand {
    case r0, r1, r2
    /// `r0` as a 16-bit constant (a narrow store's value).
    case constantR0
    /// `r0` (low half) and `r2` as a 32-bit constant (a store's value), printed signed.
    case constantR0R2
    /// `x` as an unsigned 32-bit constant, index or offset.
    case x
    /// `x` as the sign-extended 32-bit immediate of an i64 operation.
    case signedX
    case y
    /// A branch offset, in `y`, relative to the branching op.
    case branchOffset
    /// `x` and `y` as one 64-bit constant.
    case wide
    /// A plain load's or store's address: register `r1`, plus the constant
    /// `y` when the translator folded an addition into the access.
    case address
    /// A vector op's operation and lane (`Op+Vector.swift`), in `x` or in `y`;
    /// printed by name, `i32x4ExtractLane[3]`.
    case vectorOperationX
    case vectorOperationY
}

/// An opcode's operands, in the order its constructor takes them (labels as
/// its argument labels, none for positional ones), and whether `r0` is its
/// single result.
struct OpShape {
    struct Operand {
        let label: String?
        let operand: OpOperand
    }

    /// `r0` is the op's only result, so `local.set` can retarget it instead
    /// of copying it.
    let hasDestination: Bool
    let operands: [Operand]

    init(result: Bool = false, _ operands: (String?, OpOperand)...) {
        hasDestination = result
        self.operands = operands.map { Operand(label: $0.0, operand: $0.1) }
    }

    var isBranch: Bool { operands.contains { $0.operand == .branchOffset } }
    var isMemoryAccess: Bool { operands.contains { $0.operand == .address } }
    var r0IsRegister: Bool { operands.contains { $0.operand == .r0 } }
}

extension Opcode {
    /// What the translator asks of an opcode for every op it emits, derived
    /// from the table once, by raw value, as plain flags (no array to retain).
    private struct Derived {
        let hasDestination: Bool
        let isBranch: Bool
        let isMemoryAccess: Bool
        let r0IsRegister: Bool
    }

    private static let derived: [Derived] = allCases.map { opcode in
        let shape = opcode.shape
        return Derived(hasDestination: shape.hasDestination, isBranch: shape.isBranch, isMemoryAccess: shape.isMemoryAccess,
                       r0IsRegister: shape.r0IsRegister)
    }

    /// Ops with a single result, written to their first register (`r0`):
    /// `local.set` can retarget them instead of copying their result.
    var hasDestination: Bool { Self.derived[Int(rawValue)].hasDestination }

    /// Ops that branch by the offset in `y` (relative to the branching op).
    var isBranch: Bool { Self.derived[Int(rawValue)].isBranch }

    /// Plain loads and stores: register `r1` plus the constant `y` (wrapping,
    /// like the `i32.add` it stands for), plus the static offset `x`, is the
    /// address they access (RATIONALE.md#folding-an-address-addition-into-the-access).
    var isMemoryAccess: Bool { Self.derived[Int(rawValue)].isMemoryAccess }

    /// `r0` names a register, not part of a constant (a store of a constant).
    var r0IsRegister: Bool { Self.derived[Int(rawValue)].r0IsRegister }

    /// The table. No `default`: the compiler sends a new opcode here.
    var shape: OpShape {
        switch self {
        case .unreachable, .return0:
            OpShape()
        case .br:
            OpShape(("offset", .branchOffset))
        case .brIfNez, .brIfEqz:
            OpShape(("condition", .r0), ("offset", .branchOffset))
        case .brTable:
            OpShape(("index", .r0), ("count", .x))
        case .return1:
            OpShape(("value", .r0))
        case .returnMany:
            OpShape(("first", .r0), ("count", .r1))
        case .call, .returnCall:
            OpShape(("function", .x), ("base", .r0))
        case .callIndirect, .returnCallIndirect:
            OpShape(("type", .x), ("table", .y), ("index", .r0), ("base", .r1))
        case .callRef, .returnCallRef:
            OpShape(("reference", .r0), ("base", .r1))
        case .copy:
            OpShape(("destination", .r0), ("source", .r1))
        case .const32:
            OpShape(("destination", .r0), ("value", .x))
        case .const64:
            OpShape(("value", .wide), ("destination", .r0))
        case .select, .selectI64:
            OpShape(result: true, ("destination", .r0), ("condition", .r1), ("ifTrue", .r2), ("ifFalse", .x))
        case .vector:
            OpShape(("operation", .vectorOperationX), ("result", .r0), (nil, .r1), (nil, .r2), (nil, .y))
        case .vectorMemory:
            OpShape(("operation", .vectorOperationY), ("value", .r0), ("address", .r1), ("offset", .x), ("vector", .r2))
        case .v128Select:
            OpShape(("destination", .r0), ("condition", .r1), ("ifTrue", .r2), ("ifFalse", .x))
        case .v128GlobalGet:
            OpShape(("destination", .r0), ("index", .x))
        case .v128GlobalSet:
            OpShape(("source", .r0), ("index", .x))
        case .v128Copy:
            OpShape(("destination", .r0), ("source", .r1))

        case .globalGet:
            OpShape(result: true, ("destination", .r0), ("index", .x))
        case .globalSet:
            OpShape(("source", .r0), ("index", .x))
        case .i32Load, .i64Load, .f32Load, .f64Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U,
             .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U:
            OpShape(result: true, ("destination", .r0), ("address", .address), ("offset", .x))
        case .i32Store, .i64Store, .f32Store, .f64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16,
             .i64Store32:
            OpShape(("value", .r0), ("address", .address), ("offset", .x))
        case .i32Store8Immediate, .i32Store16Immediate:
            OpShape(("value", .constantR0), ("address", .address), ("offset", .x))
        case .i32StoreImmediate, .i64StoreImmediate:
            OpShape(("value", .constantR0R2), ("address", .address), ("offset", .x))
        case .memorySize, .memorySizeOther:
            OpShape(result: true, ("destination", .r0), ("memory", .x))
        case .memoryGrow, .memoryGrowOther:
            OpShape(result: true, ("destination", .r0), ("delta", .r1), ("memory", .x))
        case .memoryFill, .memoryFillOther:
            OpShape(("destination", .r0), ("value", .r1), ("count", .r2), ("memory", .x))
        case .memoryCopy, .memoryCopyOther:
            OpShape(("destination", .r0), ("source", .r1), ("count", .r2), ("destinationMemory", .x), ("sourceMemory", .y))
        case .memoryInit, .memoryInitOther:
            OpShape(("segment", .x), ("destination", .r0), ("source", .r1), ("count", .r2), ("memory", .y))
        case .useMemory:
            OpShape((nil, .x))
        case .tableIndex64:
            OpShape(("destination", .r0), ("index", .r1))
        case .address64:
            OpShape(("destination", .r0), ("address", .r1), ("offset", .wide))
        case .dataDrop, .elemDrop:
            OpShape(("segment", .x))
        case .tableGet:
            OpShape(result: true, ("destination", .r0), ("index", .r1), ("table", .x))
        case .tableSet:
            OpShape(("index", .r0), ("value", .r1), ("table", .x))
        case .tableSize:
            OpShape(result: true, ("destination", .r0), ("table", .x))
        case .tableGrow:
            OpShape(("destination", .r0), ("value", .r1), ("delta", .r2), ("table", .x))
        case .tableFill:
            OpShape(("index", .r0), ("value", .r1), ("count", .r2), ("table", .x))
        case .tableCopy:
            OpShape(("destinationTable", .x), ("sourceTable", .y), ("destination", .r0), ("source", .r1), ("count", .r2))
        case .tableInit:
            OpShape(("table", .x), ("segment", .y), ("destination", .r0), ("source", .r1), ("count", .r2))
        case .refFunc:
            OpShape(result: true, ("destination", .r0), ("function", .x))
        case .refAsNonNull, .throwRef:
            OpShape(("reference", .r0))
        case .throw:
            OpShape(("tag", .x), ("first", .r0), ("count", .r1))
        case .structNew, .arrayFill:
            OpShape(("base", .r0), ("type", .x))
        case .structNewDefault:
            OpShape(("destination", .r0), ("type", .x))
        case .structGet:
            OpShape(result: true, ("destination", .r0), ("reference", .r1), ("type", .x), ("field", .y), ("widening", .r2))
        case .structSet:
            OpShape(("reference", .r0), ("value", .r1), ("type", .x), ("field", .y))
        case .arrayNew:
            OpShape(("destination", .r0), ("value", .r1), ("length", .r2), ("type", .x))
        case .arrayNewDefault:
            OpShape(("destination", .r0), ("length", .r1), ("type", .x))
        case .arrayNewFixed:
            OpShape(("base", .r0), ("type", .x), ("count", .y))
        case .arrayNewData, .arrayNewElem:
            OpShape(("destination", .r0), ("offset", .r1), ("length", .r2), ("type", .x), ("segment", .y))
        case .arrayGet:
            OpShape(result: true, ("destination", .r0), ("reference", .r1), ("index", .r2), ("type", .x), ("widening", .y))
        case .arraySet:
            OpShape(("reference", .r0), ("index", .r1), ("value", .r2), ("type", .x))
        case .arrayLen:
            OpShape(result: true, ("destination", .r0), ("reference", .r1))
        case .arrayCopy:
            OpShape(("base", .r0), ("destinationType", .x), ("sourceType", .y))
        case .arrayInitData, .arrayInitElem:
            OpShape(("base", .r0), ("type", .x), ("segment", .y))
        case .refTest:
            OpShape(result: true, ("destination", .r0), ("reference", .r1), ("target", .x), ("nullable", .y))
        case .refCast:
            OpShape(("reference", .r0), ("target", .x), ("nullable", .y))
        case .refI31:
            OpShape(result: true, ("destination", .r0), ("value", .r1))
        case .i31Get:
            OpShape(result: true, ("destination", .r0), ("reference", .r1), ("signed", .x))

        // `destination = operation(operand)`.
        case .i32Eqz, .i64Eqz, .i32Clz, .i32Ctz, .i32Popcnt, .i64Clz, .i64Ctz, .i64Popcnt,
             .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt,
             .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt,
             .i32WrapI64, .i32TruncF32S, .i32TruncF32U, .i32TruncF64S, .i32TruncF64U, .i64ExtendI32S,
             .i64ExtendI32U, .i64TruncF32S, .i64TruncF32U, .i64TruncF64S, .i64TruncF64U, .f32ConvertI32S,
             .f32ConvertI32U, .f32ConvertI64S, .f32ConvertI64U, .f32DemoteF64, .f64ConvertI32S,
             .f64ConvertI32U, .f64ConvertI64S, .f64ConvertI64U, .f64PromoteF32, .i32ReinterpretF32,
             .i64ReinterpretF64, .f32ReinterpretI32, .f64ReinterpretI64, .i32Extend8S, .i32Extend16S,
             .i64Extend8S, .i64Extend16S, .i64Extend32S, .i32TruncSatF32S, .i32TruncSatF32U,
             .i32TruncSatF64S, .i32TruncSatF64U, .i64TruncSatF32S, .i64TruncSatF32U, .i64TruncSatF64S,
             .i64TruncSatF64U:
            OpShape(result: true, (nil, .r0), (nil, .r1))
        // `destination = operation(lhs, rhs)`.
        case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU,
             .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU,
             .f32Eq, .f32Ne, .f32Lt, .f32Gt, .f32Le, .f32Ge, .f64Eq, .f64Ne, .f64Lt, .f64Gt, .f64Le, .f64Ge,
             .i32Add, .i32Sub, .i32Mul, .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i32And, .i32Or, .i32Xor,
             .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl, .i32Rotr,
             .i64Add, .i64Sub, .i64Mul, .i64DivS, .i64DivU, .i64RemS, .i64RemU, .i64And, .i64Or, .i64Xor,
             .i64Shl, .i64ShrS, .i64ShrU, .i64Rotl, .i64Rotr,
             .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Copysign,
             .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Copysign:
            OpShape(result: true, (nil, .r0), (nil, .r1), (nil, .r2))
        // `destination = operation(lhs, constant)`: i32 constants, and shift or rotation counts.
        case .i32AddImmediate, .i32MulImmediate, .i32AndImmediate, .i32OrImmediate, .i32XorImmediate,
             .i32ShlImmediate, .i32ShrUImmediate, .i32ShrSImmediate, .i32RotlImmediate, .i64RotlImmediate,
             .i32EqImmediate, .i32NeImmediate, .i32LtSImmediate, .i32LtUImmediate, .i32GtSImmediate,
             .i32GtUImmediate, .i32LeSImmediate, .i32LeUImmediate, .i32GeSImmediate, .i32GeUImmediate,
             .i32SubFromImmediate, .i32DivUImmediate, .i32RemUImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), (nil, .x))
        // The same with an i64 constant, sign-extended from 32 bits.
        case .i64AddImmediate, .i64MulImmediate, .i64AndImmediate, .i64OrImmediate, .i64XorImmediate,
             .i64ShlImmediate, .i64ShrUImmediate, .i64ShrSImmediate, .i64EqImmediate, .i64NeImmediate,
             .i64LtSImmediate, .i64LtUImmediate, .i64GtSImmediate, .i64GtUImmediate, .i64LeSImmediate,
             .i64LeUImmediate, .i64GeSImmediate, .i64GeUImmediate, .i64SubFromImmediate,
             .i32DivSImmediate, .i32RemSImmediate, .i64DivUImmediate, .i64RemUImmediate, .i64DivSImmediate,
             .i64RemSImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), (nil, .signedX))
        case .i64AddWide, .i64MulWide, .i64AndWide, .i64OrWide, .i64XorWide:
            OpShape(result: true, (nil, .wide), (nil, .r0), (nil, .r1))

        // Branch when `lhs <op> rhs` holds.
        case .brIfI32Eq, .brIfI32Ne, .brIfI32LtS, .brIfI32LtU, .brIfI32GtS, .brIfI32GtU, .brIfI32LeS,
             .brIfI32LeU, .brIfI32GeS, .brIfI32GeU,
             .brIfI64Eq, .brIfI64Ne, .brIfI64LtS, .brIfI64LtU, .brIfI64GtS, .brIfI64GtU, .brIfI64LeS,
             .brIfI64LeU, .brIfI64GeS, .brIfI64GeU:
            OpShape((nil, .r0), (nil, .r1), ("offset", .branchOffset))
        case .brIfI32EqImmediate, .brIfI32NeImmediate, .brIfI32LtSImmediate, .brIfI32LtUImmediate,
             .brIfI32GtSImmediate, .brIfI32GtUImmediate, .brIfI32LeSImmediate, .brIfI32LeUImmediate,
             .brIfI32GeSImmediate, .brIfI32GeUImmediate:
            OpShape((nil, .r0), (nil, .x), ("offset", .branchOffset))
        case .brIfI64EqImmediate, .brIfI64NeImmediate, .brIfI64LtSImmediate, .brIfI64LtUImmediate,
             .brIfI64GtSImmediate, .brIfI64GtUImmediate, .brIfI64LeSImmediate, .brIfI64LeUImmediate,
             .brIfI64GeSImmediate, .brIfI64GeUImmediate:
            OpShape((nil, .r0), (nil, .signedX), ("offset", .branchOffset))

        // Pairs fused into one op (RATIONALE.md#fusing-pairs-of-ops).
        case .copy2:
            OpShape(("destination0", .r0), ("source0", .r1), ("destination1", .r2), ("source1", .x))
        case .i32LoadBrIfNez, .i32LoadBrIfEqz, .i32Load8UBrIfNez, .i32Load8UBrIfEqz:
            OpShape(("destination", .r0), ("address", .r1), ("memoryOffset", .x), ("offset", .branchOffset))
        case .i32ShrUAndImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), ("shift", .y), ("mask", .x))
        case .i32AndShrUImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), ("mask", .x), ("shift", .y))
        case .i32Add3, .i32MulAdd:
            OpShape(result: true, (nil, .r0), (nil, .r1), (nil, .r2), (nil, .x))
        case .i32AddShlImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), (nil, .r2), ("shift", .x))
        case .i32AndImmediateBrIfEqImmediate, .i32AndImmediateBrIfNeImmediate:
            OpShape(("destination", .r0), (nil, .r1), ("mask", .x), ("constant", .r2), ("offset", .branchOffset))
        case .i32AddImmediateBrIfNe, .i32AddImmediateBrIfNeImmediate:
            OpShape(("counter", .r0), ("step", .x), ("limit", .r1), ("offset", .branchOffset))
        case .i32AddAndImmediate:
            OpShape(result: true, (nil, .r0), (nil, .r1), ("addend", .x), ("mask", .y))
        case .i32LoadAddImmediate:
            OpShape(result: true, ("destination", .r0), ("address", .r1), ("memoryOffset", .x), ("addend", .y))
        case .i32AddImmediateToMemory:
            OpShape(("address", .r1), ("memoryOffset", .x), ("addend", .y))
        case .i32StoreBrIfNez, .i32StoreBrIfEqz:
            OpShape(("value", .r0), ("address", .r1), ("memoryOffset", .x), ("condition", .r2), ("offset", .branchOffset))
        case .const32Br:
            OpShape(("destination", .r0), ("value", .x), ("offset", .branchOffset))
        case .globalGetBrIfNez:
            OpShape(("destination", .r0), ("index", .x), ("condition", .r1), ("offset", .branchOffset))
        case .i32AddImmediateGlobalSet:
            OpShape((nil, .r0), (nil, .r1), ("addend", .x), ("global", .y))
        case .i64LoadStore:
            OpShape(("sourceAddress", .r1), ("sourceOffset", .x), ("destinationAddress", .r2), ("destinationOffset", .y))
        case .f64AddLoad, .f64MulLoad:
            OpShape(result: true, (nil, .r0), (nil, .r1), ("address", .r2), ("memoryOffset", .x))
        }
    }
}
