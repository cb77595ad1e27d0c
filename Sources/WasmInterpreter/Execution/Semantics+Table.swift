import WasmDecoder

/// Table and reference instructions (spec §4.4.6), off the hot path.
enum TableOperations {
    /// A table index or size operand: the whole slot for a 64-bit table
    /// (table64), the low half for a 32-bit one.
    @inline(__always)
    static func operand(_ slot: UInt64, wide: Bool) -> UInt64 { wide ? slot : UInt64(UInt32(truncatingIfNeeded: slot)) }

    static func execute(at pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>, instance: InstanceState) throws(Trap) {
        let op = pc.pointee
        switch op.opcode {
        case .tableGet: let destination = op.r0, index = op.r1
            let table = instance.tables[Int(op.x)]
            let position = operand(fp[Int(index)], wide: table.type.limits.is64)
            guard position < UInt64(table.count) else { throw Trap(.outOfBoundsTableAccess) }
            fp[Int(destination)] = table[Int(position)]
        case .tableSet: let index = op.r0, value = op.r1
            let table = instance.tables[Int(op.x)]
            let position = operand(fp[Int(index)], wide: table.type.limits.is64)
            guard position < UInt64(table.count) else { throw Trap(.outOfBoundsTableAccess) }
            table[Int(position)] = fp[Int(value)]
        case .tableSize: let destination = op.r0, table = op.x
            fp[Int(destination)] = UInt64(instance.tables[Int(table)].count)
        case .tableGrow: let destination = op.r0, value = op.r1, delta = op.r2
            let table = instance.tables[Int(op.x)]
            let wide = table.type.limits.is64
            let old = table.grow(by: Int(clamping: operand(fp[Int(delta)], wide: wide)), value: fp[Int(value)])
            fp[Int(destination)] = old.map { UInt64($0) } ?? (wide ? UInt64.max : UInt64(UInt32.max))
        case .tableFill: let index = op.r0, value = op.r1, count = op.r2
            let table = instance.tables[Int(op.x)]
            let wide = table.type.limits.is64
            let start = operand(fp[Int(index)], wide: wide), length = operand(fp[Int(count)], wide: wide)
            guard rangeFits(start, length, within: table.count) else { throw Trap(.outOfBoundsTableAccess) }
            for position in Int(start)..<Int(start + length) { table[position] = fp[Int(value)] }
        case .tableCopy: let destinationTable = op.x, sourceTable = op.y, destination = op.r0, source = op.r1, count = op.r2
            let target = instance.tables[Int(destinationTable)]
            let origin = instance.tables[Int(sourceTable)]
            let (wideTarget, wideOrigin) = (target.type.limits.is64, origin.type.limits.is64)
            let to = operand(fp[Int(destination)], wide: wideTarget)
            let from = operand(fp[Int(source)], wide: wideOrigin)
            let length = operand(fp[Int(count)], wide: wideTarget && wideOrigin)
            guard rangeFits(to, length, within: target.count), rangeFits(from, length, within: origin.count) else {
                throw Trap(.outOfBoundsTableAccess)
            }
            let (start, end, elements) = (Int(to), Int(from), Int(length))
            // Copy in the direction that never reads an element already overwritten.
            if start <= end {
                for offset in 0..<elements { target[start + offset] = origin[end + offset] }
            } else {
                for offset in (0..<elements).reversed() { target[start + offset] = origin[end + offset] }
            }
        case .tableInit: let table = op.x, segment = op.y, destination = op.r0, source = op.r1, count = op.r2
            let target = instance.tables[Int(table)]
            let items = instance.elementSegments[Int(segment)]
            let to = operand(fp[Int(destination)], wide: target.type.limits.is64)
            let from = UInt64(UInt32(truncatingIfNeeded: fp[Int(source)]))
            let length = UInt64(UInt32(truncatingIfNeeded: fp[Int(count)]))
            guard rangeFits(from, length, within: items.count), rangeFits(to, length, within: target.count) else {
                throw Trap(.outOfBoundsTableAccess)
            }
            for offset in 0..<Int(length) { target[Int(to) + offset] = items[Int(from) + offset] }
        case .elemDrop: let segment = op.x
            instance.elementSegments[Int(segment)] = []
        case .refFunc: let destination = op.r0, function = op.x
            fp[Int(destination)] = UInt64(instance.functions[Int(function)].address) + 1
        case .refAsNonNull: let reference = op.r0
            if fp[Int(reference)] == 0 { throw Trap(.nullReference) }
        // Exceptions ride in this group, out of the loop's own cases: a case
        // of their own there slowed CoreMark by a tenth (RATIONALE.md).
        case .throw, .throwRef:
            try instance.store.execution.raise(at: pc, fp: fp, instance: instance)
        default:
            preconditionFailure("not a table operation")
        }
    }
}
