import WasmDecoder

// The `vectorMemory` op: v128 loads and stores, lane ones included, run by
// `VectorExecution.execute` out of the interpreter's loop.
//
// SAFETY (whole file): registers come from translation (two per vector, in
// the frame); every access is checked against `memorySize` by
// `effectiveAddress` before it touches `memoryBase`.

enum VectorMemoryAccess {
    typealias Lanes = VectorLanes

    /// Reads a `T` at `address + offset`, checked.
    @inline(__always)
    static func load<T: BitwiseCopyable>(_ address: UInt64, _ offset: UInt32, _ memoryBase: UnsafeMutableRawPointer,
                                         _ memorySize: Int, as _: T.Type = T.self) throws(Trap) -> T {
        let ea = try effectiveAddress(address, offset, MemoryLayout<T>.size, memorySize)
        return memoryBase.loadUnaligned(fromByteOffset: ea, as: T.self)
    }

    @inline(__always)
    static func store<T: BitwiseCopyable>(_ value: T, _ address: UInt64, _ offset: UInt32,
                                          _ memoryBase: UnsafeMutableRawPointer, _ memorySize: Int) throws(Trap) {
        let ea = try effectiveAddress(address, offset, MemoryLayout<T>.size, memorySize)
        memoryBase.storeBytes(of: value, toByteOffset: ea, as: T.self)
    }

    /// `v128.loadN_lane`: the vector in `r2` with lane `lane` replaced by memory.
    @inline(__always)
    static func loadLane<V: SIMD>(_ op: Op, _ fp: UnsafeMutablePointer<UInt64>, _ address: UInt64,
                                  _ memoryBase: UnsafeMutableRawPointer, _ memorySize: Int, as _: V.Type) throws(Trap)
        where V.Scalar: BitwiseCopyable {
        var vector: V = Lanes.read(fp, op.r2)
        vector[Op.vectorLane(op.y)] = try load(address, op.x, memoryBase, memorySize)
        Lanes.write(vector, fp, op.r0)
    }

    @inline(__always)
    static func execute(_ op: Op, _ fp: UnsafeMutablePointer<UInt64>, _ memoryBase: UnsafeMutableRawPointer,
                        _ memorySize: Int) throws(Trap) {
        let address = fp[Int(op.r1)], offset = op.x, value = op.r0
        let lane = Op.vectorLane(op.y)
        switch Op.vectorOperation(op.y) {
        case .v128Load: Lanes.write(try load(address, offset, memoryBase, memorySize, as: U8x16.self), fp, value)
        case .v128Load8x8S: Lanes.write(I16x8(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD8<Int8>.self)), fp, value)
        case .v128Load8x8U: Lanes.write(U16x8(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD8<UInt8>.self)), fp, value)
        case .v128Load16x4S: Lanes.write(I32x4(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD4<Int16>.self)), fp, value)
        case .v128Load16x4U: Lanes.write(U32x4(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD4<UInt16>.self)), fp, value)
        case .v128Load32x2S: Lanes.write(I64x2(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD2<Int32>.self)), fp, value)
        case .v128Load32x2U: Lanes.write(U64x2(truncatingIfNeeded: try load(address, offset, memoryBase, memorySize, as: SIMD2<UInt32>.self)), fp, value)
        case .v128Load8Splat: Lanes.write(U8x16(repeating: try load(address, offset, memoryBase, memorySize, as: UInt8.self)), fp, value)
        case .v128Load16Splat: Lanes.write(U16x8(repeating: try load(address, offset, memoryBase, memorySize, as: UInt16.self)), fp, value)
        case .v128Load32Splat: Lanes.write(U32x4(repeating: try load(address, offset, memoryBase, memorySize, as: UInt32.self)), fp, value)
        case .v128Load64Splat: Lanes.write(U64x2(repeating: try load(address, offset, memoryBase, memorySize, as: UInt64.self)), fp, value)
        case .v128Load32Zero: Lanes.write(U32x4(try load(address, offset, memoryBase, memorySize, as: UInt32.self), 0, 0, 0), fp, value)
        case .v128Load64Zero: Lanes.write(U64x2(try load(address, offset, memoryBase, memorySize, as: UInt64.self), 0), fp, value)
        case .v128Load8Lane: try loadLane(op, fp, address, memoryBase, memorySize, as: U8x16.self)
        case .v128Load16Lane: try loadLane(op, fp, address, memoryBase, memorySize, as: U16x8.self)
        case .v128Load32Lane: try loadLane(op, fp, address, memoryBase, memorySize, as: U32x4.self)
        case .v128Load64Lane: try loadLane(op, fp, address, memoryBase, memorySize, as: U64x2.self)
        case .v128Store: try store(Lanes.read(fp, value, as: U8x16.self), address, offset, memoryBase, memorySize)
        case .v128Store8Lane: try store(Lanes.read(fp, value, as: U8x16.self)[lane], address, offset, memoryBase, memorySize)
        case .v128Store16Lane: try store(Lanes.read(fp, value, as: U16x8.self)[lane], address, offset, memoryBase, memorySize)
        case .v128Store32Lane: try store(Lanes.read(fp, value, as: U32x4.self)[lane], address, offset, memoryBase, memorySize)
        case .v128Store64Lane: try store(Lanes.read(fp, value, as: U64x2.self)[lane], address, offset, memoryBase, memorySize)
        default:
            preconditionFailure("\(Op.vectorOperation(op.y)) does not access memory")
        }
    }
}
