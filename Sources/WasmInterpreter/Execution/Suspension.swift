package import WasmDecoder

// Suspending a Wasm activation at a host call and resuming it later, on the
// same store: what the component model's blocking built-ins need to switch
// between guest threads on one interpreter stack, with no OS thread each.
// See RATIONALE.md#guest-threads-are-copied-out-of-the-value-stack.

/// A Wasm call stopped inside a host function that asked to suspend it: its
/// value-stack segment and call frames, copied out, with frame pointers kept
/// as offsets so it can resume at any height of the stack.
package final class SuspendedCall {
    struct SavedFrame {
        let pc: UnsafePointer<Op>
        let fpOffset: Int
        let instance: Unmanaged<InstanceState>  // kept alive by the store's instances
        let function: UInt32
    }

    /// The slots from the activation's first frame to the end of the host call's.
    let slots: [UInt64]
    /// The callers of the innermost function, outermost first.
    let frames: [SavedFrame]
    /// The innermost function, stopped at its host call.
    let innermost: SavedFrame
    /// Where the host function's arguments and results are, and how many slots they take.
    let calleeOffset: Int
    let calleeCount: Int
    /// Results of the activation's entry function, left at its frame's start.
    package internal(set) var resultCount = 0

    init(slots: [UInt64], frames: [SavedFrame], innermost: SavedFrame, calleeOffset: Int, calleeCount: Int) {
        self.slots = slots
        self.frames = frames
        self.innermost = innermost
        self.calleeOffset = calleeOffset
        self.calleeCount = calleeCount
    }
}

extension Execution {
    /// Copies the running activation out of the stacks, from `entryFP` and
    /// `entryDepth` up to the host call at `pc`, and unwinds it.
    func suspend(at pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>, function: UInt32, instance: InstanceState,
                 callee: FunctionEntry, calleeFP: UnsafeMutablePointer<UInt64>, entryFP: UnsafeMutablePointer<UInt64>,
                 entryDepth: Int) -> SuspendedCall {
        suspensionRequested = false
        let calleeCount = max(callee.parameterCount, callee.resultCount)
        let frameEnd = fp + instance.functions[Int(function)].frameSize
        let end = max(calleeFP + calleeCount, frameEnd)
        let slots = Array(UnsafeBufferPointer(start: entryFP, count: end - entryFP))
        var saved: [SuspendedCall.SavedFrame] = []
        saved.reserveCapacity(depth - entryDepth)
        for level in entryDepth..<depth {
            let frame = frames[level]
            saved.append(.init(pc: frame.pc, fpOffset: frame.fp - entryFP, instance: frame.instance, function: frame.function))
        }
        depth = entryDepth
        let innermost = SuspendedCall.SavedFrame(pc: pc, fpOffset: fp - entryFP, instance: Unmanaged.passUnretained(instance),
                                                 function: function)
        let call = SuspendedCall(slots: slots, frames: saved, innermost: innermost, calleeOffset: calleeFP - entryFP,
                                 calleeCount: calleeCount)
        instance.store.rootSuspended(call)
        return call
    }

    /// Puts `call` back on top of the stacks, lets `hostResults` write the
    /// suspended host function's results, and runs on. Returns the call
    /// suspended again, or nil with the entry function's results in `results`.
    func resume(_ store: Store, _ call: SuspendedCall, results: UnsafeMutableBufferPointer<UInt64>,
                hostResults: (UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void) throws(Trap) -> SuspendedCall? {
        let base = stackTop
        guard base + call.slots.count <= stackEnd, depth + call.frames.count < maximumDepth else {
            throw Trap(.callStackExhausted)
        }
        call.slots.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: $0.count) }
        let saved = stackTop
        stackTop = base + call.slots.count
        defer { stackTop = saved }
        if depth == 0, let initialFuel { fuel = initialFuel }
        let (wasSuspendable, wasRequested) = (isSuspendable, suspensionRequested)
        suspensionRequested = false
        defer { (isSuspendable, suspensionRequested) = (wasSuspendable, wasRequested) }
        // The host function finishes first: it may call Wasm (a realloc), above the segment.
        isSuspendable = false
        try hostResults(UnsafeMutableBufferPointer(start: base + call.calleeOffset, count: call.calleeCount))
        let entryDepth = depth
        for frame in call.frames {
            frames[depth] = CallFrame(pc: frame.pc, fp: base + frame.fpOffset, instance: frame.instance, function: frame.function)
            depth += 1
        }
        isSuspendable = true
        let innermost = call.innermost
        if let again = try run(store: store, instance: innermost.instance.takeUnretainedValue(), pc: innermost.pc + 1,
                               function: innermost.function, fp: base + innermost.fpOffset, entryFP: base,
                               entryDepth: entryDepth) {
            again.resultCount = call.resultCount
            return again
        }
        if call.resultCount > 0 { results.baseAddress!.update(from: base, count: call.resultCount) }
        return nil
    }
}

extension Store {
    /// Calls the function at `address` like `invoke`, but lets a host function
    /// it reaches suspend it (`requestSuspension`): it then comes back as the
    /// suspended call, for `resume`. `slots` as for `invoke`.
    package func start(address: Int, slots: UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> SuspendedCall? {
        guard address >= 0, address < functionCount else { throw Trap(.host("no function at address \(address)")) }
        let type = function(at: address).type
        let (parameterSlots, resultSlots) = (Slot.count(of: type.parameters), Slot.count(of: type.results))
        guard slots.count >= max(parameterSlots, resultSlots) else {
            throw Trap(.host("\(slots.count) slots for a function of type \(type)"))
        }
        return try execution.invoke(self, address: address, slots: slots, argumentCount: parameterSlots,
                                    suspendable: true)
    }

    /// Resumes a suspended call: `hostResults` first writes the results of the
    /// host function it stopped in (into the slots it gets), then Wasm runs on
    /// until it returns, with its results in `results`, or suspends again.
    package func resume(_ call: SuspendedCall, results: UnsafeMutableBufferPointer<UInt64>,
                        hostResults: (UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void) throws(Trap) -> SuspendedCall? {
        guard results.count >= call.resultCount else { throw Trap(.host("\(results.count) slots for \(call.resultCount) results")) }
        return try execution.resume(self, call, results: results, hostResults: hostResults)
    }

    /// Whether the host function running now may suspend its caller: it was
    /// called from Wasm that `start` or `resume` runs, with no `invoke` between.
    package var canSuspend: Bool { execution.isSuspendable }

    /// Asks that the Wasm code calling the running host function be suspended
    /// once the host function returns (its results are then written on
    /// `resume`). Only when `canSuspend`.
    package func requestSuspension() {
        precondition(execution.isSuspendable, "suspension requested where Wasm cannot be suspended")
        execution.suspensionRequested = true
    }
}

extension Store {
    /// The store address of the function `table` holds at `index`, checked
    /// as `call_indirect` checks its callee against `type`: what
    /// `thread.new-indirect` starts a thread with.
    package func function(in table: Table, at index: UInt32, type: FunctionType) throws(Trap) -> Int {
        guard Int(index) < table.count else { throw Trap(.undefinedElement) }
        let reference = table[Int(index)]
        guard reference != 0 else { throw Trap(.uninitializedElement) }
        let entry = entries[Int(reference - 1)]
        guard entry.typeID == engine.typeID(of: type) else { throw Trap(.indirectCallTypeMismatch) }
        return entry.address
    }
}
