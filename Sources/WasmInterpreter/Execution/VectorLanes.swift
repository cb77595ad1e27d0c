// Lane views of a v128 in two frame slots, and the lane arithmetic of the
// vector instructions that Swift's SIMD types do not provide as one operation
// (spec §4.3.2 "Vector operations").
//
// SAFETY (whole file): callers pass a register whose two slots lie inside
// the current frame (translation gives every vector two registers).

typealias I8x16 = SIMD16<Int8>
typealias U8x16 = SIMD16<UInt8>
typealias I16x8 = SIMD8<Int16>
typealias U16x8 = SIMD8<UInt16>
typealias I32x4 = SIMD4<Int32>
typealias U32x4 = SIMD4<UInt32>
typealias I64x2 = SIMD2<Int64>
typealias U64x2 = SIMD2<UInt64>
typealias F32x4 = SIMD4<Float>
typealias F64x2 = SIMD2<Double>

enum VectorLanes {
    /// The vector in `register` and the one above, as lanes of `V`.
    @inline(__always)
    static func read<V: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ register: Register, as _: V.Type = V.self) -> V {
        UnsafeRawPointer(fp + Int(register)).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func write<V: SIMD>(_ vector: V, _ fp: UnsafeMutablePointer<UInt64>, _ register: Register) {
        UnsafeMutableRawPointer(fp + Int(register)).storeBytes(of: vector, as: V.self)
    }

    /// All ones in each lane where `mask` holds, zeros elsewhere.
    @inline(__always)
    static func bits<Storage: SIMD>(_ mask: SIMDMask<Storage>) -> Storage
        where Storage.Scalar: SignedInteger & FixedWidthInteger, Storage.MaskStorage == Storage {
        Storage(repeating: 0).replacing(with: -1, where: mask)
    }

    /// Bit `i` set when lane `i` is negative (`bitmask`).
    @inline(__always)
    static func signBits<V: SIMD>(_ vector: V) -> UInt64 where V.Scalar: SignedInteger & FixedWidthInteger {
        var result: UInt64 = 0
        for lane in 0..<V.scalarCount where vector[lane] < 0 { result |= 1 << UInt64(lane) }
        return result
    }

    /// Each lane's value `& (bits - 1)` as a shift count for every lane.
    @inline(__always)
    static func shiftCount<V: SIMD>(_ count: UInt64, for _: V.Type) -> V where V.Scalar: FixedWidthInteger {
        V(repeating: V.Scalar(truncatingIfNeeded: count & UInt64(V.Scalar.bitWidth - 1)))
    }

    /// `lane < 0 ? -lane : lane`, wrapping (the most negative value stays).
    @inline(__always)
    static func absolute<V: SIMD>(_ vector: V) -> V where V.Scalar: SignedInteger & FixedWidthInteger {
        vector.replacing(with: V(repeating: 0) &- vector, where: vector .< 0)
    }

    /// `pmin`: `b < a ? b : a`, and `pmax`: `a < b ? b : a` (no NaN rule).
    @inline(__always)
    static func pseudoMinimum<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: BinaryFloatingPoint {
        a.replacing(with: b, where: b .< a)
    }

    @inline(__always)
    static func pseudoMaximum<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: BinaryFloatingPoint {
        a.replacing(with: b, where: a .< b)
    }

    // Saturation, in the forms Benchmarks/vector-lanes measured fastest
    // (RATIONALE.md#vectors-in-register-pairs): the standard library's
    // `init(clamping:)` on vectors stayed a lane-by-lane call.

    /// Signed lanes of twice the width, clamped with vector min and max, then narrowed.
    @inline(__always)
    static func saturatingInt8(_ wide: SIMD16<Int16>) -> I8x16 {
        I8x16(truncatingIfNeeded: pointwiseMax(pointwiseMin(wide, SIMD16(repeating: 127)), SIMD16(repeating: -128)))
    }

    @inline(__always)
    static func saturatingInt16(_ wide: SIMD8<Int32>) -> I16x8 {
        I16x8(truncatingIfNeeded: pointwiseMax(pointwiseMin(wide, SIMD8(repeating: 0x7FFF)), SIMD8(repeating: -0x8000)))
    }

    /// Unsigned addition: a lane that wrapped is below its first operand.
    @inline(__always)
    static func addSaturating<V: SIMD>(unsigned a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        let sum = a &+ b
        return sum.replacing(with: V.Scalar.max, where: sum .< a)
    }

    /// Unsigned subtraction: `max(a, b) - b` is 0 where `b` is larger.
    @inline(__always)
    static func subtractSaturating<V: SIMD>(unsigned a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        pointwiseMax(a, b) &- b
    }

    /// `narrow`: the lanes of `low` then `high`, each clamped to `Narrow`'s range.
    /// A lane loop, which the optimizer vectorizes (a vector min and max did not).
    @inline(__always)
    static func narrow<Wide: SIMD, Narrow: SIMD>(_ low: Wide, _ high: Wide, to _: Narrow.Type) -> Narrow
        where Wide.Scalar: FixedWidthInteger & SignedInteger, Narrow.Scalar: FixedWidthInteger {
        let lower = Wide.Scalar(Narrow.Scalar.min), upper = Wide.Scalar(Narrow.Scalar.max)
        var result = Narrow()
        for lane in 0..<Wide.scalarCount {
            result[lane] = Narrow.Scalar(truncatingIfNeeded: Swift.max(Swift.min(low[lane], upper), lower))
            result[lane + Wide.scalarCount] = Narrow.Scalar(truncatingIfNeeded: Swift.max(Swift.min(high[lane], upper), lower))
        }
        return result
    }

    /// `i16x8.q15mulr_sat_s` of one lane: `(a * b + 2^14) >> 15`, saturated.
    @inline(__always)
    static func q15MultiplyRoundSaturate(_ a: Int16, _ b: Int16) -> Int16 {
        Int16(clamping: (Int32(a) * Int32(b) + 0x4000) >> 15)
    }

    /// `i32x4.dot_i16x8_s`: sums of adjacent products, wrapping.
    @inline(__always)
    static func dotProduct(_ a: I16x8, _ b: I16x8) -> I32x4 {
        let products = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }

    /// `i16x8.relaxed_dot_i8x16_i7x16_s` as the deterministic profile has it:
    /// both operands signed, adjacent products summed, wrapping to 16 bits.
    static func relaxedDotProduct(_ a: I8x16, _ b: I8x16) -> I16x8 {
        let products = SIMD16<Int16>(truncatingIfNeeded: a) &* SIMD16<Int16>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }

    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: the 16-bit dot products above,
    /// adjacent ones summed at 32 bits, plus `addend`.
    static func relaxedDotProductAdd(_ a: I8x16, _ b: I8x16, _ addend: I32x4) -> I32x4 {
        let pairs = SIMD8<Int32>(truncatingIfNeeded: relaxedDotProduct(a, b))
        return pairs.evenHalf &+ pairs.oddHalf &+ addend
    }

    /// Lane `index` of `a` then `b` (`i8x16.shuffle`; indices below 32, validated).
    @inline(__always)
    static func shuffleLane(_ a: U8x16, _ b: U8x16, _ index: UInt8) -> UInt8 {
        let source = Int(index & 31)
        return source < 16 ? a[source] : b[source - 16]
    }

    /// Lane `index` of `a`, or 0 past the end (`i8x16.swizzle`).
    @inline(__always)
    static func swizzleLane(_ a: U8x16, _ index: UInt8) -> UInt8 {
        index < 16 ? a[Int(index)] : 0
    }
}
