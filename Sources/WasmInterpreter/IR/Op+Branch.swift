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
        case .i32Eqz: return whenTrue ? .brIfEqz(condition: r1, offset: offset) : .brIfNez(condition: r1, offset: offset)
        case .i64Eqz: return whenTrue ? .brIfI64EqImmediate(r1, 0, offset: offset) : .brIfI64NeImmediate(r1, 0, offset: offset)
        default:
            guard let (taken, negated) = opcode.comparisonBranches else { return nil }
            // `d = a <op> b` (or an immediate in `x`) becomes `if a <op> b goto`.
            return Op(whenTrue ? taken : negated, r0: r1, r1: r2, x: x, y: UInt32(bitPattern: offset))
        }
    }
}
