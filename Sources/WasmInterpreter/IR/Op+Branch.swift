// Branch offsets and compare-and-branch fusion for the translator.

extension Op {
    /// The relative target of a branch op; nil for other ops.
    var branchOffset: Int32? {
        opcode.isBranch ? Int32(bitPattern: y) : nil
    }

    /// The same branch going by `offset` instead; nil for ops that do not branch.
    func withBranchOffset(_ offset: Int32) -> Op? {
        guard opcode.isBranch else { return nil }
        var op = self
        op.y = UInt32(bitPattern: offset)
        return op
    }

    /// For an integer comparison (or `eqz`): a branch by `offset` taken when
    /// its result is `whenTrue`, reading the comparison's operands directly.
    /// Nil for other ops. Floating-point comparisons are not fused: negating
    /// them is wrong for NaN, and `if` needs the negated form.
    func fusedBranch(whenTrue: Bool, offset: Int32) -> Op? {
        switch opcode {
        case .i32Eqz: let a = self.r1; return whenTrue ? .brIfEqz(condition: a, offset: offset) : .brIfNez(condition: a, offset: offset)
        case .i64Eqz: let a = self.r1; return whenTrue ? .brIfI64EqImmediate(a, 0, offset: offset) : .brIfI64NeImmediate(a, 0, offset: offset)
        case .i32Eq: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32Eq(a, b, offset: offset) : .brIfI32Ne(a, b, offset: offset)
        case .i32EqImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32EqImmediate(a, b, offset: offset) : .brIfI32NeImmediate(a, b, offset: offset)
        case .i32Ne: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32Ne(a, b, offset: offset) : .brIfI32Eq(a, b, offset: offset)
        case .i32NeImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32NeImmediate(a, b, offset: offset) : .brIfI32EqImmediate(a, b, offset: offset)
        case .i32LtS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32LtS(a, b, offset: offset) : .brIfI32GeS(a, b, offset: offset)
        case .i32LtSImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32LtSImmediate(a, b, offset: offset) : .brIfI32GeSImmediate(a, b, offset: offset)
        case .i32LtU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32LtU(a, b, offset: offset) : .brIfI32GeU(a, b, offset: offset)
        case .i32LtUImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32LtUImmediate(a, b, offset: offset) : .brIfI32GeUImmediate(a, b, offset: offset)
        case .i32GtS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32GtS(a, b, offset: offset) : .brIfI32LeS(a, b, offset: offset)
        case .i32GtSImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32GtSImmediate(a, b, offset: offset) : .brIfI32LeSImmediate(a, b, offset: offset)
        case .i32GtU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32GtU(a, b, offset: offset) : .brIfI32LeU(a, b, offset: offset)
        case .i32GtUImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32GtUImmediate(a, b, offset: offset) : .brIfI32LeUImmediate(a, b, offset: offset)
        case .i32LeS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32LeS(a, b, offset: offset) : .brIfI32GtS(a, b, offset: offset)
        case .i32LeSImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32LeSImmediate(a, b, offset: offset) : .brIfI32GtSImmediate(a, b, offset: offset)
        case .i32LeU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32LeU(a, b, offset: offset) : .brIfI32GtU(a, b, offset: offset)
        case .i32LeUImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32LeUImmediate(a, b, offset: offset) : .brIfI32GtUImmediate(a, b, offset: offset)
        case .i32GeS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32GeS(a, b, offset: offset) : .brIfI32LtS(a, b, offset: offset)
        case .i32GeSImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32GeSImmediate(a, b, offset: offset) : .brIfI32LtSImmediate(a, b, offset: offset)
        case .i32GeU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI32GeU(a, b, offset: offset) : .brIfI32LtU(a, b, offset: offset)
        case .i32GeUImmediate: let a = self.r1, b = self.x
            return whenTrue ? .brIfI32GeUImmediate(a, b, offset: offset) : .brIfI32LtUImmediate(a, b, offset: offset)
        case .i64Eq: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64Eq(a, b, offset: offset) : .brIfI64Ne(a, b, offset: offset)
        case .i64EqImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64EqImmediate(a, b, offset: offset) : .brIfI64NeImmediate(a, b, offset: offset)
        case .i64Ne: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64Ne(a, b, offset: offset) : .brIfI64Eq(a, b, offset: offset)
        case .i64NeImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64NeImmediate(a, b, offset: offset) : .brIfI64EqImmediate(a, b, offset: offset)
        case .i64LtS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64LtS(a, b, offset: offset) : .brIfI64GeS(a, b, offset: offset)
        case .i64LtSImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64LtSImmediate(a, b, offset: offset) : .brIfI64GeSImmediate(a, b, offset: offset)
        case .i64LtU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64LtU(a, b, offset: offset) : .brIfI64GeU(a, b, offset: offset)
        case .i64LtUImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64LtUImmediate(a, b, offset: offset) : .brIfI64GeUImmediate(a, b, offset: offset)
        case .i64GtS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64GtS(a, b, offset: offset) : .brIfI64LeS(a, b, offset: offset)
        case .i64GtSImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64GtSImmediate(a, b, offset: offset) : .brIfI64LeSImmediate(a, b, offset: offset)
        case .i64GtU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64GtU(a, b, offset: offset) : .brIfI64LeU(a, b, offset: offset)
        case .i64GtUImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64GtUImmediate(a, b, offset: offset) : .brIfI64LeUImmediate(a, b, offset: offset)
        case .i64LeS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64LeS(a, b, offset: offset) : .brIfI64GtS(a, b, offset: offset)
        case .i64LeSImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64LeSImmediate(a, b, offset: offset) : .brIfI64GtSImmediate(a, b, offset: offset)
        case .i64LeU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64LeU(a, b, offset: offset) : .brIfI64GtU(a, b, offset: offset)
        case .i64LeUImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64LeUImmediate(a, b, offset: offset) : .brIfI64GtUImmediate(a, b, offset: offset)
        case .i64GeS: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64GeS(a, b, offset: offset) : .brIfI64LtS(a, b, offset: offset)
        case .i64GeSImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64GeSImmediate(a, b, offset: offset) : .brIfI64LtSImmediate(a, b, offset: offset)
        case .i64GeU: let a = self.r1, b = self.r2; return whenTrue ? .brIfI64GeU(a, b, offset: offset) : .brIfI64LtU(a, b, offset: offset)
        case .i64GeUImmediate: let a = self.r1, b = Int32(bitPattern: self.x)
            return whenTrue ? .brIfI64GeUImmediate(a, b, offset: offset) : .brIfI64LtUImmediate(a, b, offset: offset)
        default: return nil
        }
    }
}
