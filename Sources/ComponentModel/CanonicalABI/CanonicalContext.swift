import WasmInterpreter

/// The `canon` options of one lift or lower, resolved to the instance's
/// memory and functions.
struct RuntimeOptions {
    var encoding: StringEncoding = .utf8
    var memory: LinearMemory?
    /// Store addresses of the core functions.
    var realloc: Int?
    var postReturn: Int?
}

/// One side of a call as the canonical ABI sees it (CanonicalABI.md,
/// `LiftLowerContext`): the component instance whose memory and handles
/// values are read from or written to.
struct CanonicalContext {
    unowned let instance: ComponentInstanceState
    let options: RuntimeOptions
    /// The call borrows lowered into this side belong to (nil on the side
    /// that lifts arguments out of a caller).
    let scope: CallScope?
    /// Own handles of this side lent to the callee as borrows, released when
    /// the call ends.
    var lenders: [UInt32] = []
    /// What lifting on this side may still build (one lift per context).
    var budget = HostValueBudget()

    init(instance: ComponentInstanceState, options: RuntimeOptions, scope: CallScope?) {
        self.instance = instance
        self.options = options
        self.scope = scope
    }

    var store: Store { instance.store }

    func memory() throws(Trap) -> LinearMemory {
        guard let memory = options.memory else { throw CanonicalTrap.noMemory }
        return memory
    }

    /// Checks that `count` bytes at `address` (64-bit arithmetic, never
    /// wrapping) lie inside memory; returns the address as Int.
    func checkRange(_ address: UInt64, _ count: UInt64, _ what: String) throws(Trap) -> Int {
        let memory = try memory()
        let (end, overflow) = address.addingReportingOverflow(count)
        guard !overflow, end <= UInt64(memory.byteCount) else { throw CanonicalTrap.outOfBounds(what) }
        return Int(address)
    }

    /// `realloc(0, 0, alignment, size)` in this side's instance.
    func allocate(alignment: Int, size: Int) throws(Trap) -> Int {
        guard let realloc = options.realloc else { throw CanonicalTrap.noRealloc }
        var slots: [UInt64] = [0, 0, UInt64(alignment), UInt64(size)]
        try instance.callOut { () throws(Trap) in
            try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                try store.invoke(address: realloc, slots: buffer)
            }
        }
        let pointer = UInt64(UInt32(truncatingIfNeeded: slots[0]))
        guard pointer % UInt64(alignment) == 0 else { throw CanonicalTrap.reallocMisaligned }
        _ = try checkRange(pointer, UInt64(size), "realloc result") 
        return Int(pointer)
    }

    // MARK: Handles

    mutating func liftOwn(_ index: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        let expected = instance.runtime(type)
        let entry = try instance.handles.get(index)
        guard entry.resource === expected else { throw CanonicalTrap.wrongResource(index) }
        guard entry.lendCount == 0 else { throw CanonicalTrap.lent(index) }
        guard entry.isOwn else { throw CanonicalTrap.notOwn(index) }
        _ = try instance.handles.remove(index)
        return entry.rep
    }

    mutating func liftBorrow(_ index: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        let expected = instance.runtime(type)
        let entry = try instance.handles.get(index)
        guard entry.resource === expected else { throw CanonicalTrap.wrongResource(index) }
        if entry.isOwn {
            instance.handles.update(index) { $0.lendCount += 1 }
            lenders.append(index)
        }
        return entry.rep
    }

    func lowerOwn(_ rep: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        try instance.handles.add(.init(resource: instance.runtime(type), rep: rep, isOwn: true, scope: nil))
    }

    func lowerBorrow(_ rep: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        let resource = instance.runtime(type)
        if instance.implements(resource) { return rep }
        let scope = self.scope ?? CallScope()
        scope.borrowCount += 1
        return try instance.handles.add(.init(resource: resource, rep: rep, isOwn: false, scope: scope))
    }

    /// Ends the loans of this side's own handles made for the call.
    mutating func releaseLenders() {
        for index in lenders { instance.handles.update(index) { $0.lendCount -= 1 } }
        lenders.removeAll()
    }
}
