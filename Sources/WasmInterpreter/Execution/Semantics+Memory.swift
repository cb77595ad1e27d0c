import WasmDecoder

/// Bulk memory instructions (spec §4.4.7): bounds are checked for the whole
/// range first, so a trapping instruction writes nothing.
enum Bulk {
    static func fill(_ base: UnsafeMutableRawPointer, _ size: Int, _ destination: UInt32, _ value: UInt8,
                     _ count: UInt32) throws(Trap) {
        guard Int(destination) + Int(count) <= size else { throw Trap(.outOfBoundsMemoryAccess) }
        // SAFETY: the range was checked against the memory's size above.
        (base + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
    }

    /// `memory.copy` from one memory's view into another's (the same one
    /// when both indices are equal).
    static func copy(into target: (base: UnsafeMutableRawPointer, size: Int),
                     from origin: (base: UnsafeMutableRawPointer, size: Int),
                     _ destination: UInt32, _ source: UInt32, _ count: UInt32) throws(Trap) {
        guard Int(destination) + Int(count) <= target.size, Int(source) + Int(count) <= origin.size else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        // SAFETY: both ranges were checked; copyMemory handles overlap like memmove.
        (target.base + Int(destination)).copyMemory(from: origin.base + Int(source), byteCount: Int(count))
    }

    static func initialize(_ instance: InstanceState, _ base: UnsafeMutableRawPointer, _ size: Int, segment: UInt32,
                           _ destination: UInt32, _ source: UInt32, _ count: UInt32) throws(Trap) {
        let data = instance.module.data[Int(segment)]
        let length = instance.droppedData[Int(segment)] ? 0 : data.range.count
        guard Int(source) + Int(count) <= length, Int(destination) + Int(count) <= size else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        guard count > 0 else { return }
        instance.module.bytes.withUnsafeBytes { bytes in
            // SAFETY: both ranges were checked above.
            (base + Int(destination)).copyMemory(from: bytes.baseAddress! + data.range.lowerBound + Int(source),
                                                 byteCount: Int(count))
        }
    }

    /// `memory.size`, `memory.grow` and the bulk memory ops on memories
    /// other than 0 (whose ops the loop runs on its cached view), with the
    /// memory indices in the op (`Opcode.memorySize` ...).
    @inline(never)
    static func execute(_ op: Op, _ fp: UnsafeMutablePointer<UInt64>, _ instance: InstanceState) throws(Trap) {
        func view(_ index: UInt32) -> (base: UnsafeMutableRawPointer, size: Int) {
            instance.memoryReferences[Int(index)]._withUnsafeGuaranteedRef { ($0.base, $0.byteCount) }
        }
        let (first, second, third) = (fp[Int(op.r0)], fp[Int(op.r1)], fp[Int(op.r2)])
        switch op.opcode {
        case .memorySize:
            fp[Int(op.r0)] = UInt64(view(op.x).size / LinearMemory.pageSize)
        case .memoryGrow:
            let old = instance.memoryReferences[Int(op.x)]._withUnsafeGuaranteedRef { $0.grow(by: Int(i32(second))) }
            fp[Int(op.r0)] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
        case .memoryFill:
            let (base, size) = view(op.x)
            try fill(base, size, i32(first), UInt8(truncatingIfNeeded: second), i32(third))
        case .memoryCopy:
            try copy(into: view(op.x), from: view(op.y), i32(first), i32(second), i32(third))
        case .memoryInit:
            let (base, size) = view(op.y)
            try initialize(instance, base, size, segment: op.x, i32(first), i32(second), i32(third))
        default:
            preconditionFailure("not a memory size or bulk memory op")
        }
    }
}
