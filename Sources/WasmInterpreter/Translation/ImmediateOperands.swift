import WasmDecoder

// Operations with a constant operand take it as an immediate: no `const` op,
// no register (RATIONALE.md#immediate-operands).

extension Op {
    /// `operation(lhs, constant)` as one op, or nil when `operation` has no
    /// immediate form for this constant (i64 immediates are 32-bit, sign-extended, or a `Wide` op for add, mul and bitwise ops).
    static func withImmediate(_ operation: NumericOperation, destination d: Register, lhs a: Register,
                              constant bits: UInt64) -> Op? {
        let u = UInt32(truncatingIfNeeded: bits)
        let s = Int32(exactly: Int64(bitPattern: bits))
        switch operation {
        case .i32Add: return .i32AddImmediate(d, a, u)
        case .i32Sub: return .i32AddImmediate(d, a, 0 &- u)
        case .i32Mul: return .i32MulImmediate(d, a, u)
        case .i32And: return .i32AndImmediate(d, a, u)
        case .i32Or: return .i32OrImmediate(d, a, u)
        case .i32Xor: return .i32XorImmediate(d, a, u)
        case .i32Shl: return .i32ShlImmediate(d, a, u)
        case .i32ShrS: return .i32ShrSImmediate(d, a, u)
        case .i32ShrU: return .i32ShrUImmediate(d, a, u)
        // A rotation by a constant: right by k is left by width - k.
        case .i32Rotl: return .i32RotlImmediate(d, a, u & 31)
        case .i32Rotr: return .i32RotlImmediate(d, a, (32 &- u) & 31)
        case .i64Rotl: return .i64RotlImmediate(d, a, u & 63)
        case .i64Rotr: return .i64RotlImmediate(d, a, (64 &- u) & 63)
        case .i32Eq: return .i32EqImmediate(d, a, u)
        case .i32Ne: return .i32NeImmediate(d, a, u)
        case .i32LtS: return .i32LtSImmediate(d, a, u)
        case .i32LtU: return .i32LtUImmediate(d, a, u)
        case .i32GtS: return .i32GtSImmediate(d, a, u)
        case .i32GtU: return .i32GtUImmediate(d, a, u)
        case .i32LeS: return .i32LeSImmediate(d, a, u)
        case .i32LeU: return .i32LeUImmediate(d, a, u)
        case .i32GeS: return .i32GeSImmediate(d, a, u)
        case .i32GeU: return .i32GeUImmediate(d, a, u)
        case .i64Add: return s.map { .i64AddImmediate(d, a, $0) } ?? .i64AddWide(bits, d, a)
        case .i64Sub:
            let negated = 0 &- bits
            return Int32(exactly: Int64(bitPattern: negated)).map { .i64AddImmediate(d, a, $0) } ?? .i64AddWide(negated, d, a)
        case .i64Mul: return s.map { .i64MulImmediate(d, a, $0) } ?? .i64MulWide(bits, d, a)
        case .i64And: return s.map { .i64AndImmediate(d, a, $0) } ?? .i64AndWide(bits, d, a)
        case .i64Or: return s.map { .i64OrImmediate(d, a, $0) } ?? .i64OrWide(bits, d, a)
        case .i64Xor: return s.map { .i64XorImmediate(d, a, $0) } ?? .i64XorWide(bits, d, a)
        case .i64Shl: return s.map { .i64ShlImmediate(d, a, $0) }
        case .i64ShrS: return s.map { .i64ShrSImmediate(d, a, $0) }
        case .i64ShrU: return s.map { .i64ShrUImmediate(d, a, $0) }
        case .i64Eq: return s.map { .i64EqImmediate(d, a, $0) }
        case .i64Ne: return s.map { .i64NeImmediate(d, a, $0) }
        case .i64LtS: return s.map { .i64LtSImmediate(d, a, $0) }
        case .i64LtU: return s.map { .i64LtUImmediate(d, a, $0) }
        case .i64GtS: return s.map { .i64GtSImmediate(d, a, $0) }
        case .i64GtU: return s.map { .i64GtUImmediate(d, a, $0) }
        case .i64LeS: return s.map { .i64LeSImmediate(d, a, $0) }
        case .i64LeU: return s.map { .i64LeUImmediate(d, a, $0) }
        case .i64GeS: return s.map { .i64GeSImmediate(d, a, $0) }
        case .i64GeU: return s.map { .i64GeUImmediate(d, a, $0) }
        // Division by a constant other than 0 and -1 cannot trap.
        case .i32DivU: return u != 0 ? .i32DivUImmediate(d, a, u) : nil
        case .i32RemU: return u != 0 ? .i32RemUImmediate(d, a, u) : nil
        case .i32DivS: return u != 0 && u != UInt32.max ? .i32DivSImmediate(d, a, Int32(bitPattern: u)) : nil
        case .i32RemS: return u != 0 && u != UInt32.max ? .i32RemSImmediate(d, a, Int32(bitPattern: u)) : nil
        case .i64DivU: return s.flatMap { $0 != 0 ? .i64DivUImmediate(d, a, $0) : nil }
        case .i64RemU: return s.flatMap { $0 != 0 ? .i64RemUImmediate(d, a, $0) : nil }
        case .i64DivS: return s.flatMap { $0 != 0 && $0 != -1 ? .i64DivSImmediate(d, a, $0) : nil }
        case .i64RemS: return s.flatMap { $0 != 0 && $0 != -1 ? .i64RemSImmediate(d, a, $0) : nil }
        default: return nil
        }
    }

    /// `constant - rhs` as one op (`0 - x`, two's complement masks); nil for
    /// other operations and for i64 constants beyond 32 bits.
    static func withImmediateMinuend(_ operation: NumericOperation, destination d: Register, rhs a: Register,
                                     constant bits: UInt64) -> Op? {
        switch operation {
        case .i32Sub: return .i32SubFromImmediate(d, a, UInt32(truncatingIfNeeded: bits))
        case .i64Sub: return Int32(exactly: Int64(bitPattern: bits)).map { .i64SubFromImmediate(d, a, $0) }
        default: return nil
        }
    }
}

extension Op {
    /// A store of the constant `bits` with the value in the op itself: any
    /// 8-, 16- or 32-bit store, and 64-bit stores (floats by their bit
    /// pattern) of values that are 32-bit numbers sign-extended; nil otherwise.
    static func storingConstant(_ bits: UInt64, _ operation: StoreOperation, address: Register, offset: UInt32) -> Op? {
        switch operation {
        case .i32Store8, .i64Store8:
            return .i32Store8Immediate(value: UInt8(truncatingIfNeeded: bits), address: address, offset: offset)
        case .i32Store16, .i64Store16:
            return .i32Store16Immediate(value: UInt16(truncatingIfNeeded: bits), address: address, offset: offset)
        case .i32Store, .i64Store32, .f32Store:
            return .i32StoreImmediate(value: Int32(bitPattern: UInt32(truncatingIfNeeded: bits)), address: address, offset: offset)
        case .i64Store, .f64Store:
            return Int32(exactly: Int64(bitPattern: bits)).map { .i64StoreImmediate(value: $0, address: address, offset: offset) }
        }
    }
}

extension NumericOperation {
    /// The same operation with its operands swapped (`c < x` is `x > c`), for
    /// commutative operations and comparisons; nil for the others.
    var mirrored: NumericOperation? {
        switch self {
        case .i32Add, .i32Mul, .i32And, .i32Or, .i32Xor, .i64Add, .i64Mul, .i64And, .i64Or, .i64Xor: return self
        case .i32Eq: return .i32Eq
        case .i32Ne: return .i32Ne
        case .i32LtS: return .i32GtS
        case .i32LtU: return .i32GtU
        case .i32GtS: return .i32LtS
        case .i32GtU: return .i32LtU
        case .i32LeS: return .i32GeS
        case .i32LeU: return .i32GeU
        case .i32GeS: return .i32LeS
        case .i32GeU: return .i32LeU
        case .i64Eq: return .i64Eq
        case .i64Ne: return .i64Ne
        case .i64LtS: return .i64GtS
        case .i64LtU: return .i64GtU
        case .i64GtS: return .i64LtS
        case .i64GtU: return .i64LtU
        case .i64LeS: return .i64GeS
        case .i64LeU: return .i64GeU
        case .i64GeS: return .i64LeS
        case .i64GeU: return .i64LeU
        default: return nil
        }
    }
}
