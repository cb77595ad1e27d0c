// Pairs of ops that run as one (RATIONALE.md#fusing-pairs-of-ops). The
// translator offers each op it emits to the op before it: when the earlier
// op's result is a temporary that only the new op reads, or both are copies
// with no branch target between them, one fused op replaces the two.

extension Op {
    /// `self` followed by `next`, where `next` reads `self`'s result (`r0`)
    /// and nothing else ever will: one op computing `next`'s result; nil when
    /// there is no such form.
    func fused(with next: Op) -> Op? {
        let temporary = r0
        switch (opcode, next.opcode) {
        case (.i32ShrUImmediate, .i32AndImmediate) where next.r1 == temporary:
            return .i32ShrUAndImmediate(next.r0, r1, shift: x, mask: next.x)
        case (.i32AndImmediate, .i32ShrUImmediate) where next.r1 == temporary:
            return .i32AndShrUImmediate(next.r0, r1, mask: x, shift: next.x)
        case (.i32Add, .i32Add):
            return next.otherOperand(than: temporary).map { .i32Add3(next.r0, r1, r2, $0) }
        case (.i32ShlImmediate, .i32Add):
            return next.otherOperand(than: temporary).map { .i32AddShlImmediate(next.r0, $0, r1, shift: x) }
        case (.i32Mul, .i32Add):
            return next.otherOperand(than: temporary).map { .i32MulAdd(next.r0, r1, r2, $0) }
        default:
            return nil
        }
    }

    /// For a binary op that reads `register` as exactly one of its two
    /// operands: the other one.
    func otherOperand(than register: Register) -> Register? {
        if r1 == register, r2 != register { return r2 }
        if r2 == register, r1 != register { return r1 }
        return nil
    }

    /// Two copies in a row as one `copy2`; nil unless both are copies.
    func fused(withCopy next: Op) -> Op? {
        guard opcode == .copy, next.opcode == .copy else { return nil }
        return .copy2(destination0: r0, source0: r1, destination1: next.r0, source1: next.r1)
    }
}
