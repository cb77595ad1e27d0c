import WasmDecoder

/// Bulk memory instructions (spec §4.4.7): bounds are checked for the whole
/// range first, so a trapping instruction writes nothing.
enum Bulk {
    static func fill(_ base: UnsafeMutableRawPointer, _ size: Int, _ destination: UInt64, _ value: UInt8,
                     _ count: UInt64) throws(Trap) {
        guard rangeFits(destination, count, within: size) else { throw Trap(.outOfBoundsMemoryAccess) }
        // SAFETY: the range was checked against the memory's size above.
        (base + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
    }

    /// `memory.copy` from one memory's view into another's (the same one
    /// when both indices are equal).
    static func copy(into target: (base: UnsafeMutableRawPointer, size: Int),
                     from origin: (base: UnsafeMutableRawPointer, size: Int),
                     _ destination: UInt64, _ source: UInt64, _ count: UInt64) throws(Trap) {
        guard rangeFits(destination, count, within: target.size), rangeFits(source, count, within: origin.size) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        // SAFETY: both ranges were checked; copyMemory handles overlap like memmove.
        (target.base + Int(destination)).copyMemory(from: origin.base + Int(source), byteCount: Int(count))
    }

    static func initialize(_ instance: InstanceState, _ base: UnsafeMutableRawPointer, _ size: Int, segment: UInt32,
                           _ destination: UInt64, _ source: UInt32, _ count: UInt32) throws(Trap) {
        let data = instance.module.data[Int(segment)]
        let length = instance.droppedData[Int(segment)] ? 0 : data.range.count
        guard Int(source) + Int(count) <= length, rangeFits(destination, UInt64(count), within: size) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        guard count > 0 else { return }
        instance.module.bytes.withUnsafeBytes { bytes in
            // SAFETY: both ranges were checked above.
            (base + Int(destination)).copyMemory(from: bytes.baseAddress! + data.range.lowerBound + Int(source),
                                                 byteCount: Int(count))
        }
    }

    /// The `...Other` size and bulk memory ops (memories other than 0, or
    /// 64-bit ones), and `address64` and `tableIndex64`: everything about
    /// memory the loop keeps out of its own code. Memory indices come from
    /// the op, a 64-bit memory's marked with `Op.memory64Flag`: its
    /// addresses and sizes are whole slots, a 32-bit one's the low halves.
    @inline(never)
    static func execute(at pc: UnsafePointer<Op>, _ fp: UnsafeMutablePointer<UInt64>, _ instance: InstanceState) throws(Trap) {
        let op = pc.pointee
        func memory(_ field: UInt32) -> Unmanaged<LinearMemory> {
            instance.memoryReferences[Int(field & ~Op.memory64Flag)]
        }
        func view(_ field: UInt32) -> (base: UnsafeMutableRawPointer, size: Int) {
            memory(field)._withUnsafeGuaranteedRef { ($0.base, $0.byteCount) }
        }
        func operand(_ slot: UInt64, wide: Bool) -> UInt64 { wide ? slot : UInt64(UInt32(truncatingIfNeeded: slot)) }
        let (first, second, third) = (fp[Int(op.r0)], fp[Int(op.r1)], fp[Int(op.r2)])
        let (wideX, wideY) = (op.x & Op.memory64Flag != 0, op.y & Op.memory64Flag != 0)
        switch op.opcode {
        case .address64:
            let (sum, overflow) = fp[Int(op.r1)].addingReportingOverflow(op.wide)
            // No memory here passes 4 GiB: a larger address is out of bounds.
            if overflow || sum > UInt64(UInt32.max) { throw Trap(.outOfBoundsMemoryAccess) }
            fp[Int(op.r0)] = sum
        case .tableIndex64:
            // No table here has 2^32 elements.
            if fp[Int(op.r1)] > UInt64(UInt32.max) { throw Trap(.undefinedElement) }
            fp[Int(op.r0)] = fp[Int(op.r1)]
        case .memorySizeOther:
            fp[Int(op.r0)] = UInt64(view(op.x).size / LinearMemory.pageSize)
        case .memoryGrowOther:
            let delta = Int(clamping: operand(second, wide: wideX))
            let old = memory(op.x)._withUnsafeGuaranteedRef { $0.grow(by: delta) }
            fp[Int(op.r0)] = old.map { UInt64($0) } ?? (wideX ? UInt64.max : UInt64(UInt32.max))
        case .memoryFillOther:
            let (base, size) = view(op.x)
            try fill(base, size, operand(first, wide: wideX), UInt8(truncatingIfNeeded: second), operand(third, wide: wideX))
        case .memoryCopyOther:
            try copy(into: view(op.x), from: view(op.y), operand(first, wide: wideX), operand(second, wide: wideY),
                     operand(third, wide: wideX && wideY))
        case .memoryInitOther:
            let (base, size) = view(op.y)
            try initialize(instance, base, size, segment: op.x, operand(first, wide: wideY), i32(second), i32(third))
        default:
            preconditionFailure("not an op Bulk.execute runs")
        }
    }
}
