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

    /// Makes a suspended activation's registers, which left the value stack,
    /// roots while it lives. Without objects in the heap nothing in them
    /// needs keeping; the list is pruned of dead calls as it doubles.
    func rootSuspended(_ call: SuspendedCall) {
        guard heap.liveCount > 0 else { return }
        suspendedCalls.append(WeakSuspendedCall(call: call))
        if suspendedCalls.count > suspendedPruneMark {
            suspendedCalls.removeAll { $0.call == nil }
            suspendedPruneMark = max(64, suspendedCalls.count * 2)
        }
    }

    /// `values`, whose structs and arrays now stay alive as long as the
    /// store: they are going to the host, which the collector cannot see into.
    func pinned(_ values: [Value]) -> [Value] {
        for value in values {
            switch value {
            case .anyref(let reference?): heap.pin(reference.bits)
            case .externref(let host?): heap.pin(host &+ 1)  // an object `extern.convert_any` made external
            default: break
            }
        }
        return values
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
            suspendedCalls.removeAll { $0.call == nil }
            for case let call? in suspendedCalls.map(\.call) { call.slots.withUnsafeBufferPointer(visit) }
        }
    }
}

/// A suspended activation the collector must scan while someone holds it.
struct WeakSuspendedCall {
    weak var call: SuspendedCall?
}
