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
        if next.opcode == .i64ExtendI32U, next.r1 == temporary, computesItsResult {
            // The i32 result is already zero-extended in its slot: the
            // extension is the op itself, writing where the extension would.
            var op = self
            op.r0 = next.r0
            return op
        }
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
        case (.f64Load, .f64Add) where y == 0:
            // IEEE addition is commutative (NaN payloads aside, which Wasm
            // leaves nondeterministic): the loaded value may be either operand.
            return next.otherOperand(than: temporary).map { .f64AddLoad(next.r0, $0, address: r1, memoryOffset: x) }
        case (.f64Load, .f64Mul) where y == 0:
            // So is multiplication.
            return next.otherOperand(than: temporary).map { .f64MulLoad(next.r0, $0, address: r1, memoryOffset: x) }
        case (.i32AddImmediate, _) where next.opcode.isMemoryAccess:
            return next.addingToAddress(self)
        case (.i64AddImmediate, _) where next.opcode.isMemoryAccess:
            // An access uses the low 32 bits of its address, which the i64
            // sum shares with the i32 one (memory64 will need its own ops).
            return next.addingToAddress(self)
        case (.i32WrapI64, _) where next.opcode.isMemoryAccess, (.i64ExtendI32U, _) where next.opcode.isMemoryAccess:
            // Both leave the low 32 bits as they are.
            return next.readingUnwrapped(self)
        case (.i64AddImmediate, .i32WrapI64) where next.r1 == temporary:
            // The low 32 bits of a sum depend only on those of its terms.
            return .i32AddImmediate(next.r0, r1, x)
        case (.i64ExtendI32U, .i32AddImmediate) where next.r1 == temporary:
            // Go's `i64.extend_i32_u`, `i64.add` of a constant, `i32.wrap_i64`
            // (an address) becomes one i32 addition of the i32 local.
            return .i32AddImmediate(next.r0, r1, next.x)
        case (.i32AddImmediate, .i32AndImmediate) where next.r1 == temporary:
            return .i32AddAndImmediate(next.r0, r1, addend: x, mask: next.x)
        case (.i32Load, .i32AddImmediate) where next.r1 == temporary && y == 0:
            return .i32LoadAddImmediate(destination: next.r0, address: r1, memoryOffset: x, addend: next.x)
        case (.i32Eqz, .select) where next.r1 == temporary:
            // `eqz(c) ? a : b` is `c ? b : a`.
            return .select(destination: next.r0, condition: r1, ifTrue: Register(truncatingIfNeeded: next.x), ifFalse: next.r2)
        case (.i64Eqz, .select) where next.r1 == temporary:
            return .selectI64(destination: next.r0, condition: r1, ifTrue: Register(truncatingIfNeeded: next.x), ifFalse: next.r2)
        case (.i64Load, .i64Store) where next.r0 == temporary && next.r1 != temporary && y == 0 && next.y == 0:
            return .i64LoadStore(sourceAddress: r1, sourceOffset: x, destinationAddress: next.r1, destinationOffset: next.x)
        case (.i32LoadAddImmediate, .i32Store) where next.r0 == temporary && next.r1 == r1 && next.x == x && next.y == 0:
            // The sum goes back where it was loaded from.
            return .i32AddImmediateToMemory(address: r1, memoryOffset: x, addend: y)
        default:
            return nil
        }
    }

    /// A load or store whose address is the result of `addition`, an
    /// `i32AddImmediate` or `i64AddImmediate`, reading that addition's
    /// operand and adding its constant itself; nil when the access already
    /// adds one, or when the addition's result is also the stored value.
    func addingToAddress(_ addition: Op) -> Op? {
        guard r1 == addition.r0, y == 0, opcode.hasDestination || !opcode.r0IsRegister || r0 != addition.r0 else { return nil }
        var access = self
        access.r1 = addition.r1
        access.y = addition.x
        return access
    }

    /// A load or store whose address, or whose stored 32-bit or narrower
    /// value, is the result of `wrap` (`i32.wrap_i64`, or an
    /// `i64.extend_i32_u`), reading that op's operand instead: accesses use
    /// only the low 32 bits of an address register (`effectiveAddress`), and
    /// such stores only the low bits of their value. Go's code computes
    /// addresses in i64 and wraps each one. Nil when neither operand is the
    /// wrapped value.
    func readingUnwrapped(_ wrap: Op) -> Op? {
        var access = self
        if r1 == wrap.r0 {
            access.r1 = wrap.r1
            return access
        }
        guard r0 == wrap.r0 else { return nil }
        switch opcode {
        case .i32Store, .i32Store8, .i32Store16:
            access.r0 = wrap.r1
            return access
        default:
            return nil
        }
    }

    /// Ops with a destination that compute their result rather than copy it
    /// from a global, a table or another slot. An i32 result they write is
    /// zero-extended in its slot (`slot(_:)`), which the extension relies on;
    /// validation guarantees that what `i64.extend_i32_u` reads is an i32.
    var computesItsResult: Bool {
        guard opcode.hasDestination else { return false }
        switch opcode {
        case .select, .selectI64, .globalGet, .tableGet, .tableSize, .refFunc, .memorySize, .memoryGrow, .memorySizeOther,
             .memoryGrowOther, .structGet, .arrayGet: return false
        default: return true
        }
    }

    /// For a binary op that reads `register` as exactly one of its two
    /// operands: the other one.
    func otherOperand(than register: Register) -> Register? {
        otherOperand(than: register, first: r1, second: r2)
    }

    /// `self` and `next` run one after the other with no branch landing on
    /// `next`, as one op: two copies; a load, an `and` with a constant, or an
    /// in-place addition of a constant (a loop counter) followed by a branch
    /// testing its result, which is still written (a local may hold it); a
    /// global read followed by a branch on any register; a sum then stored to
    /// a global. Nil otherwise.
    func fused(adjacentTo next: Op) -> Op? {
        // The fused op sits where `self` was, one before `next`: a branch
        // offset in it counts from there.
        let offset = Int32(bitPattern: next.y) &+ 1
        switch (opcode, next.opcode) {
        case (.copy, .copy):
            return .copy2(destination0: r0, source0: r1, destination1: next.r0, source1: next.r1)
        case (.const32, .br):
            return .const32Br(destination: r0, value: x, offset: offset)
        case (.i32Store, .brIfNez), (.i32Store, .brIfEqz):
            // Its `y` becomes the branch offset: only a store that adds no constant.
            guard y == 0 else { return nil }
            return .i32StoreBrIf(zero: next.opcode == .brIfEqz, value: r0, address: r1, memoryOffset: x, condition: next.r0,
                                 offset: offset)
        case (.i32Load, .brIfNez), (.i32Load, .brIfEqz), (.i32Load8U, .brIfNez), (.i32Load8U, .brIfEqz):
            // The loaded value stays in its register: a local may hold it (`local.tee`).
            // Its `y` becomes the branch offset: only a load that adds no constant.
            guard next.r0 == r0, y == 0 else { return nil }
            return .i32LoadBrIf(zero: next.opcode == .brIfEqz, narrow: opcode == .i32Load8U, destination: r0, address: r1,
                                memoryOffset: x, offset: offset)
        case (.i32AndImmediate, .brIfI32EqImmediate), (.i32AndImmediate, .brIfI32NeImmediate):
            guard next.r0 == r0, next.x <= 0xffff else { return nil }
            return .i32AndImmediateBrIf(equal: next.opcode == .brIfI32EqImmediate, destination: r0, r1, mask: x,
                                        constant: UInt16(next.x), offset: offset)
        case (.i32AddImmediate, .brIfI32Ne) where r0 == r1:
            guard let limit = next.otherOperand(than: r0, first: next.r0, second: next.r1) else { return nil }
            return .i32AddImmediateBrIfNe(counter: r0, step: x, limit: limit, offset: offset)
        case (.i32AddImmediate, .brIfI32NeImmediate) where r0 == r1 && next.r0 == r0 && next.x <= 0xffff:
            return .i32AddImmediateBrIfNeImmediate(counter: r0, step: x, limit: UInt16(next.x), offset: offset)
        case (.i32AddImmediate, .globalSet) where next.r0 == r0:
            // The sum stays in its register: a local holds it (`local.tee`).
            return .i32AddImmediateGlobalSet(r0, r1, addend: x, global: next.x)
        case (.globalGet, .brIfNez):
            return .globalGetBrIfNez(destination: r0, index: x, condition: next.r0, offset: offset)
        default:
            return nil
        }
    }

    /// Of two operand registers, the one that is not `register`, when exactly one is.
    func otherOperand(than register: Register, first: Register, second: Register) -> Register? {
        if first == register, second != register { return second }
        if second == register, first != register { return first }
        return nil
    }
}
