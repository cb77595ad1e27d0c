// Branch offsets and compare-and-branch fusion for the translator.

extension Op {
    /// The relative target of a branch op; nil for other ops.
    var branchOffset: Int32? {
        switch self {
        case .br(let offset), .brIfNez(_, let offset), .brIfEqz(_, let offset):
            return offset
        case .brIfI32Eq(_, _, let offset),
             .brIfI32EqImmediate(_, _, let offset),
             .brIfI32Ne(_, _, let offset),
             .brIfI32NeImmediate(_, _, let offset),
             .brIfI32LtS(_, _, let offset),
             .brIfI32LtSImmediate(_, _, let offset),
             .brIfI32LtU(_, _, let offset),
             .brIfI32LtUImmediate(_, _, let offset),
             .brIfI32GtS(_, _, let offset),
             .brIfI32GtSImmediate(_, _, let offset),
             .brIfI32GtU(_, _, let offset),
             .brIfI32GtUImmediate(_, _, let offset),
             .brIfI32LeS(_, _, let offset),
             .brIfI32LeSImmediate(_, _, let offset),
             .brIfI32LeU(_, _, let offset),
             .brIfI32LeUImmediate(_, _, let offset),
             .brIfI32GeS(_, _, let offset),
             .brIfI32GeSImmediate(_, _, let offset),
             .brIfI32GeU(_, _, let offset),
             .brIfI32GeUImmediate(_, _, let offset),
             .brIfI64Eq(_, _, let offset),
             .brIfI64EqImmediate(_, _, let offset),
             .brIfI64Ne(_, _, let offset),
             .brIfI64NeImmediate(_, _, let offset),
             .brIfI64LtS(_, _, let offset),
             .brIfI64LtSImmediate(_, _, let offset),
             .brIfI64LtU(_, _, let offset),
             .brIfI64LtUImmediate(_, _, let offset),
             .brIfI64GtS(_, _, let offset),
             .brIfI64GtSImmediate(_, _, let offset),
             .brIfI64GtU(_, _, let offset),
             .brIfI64GtUImmediate(_, _, let offset),
             .brIfI64LeS(_, _, let offset),
             .brIfI64LeSImmediate(_, _, let offset),
             .brIfI64LeU(_, _, let offset),
             .brIfI64LeUImmediate(_, _, let offset),
             .brIfI64GeS(_, _, let offset),
             .brIfI64GeSImmediate(_, _, let offset),
             .brIfI64GeU(_, _, let offset),
             .brIfI64GeUImmediate(_, _, let offset):
            return offset
        default:
            return nil
        }
    }

    /// The same branch going by `offset` instead; nil for ops that do not branch.
    func withBranchOffset(_ offset: Int32) -> Op? {
        switch self {
        case .br: return .br(offset: offset)
        case .brIfNez(let condition, _): return .brIfNez(condition: condition, offset: offset)
        case .brIfEqz(let condition, _): return .brIfEqz(condition: condition, offset: offset)
        case .brIfI32Eq(let a, let b, _): return .brIfI32Eq(a, b, offset: offset)
        case .brIfI32EqImmediate(let a, let b, _): return .brIfI32EqImmediate(a, b, offset: offset)
        case .brIfI32Ne(let a, let b, _): return .brIfI32Ne(a, b, offset: offset)
        case .brIfI32NeImmediate(let a, let b, _): return .brIfI32NeImmediate(a, b, offset: offset)
        case .brIfI32LtS(let a, let b, _): return .brIfI32LtS(a, b, offset: offset)
        case .brIfI32LtSImmediate(let a, let b, _): return .brIfI32LtSImmediate(a, b, offset: offset)
        case .brIfI32LtU(let a, let b, _): return .brIfI32LtU(a, b, offset: offset)
        case .brIfI32LtUImmediate(let a, let b, _): return .brIfI32LtUImmediate(a, b, offset: offset)
        case .brIfI32GtS(let a, let b, _): return .brIfI32GtS(a, b, offset: offset)
        case .brIfI32GtSImmediate(let a, let b, _): return .brIfI32GtSImmediate(a, b, offset: offset)
        case .brIfI32GtU(let a, let b, _): return .brIfI32GtU(a, b, offset: offset)
        case .brIfI32GtUImmediate(let a, let b, _): return .brIfI32GtUImmediate(a, b, offset: offset)
        case .brIfI32LeS(let a, let b, _): return .brIfI32LeS(a, b, offset: offset)
        case .brIfI32LeSImmediate(let a, let b, _): return .brIfI32LeSImmediate(a, b, offset: offset)
        case .brIfI32LeU(let a, let b, _): return .brIfI32LeU(a, b, offset: offset)
        case .brIfI32LeUImmediate(let a, let b, _): return .brIfI32LeUImmediate(a, b, offset: offset)
        case .brIfI32GeS(let a, let b, _): return .brIfI32GeS(a, b, offset: offset)
        case .brIfI32GeSImmediate(let a, let b, _): return .brIfI32GeSImmediate(a, b, offset: offset)
        case .brIfI32GeU(let a, let b, _): return .brIfI32GeU(a, b, offset: offset)
        case .brIfI32GeUImmediate(let a, let b, _): return .brIfI32GeUImmediate(a, b, offset: offset)
        case .brIfI64Eq(let a, let b, _): return .brIfI64Eq(a, b, offset: offset)
        case .brIfI64EqImmediate(let a, let b, _): return .brIfI64EqImmediate(a, b, offset: offset)
        case .brIfI64Ne(let a, let b, _): return .brIfI64Ne(a, b, offset: offset)
        case .brIfI64NeImmediate(let a, let b, _): return .brIfI64NeImmediate(a, b, offset: offset)
        case .brIfI64LtS(let a, let b, _): return .brIfI64LtS(a, b, offset: offset)
        case .brIfI64LtSImmediate(let a, let b, _): return .brIfI64LtSImmediate(a, b, offset: offset)
        case .brIfI64LtU(let a, let b, _): return .brIfI64LtU(a, b, offset: offset)
        case .brIfI64LtUImmediate(let a, let b, _): return .brIfI64LtUImmediate(a, b, offset: offset)
        case .brIfI64GtS(let a, let b, _): return .brIfI64GtS(a, b, offset: offset)
        case .brIfI64GtSImmediate(let a, let b, _): return .brIfI64GtSImmediate(a, b, offset: offset)
        case .brIfI64GtU(let a, let b, _): return .brIfI64GtU(a, b, offset: offset)
        case .brIfI64GtUImmediate(let a, let b, _): return .brIfI64GtUImmediate(a, b, offset: offset)
        case .brIfI64LeS(let a, let b, _): return .brIfI64LeS(a, b, offset: offset)
        case .brIfI64LeSImmediate(let a, let b, _): return .brIfI64LeSImmediate(a, b, offset: offset)
        case .brIfI64LeU(let a, let b, _): return .brIfI64LeU(a, b, offset: offset)
        case .brIfI64LeUImmediate(let a, let b, _): return .brIfI64LeUImmediate(a, b, offset: offset)
        case .brIfI64GeS(let a, let b, _): return .brIfI64GeS(a, b, offset: offset)
        case .brIfI64GeSImmediate(let a, let b, _): return .brIfI64GeSImmediate(a, b, offset: offset)
        case .brIfI64GeU(let a, let b, _): return .brIfI64GeU(a, b, offset: offset)
        case .brIfI64GeUImmediate(let a, let b, _): return .brIfI64GeUImmediate(a, b, offset: offset)
        default: return nil
        }
    }

    /// For an integer comparison (or `eqz`): a branch by `offset` taken when
    /// its result is `whenTrue`, reading the comparison's operands directly.
    /// Nil for other ops. Floating-point comparisons are not fused: negating
    /// them is wrong for NaN, and `if` needs the negated form.
    func fusedBranch(whenTrue: Bool, offset: Int32) -> Op? {
        switch self {
        case .i32Eqz(_, let a): return whenTrue ? .brIfEqz(condition: a, offset: offset) : .brIfNez(condition: a, offset: offset)
        case .i64Eqz(_, let a): return whenTrue ? .brIfI64EqImmediate(a, 0, offset: offset) : .brIfI64NeImmediate(a, 0, offset: offset)
        case .i32Eq(_, let a, let b): return whenTrue ? .brIfI32Eq(a, b, offset: offset) : .brIfI32Ne(a, b, offset: offset)
        case .i32EqImmediate(_, let a, let b):
            return whenTrue ? .brIfI32EqImmediate(a, b, offset: offset) : .brIfI32NeImmediate(a, b, offset: offset)
        case .i32Ne(_, let a, let b): return whenTrue ? .brIfI32Ne(a, b, offset: offset) : .brIfI32Eq(a, b, offset: offset)
        case .i32NeImmediate(_, let a, let b):
            return whenTrue ? .brIfI32NeImmediate(a, b, offset: offset) : .brIfI32EqImmediate(a, b, offset: offset)
        case .i32LtS(_, let a, let b): return whenTrue ? .brIfI32LtS(a, b, offset: offset) : .brIfI32GeS(a, b, offset: offset)
        case .i32LtSImmediate(_, let a, let b):
            return whenTrue ? .brIfI32LtSImmediate(a, b, offset: offset) : .brIfI32GeSImmediate(a, b, offset: offset)
        case .i32LtU(_, let a, let b): return whenTrue ? .brIfI32LtU(a, b, offset: offset) : .brIfI32GeU(a, b, offset: offset)
        case .i32LtUImmediate(_, let a, let b):
            return whenTrue ? .brIfI32LtUImmediate(a, b, offset: offset) : .brIfI32GeUImmediate(a, b, offset: offset)
        case .i32GtS(_, let a, let b): return whenTrue ? .brIfI32GtS(a, b, offset: offset) : .brIfI32LeS(a, b, offset: offset)
        case .i32GtSImmediate(_, let a, let b):
            return whenTrue ? .brIfI32GtSImmediate(a, b, offset: offset) : .brIfI32LeSImmediate(a, b, offset: offset)
        case .i32GtU(_, let a, let b): return whenTrue ? .brIfI32GtU(a, b, offset: offset) : .brIfI32LeU(a, b, offset: offset)
        case .i32GtUImmediate(_, let a, let b):
            return whenTrue ? .brIfI32GtUImmediate(a, b, offset: offset) : .brIfI32LeUImmediate(a, b, offset: offset)
        case .i32LeS(_, let a, let b): return whenTrue ? .brIfI32LeS(a, b, offset: offset) : .brIfI32GtS(a, b, offset: offset)
        case .i32LeSImmediate(_, let a, let b):
            return whenTrue ? .brIfI32LeSImmediate(a, b, offset: offset) : .brIfI32GtSImmediate(a, b, offset: offset)
        case .i32LeU(_, let a, let b): return whenTrue ? .brIfI32LeU(a, b, offset: offset) : .brIfI32GtU(a, b, offset: offset)
        case .i32LeUImmediate(_, let a, let b):
            return whenTrue ? .brIfI32LeUImmediate(a, b, offset: offset) : .brIfI32GtUImmediate(a, b, offset: offset)
        case .i32GeS(_, let a, let b): return whenTrue ? .brIfI32GeS(a, b, offset: offset) : .brIfI32LtS(a, b, offset: offset)
        case .i32GeSImmediate(_, let a, let b):
            return whenTrue ? .brIfI32GeSImmediate(a, b, offset: offset) : .brIfI32LtSImmediate(a, b, offset: offset)
        case .i32GeU(_, let a, let b): return whenTrue ? .brIfI32GeU(a, b, offset: offset) : .brIfI32LtU(a, b, offset: offset)
        case .i32GeUImmediate(_, let a, let b):
            return whenTrue ? .brIfI32GeUImmediate(a, b, offset: offset) : .brIfI32LtUImmediate(a, b, offset: offset)
        case .i64Eq(_, let a, let b): return whenTrue ? .brIfI64Eq(a, b, offset: offset) : .brIfI64Ne(a, b, offset: offset)
        case .i64EqImmediate(_, let a, let b):
            return whenTrue ? .brIfI64EqImmediate(a, b, offset: offset) : .brIfI64NeImmediate(a, b, offset: offset)
        case .i64Ne(_, let a, let b): return whenTrue ? .brIfI64Ne(a, b, offset: offset) : .brIfI64Eq(a, b, offset: offset)
        case .i64NeImmediate(_, let a, let b):
            return whenTrue ? .brIfI64NeImmediate(a, b, offset: offset) : .brIfI64EqImmediate(a, b, offset: offset)
        case .i64LtS(_, let a, let b): return whenTrue ? .brIfI64LtS(a, b, offset: offset) : .brIfI64GeS(a, b, offset: offset)
        case .i64LtSImmediate(_, let a, let b):
            return whenTrue ? .brIfI64LtSImmediate(a, b, offset: offset) : .brIfI64GeSImmediate(a, b, offset: offset)
        case .i64LtU(_, let a, let b): return whenTrue ? .brIfI64LtU(a, b, offset: offset) : .brIfI64GeU(a, b, offset: offset)
        case .i64LtUImmediate(_, let a, let b):
            return whenTrue ? .brIfI64LtUImmediate(a, b, offset: offset) : .brIfI64GeUImmediate(a, b, offset: offset)
        case .i64GtS(_, let a, let b): return whenTrue ? .brIfI64GtS(a, b, offset: offset) : .brIfI64LeS(a, b, offset: offset)
        case .i64GtSImmediate(_, let a, let b):
            return whenTrue ? .brIfI64GtSImmediate(a, b, offset: offset) : .brIfI64LeSImmediate(a, b, offset: offset)
        case .i64GtU(_, let a, let b): return whenTrue ? .brIfI64GtU(a, b, offset: offset) : .brIfI64LeU(a, b, offset: offset)
        case .i64GtUImmediate(_, let a, let b):
            return whenTrue ? .brIfI64GtUImmediate(a, b, offset: offset) : .brIfI64LeUImmediate(a, b, offset: offset)
        case .i64LeS(_, let a, let b): return whenTrue ? .brIfI64LeS(a, b, offset: offset) : .brIfI64GtS(a, b, offset: offset)
        case .i64LeSImmediate(_, let a, let b):
            return whenTrue ? .brIfI64LeSImmediate(a, b, offset: offset) : .brIfI64GtSImmediate(a, b, offset: offset)
        case .i64LeU(_, let a, let b): return whenTrue ? .brIfI64LeU(a, b, offset: offset) : .brIfI64GtU(a, b, offset: offset)
        case .i64LeUImmediate(_, let a, let b):
            return whenTrue ? .brIfI64LeUImmediate(a, b, offset: offset) : .brIfI64GtUImmediate(a, b, offset: offset)
        case .i64GeS(_, let a, let b): return whenTrue ? .brIfI64GeS(a, b, offset: offset) : .brIfI64LtS(a, b, offset: offset)
        case .i64GeSImmediate(_, let a, let b):
            return whenTrue ? .brIfI64GeSImmediate(a, b, offset: offset) : .brIfI64LtSImmediate(a, b, offset: offset)
        case .i64GeU(_, let a, let b): return whenTrue ? .brIfI64GeU(a, b, offset: offset) : .brIfI64LtU(a, b, offset: offset)
        case .i64GeUImmediate(_, let a, let b):
            return whenTrue ? .brIfI64GeUImmediate(a, b, offset: offset) : .brIfI64LtUImmediate(a, b, offset: offset)
        default: return nil
        }
    }
}
