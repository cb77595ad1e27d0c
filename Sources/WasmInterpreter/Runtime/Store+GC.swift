extension Store {
    /// Allocates a struct or array, collecting first when the heap has
    /// grown enough since the last collection. `fp` is the running frame:
    /// the value stack up to the end of the largest frame it may have is
    /// scanned for roots.
    func allocate(_ type: HeapObjectType, slots: [UInt64], fp: UnsafeMutablePointer<UInt64>) throws(Trap) -> UInt64 {
        guard slots.count <= GCHeap.maximumSlots else { throw Trap(.allocationTooLarge) }
        if heap.needsCollection(adding: slots.count) { collectGarbage(fp: fp) }
        return heap.allocate(type, slots: slots)
    }

    /// Frees the structs and arrays nothing reaches (`GCHeap`): roots are the
    /// value stack below `fp`'s frame end, globals, tables, element segments
    /// and exceptions of every instance of the store.
    func collectGarbage(fp: UnsafeMutablePointer<UInt64>?) {
        let execution = self.execution
        // A frame has at most 2^16 registers (`Register`).
        let end = min(execution.stackEnd, max(execution.stackTop, (fp ?? execution.stack) + Int(Register.max) + 1))
        heap.collect { visit in
            visit(UnsafeBufferPointer(start: execution.stack, count: end - execution.stack))
            for instance in instances {
                for global in instance.globals { visit(UnsafeBufferPointer(start: global.storage, count: 1)) }
                for table in instance.tables { visit(UnsafeBufferPointer(start: table.elements, count: table.count)) }
                for segment in instance.elementSegments { segment.withUnsafeBufferPointer(visit) }
            }
            for exception in exceptions { exception.payload.withUnsafeBufferPointer(visit) }
        }
    }
}
