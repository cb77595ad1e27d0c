extension Opcode {
    /// Ops with a single result, written to their first register (`r0`):
    /// `local.set` can retarget them instead of copying their result.
    var hasDestination: Bool {
        switch self {
        case .select, .globalGet, .i32Load, .i64Load, .f32Load, .f64Load, .i32Load8S, .i32Load8U,
             .i32Load16S, .i32Load16U, .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S,
             .i64Load32U, .memorySize, .memoryGrow, .tableGet, .tableSize, .refFunc, .i32Eqz, .i32Eq, .i32Ne,
             .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU, .i64Eqz, .i64Eq, .i64Ne,
             .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU, .f32Eq, .f32Ne, .f32Lt,
             .f32Gt, .f32Le, .f32Ge, .f64Eq, .f64Ne, .f64Lt, .f64Gt, .f64Le, .f64Ge, .i32Clz, .i32Ctz,
             .i32Popcnt, .i32Add, .i32Sub, .i32Mul, .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i32And, .i32Or,
             .i32Xor, .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl, .i32Rotr, .i64Clz, .i64Ctz, .i64Popcnt, .i64Add,
             .i64Sub, .i64Mul, .i64DivS, .i64DivU, .i64RemS, .i64RemU, .i64And, .i64Or, .i64Xor, .i64Shl,
             .i64ShrS, .i64ShrU, .i64Rotl, .i64Rotr, .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc,
             .f32Nearest, .f32Sqrt, .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Copysign,
             .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt, .f64Add, .f64Sub,
             .f64Mul, .f64Div, .f64Min, .f64Max, .f64Copysign, .i32WrapI64, .i32TruncF32S, .i32TruncF32U,
             .i32TruncF64S, .i32TruncF64U, .i64ExtendI32S, .i64ExtendI32U, .i64TruncF32S, .i64TruncF32U,
             .i64TruncF64S, .i64TruncF64U, .f32ConvertI32S, .f32ConvertI32U, .f32ConvertI64S,
             .f32ConvertI64U, .f32DemoteF64, .f64ConvertI32S, .f64ConvertI32U, .f64ConvertI64S,
             .f64ConvertI64U, .f64PromoteF32, .i32ReinterpretF32, .i64ReinterpretF64, .f32ReinterpretI32,
             .f64ReinterpretI64, .i32Extend8S, .i32Extend16S, .i64Extend8S, .i64Extend16S, .i64Extend32S,
             .i32TruncSatF32S, .i32TruncSatF32U, .i32TruncSatF64S, .i32TruncSatF64U, .i64TruncSatF32S,
             .i64TruncSatF32U, .i64TruncSatF64S, .i64TruncSatF64U, .i32AddImmediate, .i64AddImmediate,
             .i32MulImmediate, .i32AndImmediate, .i32OrImmediate, .i32XorImmediate, .i32ShlImmediate,
             .i32ShrUImmediate, .i32ShrSImmediate, .i32RotlImmediate, .i64RotlImmediate, .i32EqImmediate, .i32NeImmediate, .i32LtSImmediate,
             .i32LtUImmediate, .i32GtSImmediate, .i32GtUImmediate, .i32LeSImmediate, .i32LeUImmediate,
             .i32GeSImmediate, .i32GeUImmediate, .i64MulImmediate, .i64AndImmediate, .i64OrImmediate,
             .i64XorImmediate, .i64ShlImmediate, .i64ShrUImmediate, .i64ShrSImmediate, .i64EqImmediate,
             .i64NeImmediate, .i64LtSImmediate, .i64LtUImmediate, .i64GtSImmediate, .i64GtUImmediate,
             .i64LeSImmediate, .i64LeUImmediate, .i64GeSImmediate, .i64GeUImmediate, .i64AddWide,
             .i64MulWide, .i64AndWide, .i64OrWide, .i64XorWide,
             .i32ShrUAndImmediate, .i32AndShrUImmediate, .i32Add3, .i32AddShlImmediate, .i32MulAdd,
             .i32AddAndImmediate, .i32LoadAddImmediate, .f64AddLoad:
            true
        default:
            false
        }
    }

    /// Plain loads and stores: register `r1` plus the constant `y` (wrapping,
    /// like the `i32.add` it stands for), plus the static offset `x`, is the
    /// address they access (RATIONALE.md#folding-an-address-addition-into-the-access).
    var isMemoryAccess: Bool {
        switch self {
        case .i32Load, .i64Load, .f32Load, .f64Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U,
             .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U,
             .i32Store, .i64Store, .f32Store, .f64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16, .i64Store32:
            true
        default:
            false
        }
    }

    /// Ops that branch by the offset in `y` (relative to the branching op).
    var isBranch: Bool {
        switch self {
        case .br, .brIfNez, .brIfEqz, .brIfI32Eq, .brIfI32Ne, .brIfI32LtS, .brIfI32LtU, .brIfI32GtS,
             .brIfI32GtU, .brIfI32LeS, .brIfI32LeU, .brIfI32GeS, .brIfI32GeU, .brIfI32EqImmediate,
             .brIfI32NeImmediate, .brIfI32LtSImmediate, .brIfI32LtUImmediate, .brIfI32GtSImmediate,
             .brIfI32GtUImmediate, .brIfI32LeSImmediate, .brIfI32LeUImmediate, .brIfI32GeSImmediate,
             .brIfI32GeUImmediate, .brIfI64Eq, .brIfI64Ne, .brIfI64LtS, .brIfI64LtU, .brIfI64GtS,
             .brIfI64GtU, .brIfI64LeS, .brIfI64LeU, .brIfI64GeS, .brIfI64GeU, .brIfI64EqImmediate,
             .brIfI64NeImmediate, .brIfI64LtSImmediate, .brIfI64LtUImmediate, .brIfI64GtSImmediate,
             .brIfI64GtUImmediate, .brIfI64LeSImmediate, .brIfI64LeUImmediate, .brIfI64GeSImmediate,
             .brIfI64GeUImmediate,
             .i32LoadBrIfNez, .i32LoadBrIfEqz, .i32Load8UBrIfNez, .i32Load8UBrIfEqz,
             .i32AndImmediateBrIfEqImmediate, .i32AndImmediateBrIfNeImmediate, .i32AddImmediateBrIfNe, .i32AddImmediateBrIfNeImmediate,
             .i32StoreBrIfNez, .i32StoreBrIfEqz, .const32Br:
            true
        default:
            false
        }
    }

    /// For an integer comparison: the branch taken when it holds, and the one
    /// taken when it does not (the negated comparison).
    var comparisonBranches: (whenTrue: Opcode, whenFalse: Opcode)? {
        switch self {
        case .i32Eq: (.brIfI32Eq, .brIfI32Ne)
        case .i32EqImmediate: (.brIfI32EqImmediate, .brIfI32NeImmediate)
        case .i32Ne: (.brIfI32Ne, .brIfI32Eq)
        case .i32NeImmediate: (.brIfI32NeImmediate, .brIfI32EqImmediate)
        case .i32LtS: (.brIfI32LtS, .brIfI32GeS)
        case .i32LtSImmediate: (.brIfI32LtSImmediate, .brIfI32GeSImmediate)
        case .i32LtU: (.brIfI32LtU, .brIfI32GeU)
        case .i32LtUImmediate: (.brIfI32LtUImmediate, .brIfI32GeUImmediate)
        case .i32GtS: (.brIfI32GtS, .brIfI32LeS)
        case .i32GtSImmediate: (.brIfI32GtSImmediate, .brIfI32LeSImmediate)
        case .i32GtU: (.brIfI32GtU, .brIfI32LeU)
        case .i32GtUImmediate: (.brIfI32GtUImmediate, .brIfI32LeUImmediate)
        case .i32LeS: (.brIfI32LeS, .brIfI32GtS)
        case .i32LeSImmediate: (.brIfI32LeSImmediate, .brIfI32GtSImmediate)
        case .i32LeU: (.brIfI32LeU, .brIfI32GtU)
        case .i32LeUImmediate: (.brIfI32LeUImmediate, .brIfI32GtUImmediate)
        case .i32GeS: (.brIfI32GeS, .brIfI32LtS)
        case .i32GeSImmediate: (.brIfI32GeSImmediate, .brIfI32LtSImmediate)
        case .i32GeU: (.brIfI32GeU, .brIfI32LtU)
        case .i32GeUImmediate: (.brIfI32GeUImmediate, .brIfI32LtUImmediate)
        case .i64Eq: (.brIfI64Eq, .brIfI64Ne)
        case .i64EqImmediate: (.brIfI64EqImmediate, .brIfI64NeImmediate)
        case .i64Ne: (.brIfI64Ne, .brIfI64Eq)
        case .i64NeImmediate: (.brIfI64NeImmediate, .brIfI64EqImmediate)
        case .i64LtS: (.brIfI64LtS, .brIfI64GeS)
        case .i64LtSImmediate: (.brIfI64LtSImmediate, .brIfI64GeSImmediate)
        case .i64LtU: (.brIfI64LtU, .brIfI64GeU)
        case .i64LtUImmediate: (.brIfI64LtUImmediate, .brIfI64GeUImmediate)
        case .i64GtS: (.brIfI64GtS, .brIfI64LeS)
        case .i64GtSImmediate: (.brIfI64GtSImmediate, .brIfI64LeSImmediate)
        case .i64GtU: (.brIfI64GtU, .brIfI64LeU)
        case .i64GtUImmediate: (.brIfI64GtUImmediate, .brIfI64LeUImmediate)
        case .i64LeS: (.brIfI64LeS, .brIfI64GtS)
        case .i64LeSImmediate: (.brIfI64LeSImmediate, .brIfI64GtSImmediate)
        case .i64LeU: (.brIfI64LeU, .brIfI64GtU)
        case .i64LeUImmediate: (.brIfI64LeUImmediate, .brIfI64GtUImmediate)
        case .i64GeS: (.brIfI64GeS, .brIfI64LtS)
        case .i64GeSImmediate: (.brIfI64GeSImmediate, .brIfI64LtSImmediate)
        case .i64GeU: (.brIfI64GeU, .brIfI64LtU)
        case .i64GeUImmediate: (.brIfI64GeUImmediate, .brIfI64LtUImmediate)
        default: nil
        }
    }
}
