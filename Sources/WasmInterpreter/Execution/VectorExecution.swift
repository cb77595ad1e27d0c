import WasmDecoder

// Every vector op, in one out-of-line function, so that the interpreter's loop
// gains one case rather than two hundred (RATIONALE.md#vectors-in-register-pairs).
// Operands are read before the result is written, so a result may overwrite
// an operand.
//
// SAFETY (whole file): registers come from translation, which gives each
// vector two registers inside the frame; lane indices were validated.

enum VectorExecution {
    typealias Lanes = VectorLanes

    @inline(__always)
    static func unary<V: SIMD, R: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _: V.Type, _ body: (V) -> R) {
        Lanes.write(body(Lanes.read(fp, op.r1)), fp, op.r0)
    }

    @inline(__always)
    static func binary<V: SIMD, R: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _: V.Type, _ body: (V, V) -> R) {
        Lanes.write(body(Lanes.read(fp, op.r1), Lanes.read(fp, op.r2)), fp, op.r0)
    }

    /// A lane-wise comparison: all ones where it holds.
    @inline(__always)
    static func compare<V: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _: V.Type,
                                 _ body: (V, V) -> SIMDMask<V.MaskStorage>) where V.MaskStorage.MaskStorage == V.MaskStorage {
        Lanes.write(Lanes.bits(body(Lanes.read(fp, op.r1), Lanes.read(fp, op.r2))), fp, op.r0)
    }

    /// A shift of each lane by the scalar in `r2`, modulo the lane width.
    @inline(__always)
    static func shift<V: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _: V.Type, _ body: (V, V) -> V)
        where V.Scalar: FixedWidthInteger {
        Lanes.write(body(Lanes.read(fp, op.r1), Lanes.shiftCount(fp[Int(op.r2)], for: V.self)), fp, op.r0)
    }

    /// An operation computed lane by lane, in lanes of `R`: each result lane
    /// is stored straight into the result's slots. Inserting lanes into a
    /// vector value instead stored and reloaded the whole vector per lane,
    /// a store-forwarding stall each time (most of `i8x16.shuffle`'s time).
    @inline(__always)
    static func lanewise<V: SIMD, R: SIMD>(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _: V.Type, _: R.Type,
                                           _ lane: (V, V, Int) -> R.Scalar) {
        let a: V = Lanes.read(fp, op.r1), b: V = Lanes.read(fp, op.r2)
        let result = UnsafeMutableRawPointer(fp + Int(op.r0))
        for index in 0..<R.scalarCount {
            result.storeBytes(of: lane(a, b, index), toByteOffset: index * MemoryLayout<R.Scalar>.stride, as: R.Scalar.self)
        }
    }

    @inline(__always)
    static func test(_ fp: UnsafeMutablePointer<UInt64>, _ op: Op, _ holds: Bool) {
        fp[Int(op.r0)] = holds ? 1 : 0
    }

    /// Runs any vector op: the interpreter's loop has one case for them all,
    /// so that its scalar handlers are laid out as without SIMD
    /// (RATIONALE.md#vectors-in-register-pairs).
    @inline(never)
    static func execute(at pc: UnsafePointer<Op>, _ fp: UnsafeMutablePointer<UInt64>, _ memoryBase: UnsafeMutableRawPointer,
                        _ memorySize: Int, _ globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>) throws(Trap) {
        let op = pc.pointee
        switch op.opcode {
        case .vector:
            compute(op, fp)
        case .v128Copy:
            // One 16-byte move: two 8-byte ones make the next 16-byte load of
            // the vector wait for both stores (no store forwarding).
            Lanes.write(Lanes.read(fp, op.r1, as: U64x2.self), fp, op.r0)
        case .vectorMemory:
            try VectorMemoryAccess.execute(op, fp, memoryBase, memorySize)
        case .v128Select:
            let source = Int(fp[Int(op.r1)] & 0xFFFF_FFFF != 0 ? op.r2 : Register(truncatingIfNeeded: op.x))
            let (low, high) = (fp[source], fp[source + 1])
            fp[Int(op.r0)] = low
            fp[Int(op.r0) + 1] = high
        case .v128GlobalGet:
            let global = globals[Int(op.x)]
            fp[Int(op.r0)] = global[0]
            fp[Int(op.r0) + 1] = global[1]
        case .v128GlobalSet:
            let global = globals[Int(op.x)]
            global[0] = fp[Int(op.r0)]
            global[1] = fp[Int(op.r0) + 1]
        default:
            preconditionFailure("\(op.opcode) is not a vector op")
        }
    }

    /// The `vector` op: every operation on registers.
    @inline(never)
    static func compute(_ op: Op, _ fp: UnsafeMutablePointer<UInt64>) {
        let lane = Op.vectorLane(op.x)
        switch Op.vectorOperation(op.x) {
        // Shuffles and lanes
        case .i8x16Shuffle:
            let indices: U8x16 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            lanewise(fp, op, U8x16.self, U8x16.self) { Lanes.shuffleLane($0, $1, indices[$2]) }
        case .i8x16Swizzle, .i8x16RelaxedSwizzle: lanewise(fp, op, U8x16.self, U8x16.self) { Lanes.swizzleLane($0, $1[$2]) }
        case .i8x16Splat: Lanes.write(U8x16(repeating: UInt8(truncatingIfNeeded: fp[Int(op.r1)])), fp, op.r0)
        case .i16x8Splat: Lanes.write(U16x8(repeating: UInt16(truncatingIfNeeded: fp[Int(op.r1)])), fp, op.r0)
        case .i32x4Splat, .f32x4Splat: Lanes.write(U32x4(repeating: UInt32(truncatingIfNeeded: fp[Int(op.r1)])), fp, op.r0)
        case .i64x2Splat, .f64x2Splat: Lanes.write(U64x2(repeating: fp[Int(op.r1)]), fp, op.r0)
        case .i8x16ExtractLaneS:
            fp[Int(op.r0)] = UInt64(UInt32(bitPattern: Int32(Lanes.read(fp, op.r1, as: I8x16.self)[lane])))
        case .i8x16ExtractLaneU: fp[Int(op.r0)] = UInt64(Lanes.read(fp, op.r1, as: U8x16.self)[lane])
        case .i16x8ExtractLaneS:
            fp[Int(op.r0)] = UInt64(UInt32(bitPattern: Int32(Lanes.read(fp, op.r1, as: I16x8.self)[lane])))
        case .i16x8ExtractLaneU: fp[Int(op.r0)] = UInt64(Lanes.read(fp, op.r1, as: U16x8.self)[lane])
        case .i32x4ExtractLane, .f32x4ExtractLane: fp[Int(op.r0)] = UInt64(Lanes.read(fp, op.r1, as: U32x4.self)[lane])
        case .i64x2ExtractLane, .f64x2ExtractLane: fp[Int(op.r0)] = fp[Int(op.r1) + lane]
        case .i8x16ReplaceLane:
            var vector: U8x16 = Lanes.read(fp, op.r1)
            vector[lane] = UInt8(truncatingIfNeeded: fp[Int(op.r2)])
            Lanes.write(vector, fp, op.r0)
        case .i16x8ReplaceLane:
            var vector: U16x8 = Lanes.read(fp, op.r1)
            vector[lane] = UInt16(truncatingIfNeeded: fp[Int(op.r2)])
            Lanes.write(vector, fp, op.r0)
        case .i32x4ReplaceLane, .f32x4ReplaceLane:
            var vector: U32x4 = Lanes.read(fp, op.r1)
            vector[lane] = UInt32(truncatingIfNeeded: fp[Int(op.r2)])
            Lanes.write(vector, fp, op.r0)
        case .i64x2ReplaceLane, .f64x2ReplaceLane:
            var vector: U64x2 = Lanes.read(fp, op.r1)
            vector[lane] = fp[Int(op.r2)]
            Lanes.write(vector, fp, op.r0)

        // Comparisons
        case .i8x16Eq: compare(fp, op, I8x16.self) { $0 .== $1 }
        case .i8x16Ne: compare(fp, op, I8x16.self) { $0 .!= $1 }
        case .i8x16LtS: compare(fp, op, I8x16.self) { $0 .< $1 }
        case .i8x16LtU: compare(fp, op, U8x16.self) { $0 .< $1 }
        case .i8x16GtS: compare(fp, op, I8x16.self) { $0 .> $1 }
        case .i8x16GtU: compare(fp, op, U8x16.self) { $0 .> $1 }
        case .i8x16LeS: compare(fp, op, I8x16.self) { $0 .<= $1 }
        case .i8x16LeU: compare(fp, op, U8x16.self) { $0 .<= $1 }
        case .i8x16GeS: compare(fp, op, I8x16.self) { $0 .>= $1 }
        case .i8x16GeU: compare(fp, op, U8x16.self) { $0 .>= $1 }
        case .i16x8Eq: compare(fp, op, I16x8.self) { $0 .== $1 }
        case .i16x8Ne: compare(fp, op, I16x8.self) { $0 .!= $1 }
        case .i16x8LtS: compare(fp, op, I16x8.self) { $0 .< $1 }
        case .i16x8LtU: compare(fp, op, U16x8.self) { $0 .< $1 }
        case .i16x8GtS: compare(fp, op, I16x8.self) { $0 .> $1 }
        case .i16x8GtU: compare(fp, op, U16x8.self) { $0 .> $1 }
        case .i16x8LeS: compare(fp, op, I16x8.self) { $0 .<= $1 }
        case .i16x8LeU: compare(fp, op, U16x8.self) { $0 .<= $1 }
        case .i16x8GeS: compare(fp, op, I16x8.self) { $0 .>= $1 }
        case .i16x8GeU: compare(fp, op, U16x8.self) { $0 .>= $1 }
        case .i32x4Eq: compare(fp, op, I32x4.self) { $0 .== $1 }
        case .i32x4Ne: compare(fp, op, I32x4.self) { $0 .!= $1 }
        case .i32x4LtS: compare(fp, op, I32x4.self) { $0 .< $1 }
        case .i32x4LtU: compare(fp, op, U32x4.self) { $0 .< $1 }
        case .i32x4GtS: compare(fp, op, I32x4.self) { $0 .> $1 }
        case .i32x4GtU: compare(fp, op, U32x4.self) { $0 .> $1 }
        case .i32x4LeS: compare(fp, op, I32x4.self) { $0 .<= $1 }
        case .i32x4LeU: compare(fp, op, U32x4.self) { $0 .<= $1 }
        case .i32x4GeS: compare(fp, op, I32x4.self) { $0 .>= $1 }
        case .i32x4GeU: compare(fp, op, U32x4.self) { $0 .>= $1 }
        case .i64x2Eq: compare(fp, op, I64x2.self) { $0 .== $1 }
        case .i64x2Ne: compare(fp, op, I64x2.self) { $0 .!= $1 }
        case .i64x2LtS: compare(fp, op, I64x2.self) { $0 .< $1 }
        case .i64x2GtS: compare(fp, op, I64x2.self) { $0 .> $1 }
        case .i64x2LeS: compare(fp, op, I64x2.self) { $0 .<= $1 }
        case .i64x2GeS: compare(fp, op, I64x2.self) { $0 .>= $1 }
        case .f32x4Eq: compare(fp, op, F32x4.self) { $0 .== $1 }
        case .f32x4Ne: compare(fp, op, F32x4.self) { $0 .!= $1 }
        case .f32x4Lt: compare(fp, op, F32x4.self) { $0 .< $1 }
        case .f32x4Gt: compare(fp, op, F32x4.self) { $0 .> $1 }
        case .f32x4Le: compare(fp, op, F32x4.self) { $0 .<= $1 }
        case .f32x4Ge: compare(fp, op, F32x4.self) { $0 .>= $1 }
        case .f64x2Eq: compare(fp, op, F64x2.self) { $0 .== $1 }
        case .f64x2Ne: compare(fp, op, F64x2.self) { $0 .!= $1 }
        case .f64x2Lt: compare(fp, op, F64x2.self) { $0 .< $1 }
        case .f64x2Gt: compare(fp, op, F64x2.self) { $0 .> $1 }
        case .f64x2Le: compare(fp, op, F64x2.self) { $0 .<= $1 }
        case .f64x2Ge: compare(fp, op, F64x2.self) { $0 .>= $1 }

        // Bitwise
        case .v128Not: unary(fp, op, U64x2.self) { ~$0 }
        case .v128And: binary(fp, op, U64x2.self) { $0 & $1 }
        case .v128AndNot: binary(fp, op, U64x2.self) { $0 & ~$1 }
        case .v128Or: binary(fp, op, U64x2.self) { $0 | $1 }
        case .v128Xor: binary(fp, op, U64x2.self) { $0 ^ $1 }
        case .v128Bitselect, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect,
             .i64x2RelaxedLaneselect:
            let mask: U64x2 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, U64x2.self) { ($0 & mask) | ($1 & ~mask) }
        case .v128AnyTrue: test(fp, op, fp[Int(op.r1)] | fp[Int(op.r1) + 1] != 0)
        case .i8x16AllTrue: test(fp, op, all(Lanes.read(fp, op.r1, as: U8x16.self) .!= 0))
        case .i16x8AllTrue: test(fp, op, all(Lanes.read(fp, op.r1, as: U16x8.self) .!= 0))
        case .i32x4AllTrue: test(fp, op, all(Lanes.read(fp, op.r1, as: U32x4.self) .!= 0))
        case .i64x2AllTrue: test(fp, op, all(Lanes.read(fp, op.r1, as: U64x2.self) .!= 0))
        case .i8x16Bitmask: fp[Int(op.r0)] = Lanes.signBits(Lanes.read(fp, op.r1, as: I8x16.self))
        case .i16x8Bitmask: fp[Int(op.r0)] = Lanes.signBits(Lanes.read(fp, op.r1, as: I16x8.self))
        case .i32x4Bitmask: fp[Int(op.r0)] = Lanes.signBits(Lanes.read(fp, op.r1, as: I32x4.self))
        case .i64x2Bitmask: fp[Int(op.r0)] = Lanes.signBits(Lanes.read(fp, op.r1, as: I64x2.self))

        // Shifts
        case .i8x16Shl: shift(fp, op, U8x16.self) { $0 &<< $1 }
        case .i8x16ShrS: shift(fp, op, I8x16.self) { $0 &>> $1 }
        case .i8x16ShrU: shift(fp, op, U8x16.self) { $0 &>> $1 }
        case .i16x8Shl: shift(fp, op, U16x8.self) { $0 &<< $1 }
        case .i16x8ShrS: shift(fp, op, I16x8.self) { $0 &>> $1 }
        case .i16x8ShrU: shift(fp, op, U16x8.self) { $0 &>> $1 }
        case .i32x4Shl: shift(fp, op, U32x4.self) { $0 &<< $1 }
        case .i32x4ShrS: shift(fp, op, I32x4.self) { $0 &>> $1 }
        case .i32x4ShrU: shift(fp, op, U32x4.self) { $0 &>> $1 }
        case .i64x2Shl: shift(fp, op, U64x2.self) { $0 &<< $1 }
        case .i64x2ShrS: shift(fp, op, I64x2.self) { $0 &>> $1 }
        case .i64x2ShrU: shift(fp, op, U64x2.self) { $0 &>> $1 }

        // Integer arithmetic
        case .i8x16Abs: unary(fp, op, I8x16.self) { Lanes.absolute($0) }
        case .i16x8Abs: unary(fp, op, I16x8.self) { Lanes.absolute($0) }
        case .i32x4Abs: unary(fp, op, I32x4.self) { Lanes.absolute($0) }
        case .i64x2Abs: unary(fp, op, I64x2.self) { Lanes.absolute($0) }
        case .i8x16Neg: unary(fp, op, U8x16.self) { 0 &- $0 }
        case .i16x8Neg: unary(fp, op, U16x8.self) { 0 &- $0 }
        case .i32x4Neg: unary(fp, op, U32x4.self) { 0 &- $0 }
        case .i64x2Neg: unary(fp, op, U64x2.self) { 0 &- $0 }
        case .i8x16Popcnt: lanewise(fp, op, U8x16.self, U8x16.self) { a, _, lane in UInt8(a[lane].nonzeroBitCount) }
        case .i8x16Add: binary(fp, op, U8x16.self) { $0 &+ $1 }
        case .i16x8Add: binary(fp, op, U16x8.self) { $0 &+ $1 }
        case .i32x4Add: binary(fp, op, U32x4.self) { $0 &+ $1 }
        case .i64x2Add: binary(fp, op, U64x2.self) { $0 &+ $1 }
        case .i8x16Sub: binary(fp, op, U8x16.self) { $0 &- $1 }
        case .i16x8Sub: binary(fp, op, U16x8.self) { $0 &- $1 }
        case .i32x4Sub: binary(fp, op, U32x4.self) { $0 &- $1 }
        case .i64x2Sub: binary(fp, op, U64x2.self) { $0 &- $1 }
        case .i16x8Mul: binary(fp, op, U16x8.self) { $0 &* $1 }
        case .i32x4Mul: binary(fp, op, U32x4.self) { $0 &* $1 }
        case .i64x2Mul: binary(fp, op, U64x2.self) { $0 &* $1 }
        case .i8x16AddSatS:
            binary(fp, op, I8x16.self) { Lanes.saturatingInt8(SIMD16<Int16>(truncatingIfNeeded: $0) &+ SIMD16<Int16>(truncatingIfNeeded: $1)) }
        case .i8x16SubSatS:
            binary(fp, op, I8x16.self) { Lanes.saturatingInt8(SIMD16<Int16>(truncatingIfNeeded: $0) &- SIMD16<Int16>(truncatingIfNeeded: $1)) }
        case .i16x8AddSatS:
            binary(fp, op, I16x8.self) { Lanes.saturatingInt16(SIMD8<Int32>(truncatingIfNeeded: $0) &+ SIMD8<Int32>(truncatingIfNeeded: $1)) }
        case .i16x8SubSatS:
            binary(fp, op, I16x8.self) { Lanes.saturatingInt16(SIMD8<Int32>(truncatingIfNeeded: $0) &- SIMD8<Int32>(truncatingIfNeeded: $1)) }
        case .i8x16AddSatU: binary(fp, op, U8x16.self) { Lanes.addSaturating(unsigned: $0, $1) }
        case .i8x16SubSatU: binary(fp, op, U8x16.self) { Lanes.subtractSaturating(unsigned: $0, $1) }
        case .i16x8AddSatU: binary(fp, op, U16x8.self) { Lanes.addSaturating(unsigned: $0, $1) }
        case .i16x8SubSatU: binary(fp, op, U16x8.self) { Lanes.subtractSaturating(unsigned: $0, $1) }
        case .i8x16MinS: binary(fp, op, I8x16.self) { pointwiseMin($0, $1) }
        case .i8x16MinU: binary(fp, op, U8x16.self) { pointwiseMin($0, $1) }
        case .i8x16MaxS: binary(fp, op, I8x16.self) { pointwiseMax($0, $1) }
        case .i8x16MaxU: binary(fp, op, U8x16.self) { pointwiseMax($0, $1) }
        case .i16x8MinS: binary(fp, op, I16x8.self) { pointwiseMin($0, $1) }
        case .i16x8MinU: binary(fp, op, U16x8.self) { pointwiseMin($0, $1) }
        case .i16x8MaxS: binary(fp, op, I16x8.self) { pointwiseMax($0, $1) }
        case .i16x8MaxU: binary(fp, op, U16x8.self) { pointwiseMax($0, $1) }
        case .i32x4MinS: binary(fp, op, I32x4.self) { pointwiseMin($0, $1) }
        case .i32x4MinU: binary(fp, op, U32x4.self) { pointwiseMin($0, $1) }
        case .i32x4MaxS: binary(fp, op, I32x4.self) { pointwiseMax($0, $1) }
        case .i32x4MaxU: binary(fp, op, U32x4.self) { pointwiseMax($0, $1) }
        case .i8x16AvgrU:
            binary(fp, op, U8x16.self) {
                U8x16(truncatingIfNeeded: (SIMD16<UInt16>(truncatingIfNeeded: $0) &+ SIMD16<UInt16>(truncatingIfNeeded: $1) &+ 1) &>> 1)
            }
        case .i16x8AvgrU:
            binary(fp, op, U16x8.self) {
                U16x8(truncatingIfNeeded: (SIMD8<UInt32>(truncatingIfNeeded: $0) &+ SIMD8<UInt32>(truncatingIfNeeded: $1) &+ 1) &>> 1)
            }
        case .i16x8Q15mulrSatS, .i16x8RelaxedQ15mulrS: lanewise(fp, op, I16x8.self, I16x8.self) { Lanes.q15MultiplyRoundSaturate($0[$2], $1[$2]) }
        case .i32x4DotI16x8S: binary(fp, op, I16x8.self) { Lanes.dotProduct($0, $1) }

        // Widening and narrowing
        case .i8x16NarrowI16x8S: binary(fp, op, I16x8.self) { Lanes.narrow($0, $1, to: I8x16.self) }
        case .i8x16NarrowI16x8U: binary(fp, op, I16x8.self) { Lanes.narrow($0, $1, to: U8x16.self) }
        case .i16x8NarrowI32x4S: binary(fp, op, I32x4.self) { Lanes.narrow($0, $1, to: I16x8.self) }
        case .i16x8NarrowI32x4U: binary(fp, op, I32x4.self) { Lanes.narrow($0, $1, to: U16x8.self) }
        case .i16x8ExtendLowI8x16S: unary(fp, op, I8x16.self) { I16x8(truncatingIfNeeded: $0.lowHalf) }
        case .i16x8ExtendHighI8x16S: unary(fp, op, I8x16.self) { I16x8(truncatingIfNeeded: $0.highHalf) }
        case .i16x8ExtendLowI8x16U: unary(fp, op, U8x16.self) { U16x8(truncatingIfNeeded: $0.lowHalf) }
        case .i16x8ExtendHighI8x16U: unary(fp, op, U8x16.self) { U16x8(truncatingIfNeeded: $0.highHalf) }
        case .i32x4ExtendLowI16x8S: unary(fp, op, I16x8.self) { I32x4(truncatingIfNeeded: $0.lowHalf) }
        case .i32x4ExtendHighI16x8S: unary(fp, op, I16x8.self) { I32x4(truncatingIfNeeded: $0.highHalf) }
        case .i32x4ExtendLowI16x8U: unary(fp, op, U16x8.self) { U32x4(truncatingIfNeeded: $0.lowHalf) }
        case .i32x4ExtendHighI16x8U: unary(fp, op, U16x8.self) { U32x4(truncatingIfNeeded: $0.highHalf) }
        case .i64x2ExtendLowI32x4S: unary(fp, op, I32x4.self) { I64x2(truncatingIfNeeded: $0.lowHalf) }
        case .i64x2ExtendHighI32x4S: unary(fp, op, I32x4.self) { I64x2(truncatingIfNeeded: $0.highHalf) }
        case .i64x2ExtendLowI32x4U: unary(fp, op, U32x4.self) { U64x2(truncatingIfNeeded: $0.lowHalf) }
        case .i64x2ExtendHighI32x4U: unary(fp, op, U32x4.self) { U64x2(truncatingIfNeeded: $0.highHalf) }
        case .i16x8ExtmulLowI8x16S: binary(fp, op, I8x16.self) { I16x8(truncatingIfNeeded: $0.lowHalf) &* I16x8(truncatingIfNeeded: $1.lowHalf) }
        case .i16x8ExtmulHighI8x16S: binary(fp, op, I8x16.self) { I16x8(truncatingIfNeeded: $0.highHalf) &* I16x8(truncatingIfNeeded: $1.highHalf) }
        case .i16x8ExtmulLowI8x16U: binary(fp, op, U8x16.self) { U16x8(truncatingIfNeeded: $0.lowHalf) &* U16x8(truncatingIfNeeded: $1.lowHalf) }
        case .i16x8ExtmulHighI8x16U: binary(fp, op, U8x16.self) { U16x8(truncatingIfNeeded: $0.highHalf) &* U16x8(truncatingIfNeeded: $1.highHalf) }
        case .i32x4ExtmulLowI16x8S: binary(fp, op, I16x8.self) { I32x4(truncatingIfNeeded: $0.lowHalf) &* I32x4(truncatingIfNeeded: $1.lowHalf) }
        case .i32x4ExtmulHighI16x8S: binary(fp, op, I16x8.self) { I32x4(truncatingIfNeeded: $0.highHalf) &* I32x4(truncatingIfNeeded: $1.highHalf) }
        case .i32x4ExtmulLowI16x8U: binary(fp, op, U16x8.self) { U32x4(truncatingIfNeeded: $0.lowHalf) &* U32x4(truncatingIfNeeded: $1.lowHalf) }
        case .i32x4ExtmulHighI16x8U: binary(fp, op, U16x8.self) { U32x4(truncatingIfNeeded: $0.highHalf) &* U32x4(truncatingIfNeeded: $1.highHalf) }
        case .i64x2ExtmulLowI32x4S: binary(fp, op, I32x4.self) { I64x2(truncatingIfNeeded: $0.lowHalf) &* I64x2(truncatingIfNeeded: $1.lowHalf) }
        case .i64x2ExtmulHighI32x4S: binary(fp, op, I32x4.self) { I64x2(truncatingIfNeeded: $0.highHalf) &* I64x2(truncatingIfNeeded: $1.highHalf) }
        case .i64x2ExtmulLowI32x4U: binary(fp, op, U32x4.self) { U64x2(truncatingIfNeeded: $0.lowHalf) &* U64x2(truncatingIfNeeded: $1.lowHalf) }
        case .i64x2ExtmulHighI32x4U: binary(fp, op, U32x4.self) { U64x2(truncatingIfNeeded: $0.highHalf) &* U64x2(truncatingIfNeeded: $1.highHalf) }
        case .i16x8ExtaddPairwiseI8x16S: unary(fp, op, I8x16.self) { I16x8(truncatingIfNeeded: $0.evenHalf) &+ I16x8(truncatingIfNeeded: $0.oddHalf) }
        case .i16x8ExtaddPairwiseI8x16U: unary(fp, op, U8x16.self) { U16x8(truncatingIfNeeded: $0.evenHalf) &+ U16x8(truncatingIfNeeded: $0.oddHalf) }
        case .i32x4ExtaddPairwiseI16x8S: unary(fp, op, I16x8.self) { I32x4(truncatingIfNeeded: $0.evenHalf) &+ I32x4(truncatingIfNeeded: $0.oddHalf) }
        case .i32x4ExtaddPairwiseI16x8U: unary(fp, op, U16x8.self) { U32x4(truncatingIfNeeded: $0.evenHalf) &+ U32x4(truncatingIfNeeded: $0.oddHalf) }

        // Floating point: NaN payloads are the hardware's, which Wasm allows
        // (spec §4.3.3, "NaN propagation"); sign operations touch only the sign bit.
        case .f32x4Abs: unary(fp, op, U32x4.self) { $0 & 0x7FFF_FFFF }
        case .f32x4Neg: unary(fp, op, U32x4.self) { $0 ^ 0x8000_0000 }
        case .f64x2Abs: unary(fp, op, U64x2.self) { $0 & 0x7FFF_FFFF_FFFF_FFFF }
        case .f64x2Neg: unary(fp, op, U64x2.self) { $0 ^ 0x8000_0000_0000_0000 }
        case .f32x4Sqrt: unary(fp, op, F32x4.self) { $0.squareRoot() }
        case .f64x2Sqrt: unary(fp, op, F64x2.self) { $0.squareRoot() }
        case .f32x4Ceil: lanewise(fp, op, F32x4.self, F32x4.self) { a, _, lane in a[lane].rounded(.up) }
        case .f32x4Floor: lanewise(fp, op, F32x4.self, F32x4.self) { a, _, lane in a[lane].rounded(.down) }
        case .f32x4Trunc: lanewise(fp, op, F32x4.self, F32x4.self) { a, _, lane in a[lane].rounded(.towardZero) }
        case .f32x4Nearest: lanewise(fp, op, F32x4.self, F32x4.self) { a, _, lane in a[lane].rounded(.toNearestOrEven) }
        case .f64x2Ceil: lanewise(fp, op, F64x2.self, F64x2.self) { a, _, lane in a[lane].rounded(.up) }
        case .f64x2Floor: lanewise(fp, op, F64x2.self, F64x2.self) { a, _, lane in a[lane].rounded(.down) }
        case .f64x2Trunc: lanewise(fp, op, F64x2.self, F64x2.self) { a, _, lane in a[lane].rounded(.towardZero) }
        case .f64x2Nearest: lanewise(fp, op, F64x2.self, F64x2.self) { a, _, lane in a[lane].rounded(.toNearestOrEven) }
        case .f32x4Add: binary(fp, op, F32x4.self) { $0 + $1 }
        case .f32x4Sub: binary(fp, op, F32x4.self) { $0 - $1 }
        case .f32x4Mul: binary(fp, op, F32x4.self) { $0 * $1 }
        case .f32x4Div: binary(fp, op, F32x4.self) { $0 / $1 }
        case .f32x4Min, .f32x4RelaxedMin: lanewise(fp, op, F32x4.self, F32x4.self) { Semantics.min($0[$2], $1[$2]) }
        case .f32x4Max, .f32x4RelaxedMax: lanewise(fp, op, F32x4.self, F32x4.self) { Semantics.max($0[$2], $1[$2]) }
        case .f32x4Pmin: binary(fp, op, F32x4.self) { Lanes.pseudoMinimum($0, $1) }
        case .f32x4Pmax: binary(fp, op, F32x4.self) { Lanes.pseudoMaximum($0, $1) }
        case .f64x2Add: binary(fp, op, F64x2.self) { $0 + $1 }
        case .f64x2Sub: binary(fp, op, F64x2.self) { $0 - $1 }
        case .f64x2Mul: binary(fp, op, F64x2.self) { $0 * $1 }
        case .f64x2Div: binary(fp, op, F64x2.self) { $0 / $1 }
        case .f64x2Min, .f64x2RelaxedMin: lanewise(fp, op, F64x2.self, F64x2.self) { Semantics.min($0[$2], $1[$2]) }
        case .f64x2Max, .f64x2RelaxedMax: lanewise(fp, op, F64x2.self, F64x2.self) { Semantics.max($0[$2], $1[$2]) }
        case .f64x2Pmin: binary(fp, op, F64x2.self) { Lanes.pseudoMinimum($0, $1) }
        case .f64x2Pmax: binary(fp, op, F64x2.self) { Lanes.pseudoMaximum($0, $1) }

        // Conversions
        case .f32x4ConvertI32x4S: unary(fp, op, I32x4.self) { F32x4($0) }
        case .f32x4ConvertI32x4U: unary(fp, op, U32x4.self) { F32x4($0) }
        case .f64x2ConvertLowI32x4S: unary(fp, op, I32x4.self) { F64x2($0.lowHalf) }
        case .f64x2ConvertLowI32x4U: unary(fp, op, U32x4.self) { F64x2($0.lowHalf) }
        case .f32x4DemoteF64x2Zero: unary(fp, op, F64x2.self) { F32x4(lowHalf: SIMD2<Float>($0), highHalf: .zero) }
        case .f64x2PromoteLowF32x4: unary(fp, op, F32x4.self) { F64x2($0.lowHalf) }
        case .i32x4TruncSatF32x4S, .i32x4RelaxedTruncF32x4S:
            unary(fp, op, F32x4.self) { vector in
                I32x4(Self.truncate(vector[0], Semantics.i32FromF32, Int32.self), Self.truncate(vector[1], Semantics.i32FromF32, Int32.self),
                      Self.truncate(vector[2], Semantics.i32FromF32, Int32.self), Self.truncate(vector[3], Semantics.i32FromF32, Int32.self))
            }
        case .i32x4TruncSatF32x4U, .i32x4RelaxedTruncF32x4U:
            unary(fp, op, F32x4.self) { vector in
                U32x4(Self.truncate(vector[0], Semantics.u32FromF32, UInt32.self), Self.truncate(vector[1], Semantics.u32FromF32, UInt32.self),
                      Self.truncate(vector[2], Semantics.u32FromF32, UInt32.self), Self.truncate(vector[3], Semantics.u32FromF32, UInt32.self))
            }
        case .i32x4TruncSatF64x2SZero, .i32x4RelaxedTruncF64x2SZero:
            unary(fp, op, F64x2.self) { vector in
                I32x4(Self.truncate(vector[0], Semantics.i32FromF64, Int32.self), Self.truncate(vector[1], Semantics.i32FromF64, Int32.self), 0, 0)
            }
        case .i32x4TruncSatF64x2UZero, .i32x4RelaxedTruncF64x2UZero:
            unary(fp, op, F64x2.self) { vector in
                U32x4(Self.truncate(vector[0], Semantics.u32FromF64, UInt32.self), Self.truncate(vector[1], Semantics.u32FromF64, UInt32.self), 0, 0)
            }

        // Relaxed SIMD: the spec's deterministic profile (RATIONALE.md,
        // "Relaxed SIMD, deterministically"); the instructions whose result
        // is a Wasm 2.0 one's share that one's case above.
        // Unfused: the product rounds before the addition.
        case .f32x4RelaxedMadd:
            let addend: F32x4 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, F32x4.self) { $0 * $1 + addend }
        case .f32x4RelaxedNmadd:
            let addend: F32x4 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, F32x4.self) { -$0 * $1 + addend }
        case .f64x2RelaxedMadd:
            let addend: F64x2 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, F64x2.self) { $0 * $1 + addend }
        case .f64x2RelaxedNmadd:
            let addend: F64x2 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, F64x2.self) { -$0 * $1 + addend }
        case .i16x8RelaxedDotI8x16I7x16S: binary(fp, op, I8x16.self) { Lanes.relaxedDotProduct($0, $1) }
        case .i32x4RelaxedDotI8x16I7x16AddS:
            let addend: I32x4 = Lanes.read(fp, Register(truncatingIfNeeded: op.y))
            binary(fp, op, I8x16.self) { Lanes.relaxedDotProductAdd($0, $1, addend) }

        // Constants are register pairs, and memory is the `vectorMemory` op's.
        case .v128Const, .v128Load, .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S,
             .v128Load32x2U, .v128Load8Splat, .v128Load16Splat, .v128Load32Splat, .v128Load64Splat, .v128Store,
             .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane, .v128Store8Lane, .v128Store16Lane,
             .v128Store32Lane, .v128Store64Lane, .v128Load32Zero, .v128Load64Zero:
            preconditionFailure("\(Op.vectorOperation(op.x)) is not a register operation")
        }
    }

    @inline(__always)
    static func truncate<F: TruncationSource, I: FixedWidthInteger>(_ value: F, _ bounds: (lower: F, upper: F), _: I.Type) -> I {
        Semantics.truncateSaturating(value, exclusiveLower: bounds.lower, exclusiveUpper: bounds.upper, as: I.self)
    }
}
