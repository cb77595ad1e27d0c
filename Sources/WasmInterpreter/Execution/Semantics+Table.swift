/// Table and reference instructions (spec §4.4.6), off the hot path.
enum TableOperations {
    static func execute(_ op: Op, fp: UnsafeMutablePointer<UInt64>, instance: InstanceState) throws(Trap) {
        switch op.opcode {
        case .tableGet: let destination = op.r0, index = op.r1
            let table = instance.tables[Int(op.x)]
            let position = Int(UInt32(truncatingIfNeeded: fp[Int(index)]))
            guard position < table.count else { throw Trap(.outOfBoundsTableAccess) }
            fp[Int(destination)] = table[position]
        case .tableSet: let index = op.r0, value = op.r1
            let table = instance.tables[Int(op.x)]
            let position = Int(UInt32(truncatingIfNeeded: fp[Int(index)]))
            guard position < table.count else { throw Trap(.outOfBoundsTableAccess) }
            table[position] = fp[Int(value)]
        case .tableSize: let destination = op.r0, table = op.x
            fp[Int(destination)] = UInt64(instance.tables[Int(table)].count)
        case .tableGrow: let destination = op.r0, value = op.r1, delta = op.r2, table = op.x
            let old = instance.tables[Int(table)].grow(by: Int(UInt32(truncatingIfNeeded: fp[Int(delta)])),
                                                       value: fp[Int(value)])
            fp[Int(destination)] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
        case .tableFill: let index = op.r0, value = op.r1, count = op.r2
            let table = instance.tables[Int(op.x)]
            let start = Int(UInt32(truncatingIfNeeded: fp[Int(index)]))
            let length = Int(UInt32(truncatingIfNeeded: fp[Int(count)]))
            guard start + length <= table.count else { throw Trap(.outOfBoundsTableAccess) }
            for position in start..<start + length { table[position] = fp[Int(value)] }
        case .tableCopy: let destinationTable = op.x, sourceTable = op.y, destination = op.r0, source = op.r1, count = op.r2
            let target = instance.tables[Int(destinationTable)]
            let origin = instance.tables[Int(sourceTable)]
            let to = Int(UInt32(truncatingIfNeeded: fp[Int(destination)]))
            let from = Int(UInt32(truncatingIfNeeded: fp[Int(source)]))
            let length = Int(UInt32(truncatingIfNeeded: fp[Int(count)]))
            guard to + length <= target.count, from + length <= origin.count else {
                throw Trap(.outOfBoundsTableAccess)
            }
            // Copy in the direction that never reads an element already overwritten.
            if to <= from {
                for offset in 0..<length { target[to + offset] = origin[from + offset] }
            } else {
                for offset in (0..<length).reversed() { target[to + offset] = origin[from + offset] }
            }
        case .tableInit: let table = op.x, segment = op.y, destination = op.r0, source = op.r1, count = op.r2
            let target = instance.tables[Int(table)]
            let items = instance.elementSegments[Int(segment)]
            let to = Int(UInt32(truncatingIfNeeded: fp[Int(destination)]))
            let from = Int(UInt32(truncatingIfNeeded: fp[Int(source)]))
            let length = Int(UInt32(truncatingIfNeeded: fp[Int(count)]))
            guard from + length <= items.count, to + length <= target.count else {
                throw Trap(.outOfBoundsTableAccess)
            }
            for offset in 0..<length { target[to + offset] = items[from + offset] }
        case .elemDrop: let segment = op.x
            instance.elementSegments[Int(segment)] = []
        case .refFunc: let destination = op.r0, function = op.x
            fp[Int(destination)] = UInt64(instance.functions[Int(function)].address) + 1
        default:
            preconditionFailure("not a table operation")
        }
    }
}
