import WasmDecoder

/// A caller's state, saved while its callee runs.
struct CallFrame {
    var pc: UnsafePointer<Op>
    var fp: UnsafeMutablePointer<UInt64>
    var instance: Unmanaged<InstanceState>
    var function: UInt32
}

/// The value stack and call-frame stack of one store, allocated once and
/// reused by every call into the store. Wasm-to-Wasm calls never recurse on
/// the native stack, so deep guest recursion cannot crash the host: it ends
/// in the `call stack exhausted` trap when either stack is full.
final class Execution: @unchecked Sendable {  // one store at a time; pooled between stores
    /// SAFETY: `valueStackSlots` slots, freed in `deinit`.
    let stack: UnsafeMutablePointer<UInt64>
    let stackEnd: UnsafeMutablePointer<UInt64>
    /// First slot not used by a running invocation (host functions may re-enter).
    /// The counters below are touched on every call: `@exclusivity(unchecked)`
    /// spares each access a runtime exclusivity check (they are plain values
    /// of one thread's execution, never passed `inout`); the checks took 7%
    /// of a Python request (RATIONALE.md).
    @exclusivity(unchecked) var stackTop: UnsafeMutablePointer<UInt64>
    /// SAFETY: `maximumDepth` frames, freed in `deinit`.
    let frames: UnsafeMutablePointer<CallFrame>
    let maximumDepth: Int
    @exclusivity(unchecked) var depth = 0
    let initialFuel: Int64?
    @exclusivity(unchecked) var fuel: Int64 = 0
    /// Whether the innermost running activation may be suspended, and
    /// whether the host function it calls asked for that (`Suspension.swift`).
    @exclusivity(unchecked) var isSuspendable = false
    @exclusivity(unchecked) var suspensionRequested = false
    /// Where the exception being unwound was raised: a `throw` op, or the
    /// call op of a host function that let one through. The loop's catch
    /// reads it instead of its own `pc` and `fp`, which it would otherwise
    /// have to keep in memory at every op that can trap (RATIONALE.md,
    /// "Exceptions land on pads, found by a table").
    @exclusivity(unchecked) var exceptionSite: (pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>)?

    init(configuration: EngineConfiguration) {
        let slots = max(configuration.valueStackSlots, 1024)
        stack = .allocate(capacity: slots)
        stackEnd = stack + slots
        stackTop = stack
        maximumDepth = max(configuration.maximumCallDepth, 1)
        frames = .allocate(capacity: maximumDepth)
        initialFuel = configuration.fuel
    }

    /// Forgets the last store's calls so another store can use these stacks.
    func reset() {
        stackTop = stack
        depth = 0
        fuel = 0
        isSuspendable = false
        suspensionRequested = false
        exceptionSite = nil
    }

    deinit {
        stack.deallocate()
        frames.deallocate()
    }

    /// Calls the function at `address`: the first `argumentCount` of `slots`
    /// are its arguments, its results are written back from slot 0. Only a
    /// `suspendable` call may come back unfinished, as the suspended call.
    @discardableResult
    func invoke(_ store: Store, address: Int, slots: UnsafeMutableBufferPointer<UInt64>,
                argumentCount: Int, suspendable: Bool = false) throws(Trap) -> SuspendedCall? {
        let function = store.function(at: address)
        let base = stackTop
        let arguments = UnsafeBufferPointer(rebasing: slots[..<argumentCount])
        if depth == 0, let initialFuel { fuel = initialFuel }
        // A host function that asked to suspend its caller may still call Wasm before it returns.
        let (wasSuspendable, wasRequested) = (isSuspendable, suspensionRequested)
        suspensionRequested = false
        defer { (isSuspendable, suspensionRequested) = (wasSuspendable, wasRequested) }
        switch function {
        case .host(let host):
            let resultSlots = Slot.count(of: host.type.results)
            let count = max(argumentCount, resultSlots)
            guard base + count <= stackEnd else { throw Trap(.callStackExhausted) }
            if argumentCount > 0 { base.update(from: arguments.baseAddress!, count: argumentCount) }
            let saved = stackTop
            stackTop = base + count
            defer { stackTop = saved }
            isSuspendable = false  // no Wasm frame to save
            try host.body(Caller(store: store, instance: nil), UnsafeMutableBufferPointer(start: base, count: count))
            if resultSlots > 0 { slots.baseAddress!.update(from: base, count: resultSlots) }
        case .wasm(let owner, let index):
            let instance = owner.takeUnretainedValue()
            let entry = instance.functions[index]
            guard base + max(entry.frameSize, argumentCount) <= stackEnd else { throw Trap(.callStackExhausted) }
            if argumentCount > 0 { base.update(from: arguments.baseAddress!, count: argumentCount) }
            (base + entry.parameterCount).update(repeating: 0, count: entry.localCount - entry.parameterCount)
            let saved = stackTop
            stackTop = base + entry.frameSize
            defer { stackTop = saved }
            isSuspendable = suspendable
            if let suspended = try run(store: store, instance: instance, pc: entry.code!, function: entry.index, fp: base,
                                       entryFP: base, entryDepth: depth) {
                suspended.resultCount = entry.resultCount
                return suspended
            }
            if entry.resultCount > 0 { slots.baseAddress!.update(from: base, count: entry.resultCount) }
        }
        return nil
    }

    /// The Wasm call stack, innermost first, for a trap in `function` of `instance`.
    func backtrace(from entryDepth: Int, current function: UInt32, in instance: InstanceState) -> [BacktraceFrame] {
        var result = [BacktraceFrame(functionIndex: function, functionName: instance.functionName(function))]
        var level = depth
        while level > entryDepth {
            level -= 1
            let frame = frames[level]
            let owner = frame.instance.takeUnretainedValue()
            result.append(BacktraceFrame(functionIndex: frame.function, functionName: owner.functionName(frame.function)))
        }
        return result
    }
}
