// Swift's SIMD types against plain lane loops, for the lane arithmetic of
// Execution/VectorExecution.swift: which form the optimizer turns into vector
// code. Each case runs one operation over a ring of operands read from
// memory, as the interpreter reads a register pair, and prints nanoseconds
// per operation for both forms. See RATIONALE.md#vectors-in-register-pairs.
//
// Run: Benchmarks/vector-lanes/run.sh

typealias I8x16 = SIMD16<Int8>
typealias U8x16 = SIMD16<UInt8>
typealias I16x8 = SIMD8<Int16>
typealias I32x4 = SIMD4<Int32>
typealias F32x4 = SIMD4<Float>

@inline(never) func opaque<T>(_ value: T) -> T { value }

/// Runs `body` over operand pairs from a ring of 64, returning ns per call.
@inline(__always)
func measure<V: SIMD, R: SIMD>(_ ring: [V], _ body: (V, V) -> R) -> Double {
    let iterations = 20_000_000
    let results = UnsafeMutableBufferPointer<R>.allocate(capacity: 64)
    results.initialize(repeating: R())
    defer { results.deallocate() }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        ring.withUnsafeBufferPointer { operands in
            for index in 0..<iterations {
                // Results go to memory, as the interpreter writes a register pair.
                results[index & 63] = body(operands[index & 63], operands[(index &+ 7) & 63])
            }
        }
    }
    _ = opaque(results[Int(opaque(UInt8(5)))])
    let (seconds, attoseconds) = elapsed.components
    return (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations)
}

func ring<V: SIMD>(_: V.Type) -> [V] where V.Scalar: FixedWidthInteger {
    var generator = SystemRandomNumberGenerator()
    return (0..<64).map { _ in
        var vector = V()
        for lane in 0..<V.scalarCount { vector[lane] = V.Scalar.random(in: .min ... .max, using: &generator) }
        return vector
    }
}

func floatRing() -> [F32x4] {
    (0..<64).map { index in F32x4(Float(index) - 30, Float(index % 7) * 0.5, index % 9 == 0 ? .nan : 1, -0.0) }
}

var results: [(String, Double, Double)] = []
func compare(_ name: String, _ simd: Double, _ loop: Double) { results.append((name, simd, loop)) }

let i8 = ring(I8x16.self), u8 = ring(U8x16.self), i16 = ring(I16x8.self), i32 = ring(I32x4.self), f32 = floatRing()

compare("i8x16.add (wrapping)",
        measure(u8) { $0 &+ $1 },
        measure(u8) { a, b in var r = U8x16(); for i in 0..<16 { r[i] = a[i] &+ b[i] }; return r })
compare("i8x16.add_sat_s (widen, clamp)",
        measure(i8) { I8x16(clamping: SIMD16<Int16>(truncatingIfNeeded: $0) &+ SIMD16<Int16>(truncatingIfNeeded: $1)) },
        measure(i8) { a, b in var r = I8x16(); for i in 0..<16 { r[i] = Int8(clamping: Int16(a[i]) + Int16(b[i])) }; return r })
compare("i8x16.add_sat_s (widen, min, max)",
        measure(i8) { a, b in
            let sum = SIMD16<Int16>(truncatingIfNeeded: a) &+ SIMD16<Int16>(truncatingIfNeeded: b)
            return I8x16(truncatingIfNeeded: pointwiseMax(pointwiseMin(sum, SIMD16(repeating: 127)), SIMD16(repeating: -128)))
        },
        measure(i8) { a, b in var r = I8x16(); for i in 0..<16 { r[i] = Int8(truncatingIfNeeded: max(min(Int16(a[i]) &+ Int16(b[i]), 127), -128)) }; return r })
compare("i8x16.add_sat_u (overflow mask)",
        measure(u8) { a, b in let sum = a &+ b; return sum.replacing(with: .max, where: sum .< a) },
        measure(u8) { a, b in var r = U8x16(); for i in 0..<16 { let (s, o) = a[i].addingReportingOverflow(b[i]); r[i] = o ? .max : s }; return r })
compare("i8x16.sub_sat_u (max, subtract)",
        measure(u8) { a, b in pointwiseMax(a, b) &- b },
        measure(u8) { a, b in var r = U8x16(); for i in 0..<16 { r[i] = a[i] > b[i] ? a[i] - b[i] : 0 }; return r })
compare("i8x16.avgr_u (scalar vs vector shift)",
        measure(u8) { a, b in U8x16(truncatingIfNeeded: (SIMD16<UInt16>(truncatingIfNeeded: a) &+ SIMD16<UInt16>(truncatingIfNeeded: b) &+ 1) &>> 1) },
        measure(u8) { a, b in
            U8x16(truncatingIfNeeded: (SIMD16<UInt16>(truncatingIfNeeded: a) &+ SIMD16<UInt16>(truncatingIfNeeded: b) &+ SIMD16(repeating: 1)) &>> SIMD16(repeating: 1))
        })
compare("i32x4.shr_s (vector count vs lanes)",
        measure(i32) { a, b in a &>> (b & 31) },
        measure(i32) { a, b in var r = I32x4(); for i in 0..<4 { r[i] = a[i] &>> (b[i] & 31) }; return r })
compare("i16x8.min_s (pointwiseMin)",
        measure(i16) { pointwiseMin($0, $1) },
        measure(i16) { a, b in var r = I16x8(); for i in 0..<8 { r[i] = min(a[i], b[i]) }; return r })
compare("i32x4.gt_s (mask)",
        measure(i32) { I32x4(repeating: 0).replacing(with: -1, where: $0 .> $1) },
        measure(i32) { a, b in var r = I32x4(); for i in 0..<4 { r[i] = a[i] > b[i] ? -1 : 0 }; return r })
compare("i8x16.narrow_i16x8_s (clamping)",
        measure(i16) { I8x16(clamping: SIMD16<Int16>(lowHalf: $0, highHalf: $1)) },
        measure(i16) { a, b in var r = I8x16(); for i in 0..<8 { r[i] = Int8(clamping: a[i]); r[i + 8] = Int8(clamping: b[i]) }; return r })
compare("i8x16.narrow_i16x8_s (min, max, truncate)",
        measure(i16) { a, b in I8x16(truncatingIfNeeded: pointwiseMax(pointwiseMin(SIMD16<Int16>(lowHalf: a, highHalf: b), SIMD16(repeating: 127)), SIMD16(repeating: -128))) },
        measure(i16) { a, b in var r = I8x16(); for i in 0..<8 { r[i] = Int8(truncatingIfNeeded: max(min(a[i], 127), -128)); r[i + 8] = Int8(truncatingIfNeeded: max(min(b[i], 127), -128)) }; return r })
compare("i16x8.extend_low_i8x16_s",
        measure(i8) { a, _ in I16x8(truncatingIfNeeded: a.lowHalf) },
        measure(i8) { a, _ in var r = I16x8(); for i in 0..<8 { r[i] = Int16(a[i]) }; return r })
compare("i32x4.dot_i16x8_s (even/odd halves)",
        measure(i16) { a, b in let p = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b); return p.evenHalf &+ p.oddHalf },
        measure(i16) { a, b in var r = I32x4(); for i in 0..<4 { r[i] = Int32(a[2 * i]) * Int32(b[2 * i]) &+ Int32(a[2 * i + 1]) * Int32(b[2 * i + 1]) }; return r })
compare("f32x4.add",
        measure(f32) { $0 + $1 },
        measure(f32) { a, b in var r = F32x4(); for i in 0..<4 { r[i] = a[i] + b[i] }; return r })
compare("f32x4.pmin (replacing)",
        measure(f32) { $0.replacing(with: $1, where: $1 .< $0) },
        measure(f32) { a, b in var r = F32x4(); for i in 0..<4 { r[i] = b[i] < a[i] ? b[i] : a[i] }; return r })
compare("f32x4.ceil (.rounded vs lanes)",
        measure(f32) { a, _ in a.rounded(.up) },
        measure(f32) { a, _ in var r = F32x4(); for i in 0..<4 { r[i] = a[i].rounded(.up) }; return r })

/// `value` with two decimals, right-aligned in 8 columns.
func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
}

func padded(_ text: String) -> String { text + String(repeating: " ", count: max(0, 40 - text.count)) }

print(padded("operation"), "SIMD type ns", "  lane loop ns")
for (name, simd, loop) in results {
    print(padded(name), format(simd), "    ", format(loop))
}
