// Numeric semantics with the spec's exact rules (spec §4.3): trapping
// division and conversion, NaN-propagating min/max, bit-exact abs/neg/copysign.
// Trap paths are cold functions so the hot paths stay small.

@inline(never) func trapDivideByZero() throws(Trap) -> Never { throw Trap(.integerDivideByZero) }
@inline(never) func trapOverflow() throws(Trap) -> Never { throw Trap(.integerOverflow) }
@inline(never) func trapInvalidConversion() throws(Trap) -> Never { throw Trap(.invalidConversionToInteger) }

@inline(__always) func i32(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
@inline(__always) func s32(_ slot: UInt64) -> Int32 { Int32(truncatingIfNeeded: slot) }
@inline(__always) func s64(_ slot: UInt64) -> Int64 { Int64(bitPattern: slot) }
@inline(__always) func f32(_ slot: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: slot)) }
@inline(__always) func f64(_ slot: UInt64) -> Double { Double(bitPattern: slot) }
@inline(__always) func slot(_ value: UInt32) -> UInt64 { UInt64(value) }
@inline(__always) func slot(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: value)) }
@inline(__always) func slot(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }
@inline(__always) func slot(_ value: Float) -> UInt64 { UInt64(value.bitPattern) }
@inline(__always) func slot(_ value: Double) -> UInt64 { value.bitPattern }
@inline(__always) func slot(_ value: Bool) -> UInt64 { value ? 1 : 0 }

enum Semantics {
    @inline(__always)
    static func divS<T: FixedWidthInteger & SignedInteger>(_ lhs: T, _ rhs: T) throws(Trap) -> T {
        if rhs == 0 { try trapDivideByZero() }
        if lhs == T.min && rhs == -1 { try trapOverflow() }
        return lhs / rhs
    }

    @inline(__always)
    static func divU<T: FixedWidthInteger & UnsignedInteger>(_ lhs: T, _ rhs: T) throws(Trap) -> T {
        if rhs == 0 { try trapDivideByZero() }
        return lhs / rhs
    }

    @inline(__always)
    static func remS<T: FixedWidthInteger & SignedInteger>(_ lhs: T, _ rhs: T) throws(Trap) -> T {
        if rhs == 0 { try trapDivideByZero() }
        return rhs == -1 ? 0 : lhs % rhs  // spec: INT_MIN rem -1 == 0
    }

    @inline(__always)
    static func remU<T: FixedWidthInteger & UnsignedInteger>(_ lhs: T, _ rhs: T) throws(Trap) -> T {
        if rhs == 0 { try trapDivideByZero() }
        return lhs % rhs
    }

    @inline(__always)
    static func rotl<T: FixedWidthInteger>(_ value: T, _ count: T) -> T {
        let shift = Int(truncatingIfNeeded: count) & (T.bitWidth - 1)
        return shift == 0 ? value : (value &<< shift) | (value &>> (T.bitWidth - shift))
    }

    @inline(__always)
    static func rotr<T: FixedWidthInteger>(_ value: T, _ count: T) -> T {
        let shift = Int(truncatingIfNeeded: count) & (T.bitWidth - 1)
        return shift == 0 ? value : (value &>> shift) | (value &<< (T.bitWidth - shift))
    }

    /// fmin (spec §4.3.3): NaN if either is NaN, and -0 below +0.
    @inline(__always)
    static func min<T: BinaryFloatingPoint>(_ lhs: T, _ rhs: T) -> T {
        if lhs.isNaN || rhs.isNaN { return lhs + rhs }  // propagates a quiet NaN
        if lhs == rhs { return lhs.sign == .minus ? lhs : rhs }
        return lhs < rhs ? lhs : rhs
    }

    @inline(__always)
    static func max<T: BinaryFloatingPoint>(_ lhs: T, _ rhs: T) -> T {
        if lhs.isNaN || rhs.isNaN { return lhs + rhs }
        if lhs == rhs { return lhs.sign == .minus ? rhs : lhs }
        return lhs > rhs ? lhs : rhs
    }

    // abs, neg and copysign work on the sign bit only, so NaN payloads survive.
    @inline(__always) static func abs(_ value: UInt32) -> UInt32 { value & 0x7FFF_FFFF }
    @inline(__always) static func neg(_ value: UInt32) -> UInt32 { value ^ 0x8000_0000 }
    @inline(__always) static func copysign(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        (lhs & 0x7FFF_FFFF) | (rhs & 0x8000_0000)
    }
    @inline(__always) static func abs(_ value: UInt64) -> UInt64 { value & 0x7FFF_FFFF_FFFF_FFFF }
    @inline(__always) static func neg(_ value: UInt64) -> UInt64 { value ^ 0x8000_0000_0000_0000 }
    @inline(__always) static func copysign(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        (lhs & 0x7FFF_FFFF_FFFF_FFFF) | (rhs & 0x8000_0000_0000_0000)
    }

    /// Truncation to an integer (spec §4.3.3, `trunc`): NaN and out-of-range
    /// values trap. `lower` and `upper` are the exclusive bounds of the source
    /// values that truncate into range.
    @inline(__always)
    static func truncate<F: TruncationSource, I: FixedWidthInteger>(
        _ value: F, exclusiveLower lower: F, exclusiveUpper upper: F, as: I.Type
    ) throws(Trap) -> I {
        if value.isNaN { try trapInvalidConversion() }
        guard value > lower && value < upper else { try trapOverflow() }
        return integer(inRange: value, as: I.self)
    }

    /// `value` truncated toward zero, known to fit `I`. Through the concrete
    /// `Int64`/`UInt64` conversions (one instruction each): the generic
    /// `I(value)` stayed a call to the standard library's `_convert(from:)`.
    @inline(__always)
    static func integer<F: TruncationSource, I: FixedWidthInteger>(inRange value: F, as: I.Type) -> I {
        let double = value.exactDouble
        if double < 0x1p63 { return I(truncatingIfNeeded: Int64(double)) }
        return I(truncatingIfNeeded: UInt64(double))
    }

    /// Saturating truncation (spec §4.3.3, `trunc_sat`): NaN is 0, out of range clamps.
    @inline(__always)
    static func truncateSaturating<F: TruncationSource, I: FixedWidthInteger>(
        _ value: F, exclusiveLower lower: F, exclusiveUpper upper: F, as: I.Type
    ) -> I {
        if value.isNaN { return 0 }
        if value <= lower { return I.min }
        if value >= upper { return I.max }
        return integer(inRange: value, as: I.self)
    }

    /// Float-to-int bounds: the nearest representable values outside the range.
    static let i32FromF32 = (lower: Float(-2147483904.0), upper: Float(2147483648.0))
    static let u32FromF32 = (lower: Float(-1.0), upper: Float(4294967296.0))
    static let i32FromF64 = (lower: -2147483649.0, upper: 2147483648.0)
    static let u32FromF64 = (lower: -1.0, upper: 4294967296.0)
    static let i64FromF32 = (lower: Float(-9223373136366403584.0), upper: Float(9223372036854775808.0))
    static let u64FromF32 = (lower: Float(-1.0), upper: Float(18446744073709551616.0))
    static let i64FromF64 = (lower: -9223372036854777856.0, upper: 9223372036854775808.0)
    static let u64FromF64 = (lower: -1.0, upper: 18446744073709551616.0)
}

/// The floating-point types Wasm truncates to integers; widening either to
/// `Double` is exact.
protocol TruncationSource: BinaryFloatingPoint {
    var exactDouble: Double { get }
}

extension Float: TruncationSource {
    var exactDouble: Double { @inline(__always) get { Double(self) } }
}

extension Double: TruncationSource {
    var exactDouble: Double { @inline(__always) get { self } }
}
