import WasmInterpreter

/// The `canon` options of one lift or lower, resolved to the instance's
/// memory and functions.
struct RuntimeOptions {
    var encoding: StringEncoding = .utf8
    var memory: LinearMemory?
    /// Store addresses of the core functions.
    var realloc: Int?
    var postReturn: Int?
    /// `async` (🔀), and the store address of `callback`.
    var isAsync = false
    var callback: Int?
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
        let entry = try instance.handles.resource(index)
        guard entry.resource === expected else { throw CanonicalTrap.wrongResource(index) }
        guard entry.lendCount == 0 else { throw CanonicalTrap.lent(index) }
        guard entry.isOwn else { throw CanonicalTrap.notOwn(index) }
        _ = try instance.handles.remove(index)
        return entry.rep
    }

    mutating func liftBorrow(_ index: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        let expected = instance.runtime(type)
        let entry = try instance.handles.resource(index)
        guard entry.resource === expected else { throw CanonicalTrap.wrongResource(index) }
        if entry.isOwn {
            instance.handles.updateResource(index) { $0.lendCount += 1 }
            lenders.append(index)
        }
        return entry.rep
    }

    func lowerOwn(_ rep: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        try instance.handles.add(HandleTable.ResourceHandle(resource: instance.runtime(type), rep: rep, isOwn: true, scope: nil))
    }

    func lowerBorrow(_ rep: UInt32, _ type: ResourceType) throws(Trap) -> UInt32 {
        let resource = instance.runtime(type)
        if instance.implements(resource) { return rep }
        let scope = self.scope ?? CallScope()
        scope.borrowCount += 1
        return try instance.handles.add(HandleTable.ResourceHandle(resource: resource, rep: rep, isOwn: false, scope: scope))
    }

    // MARK: Streams, futures and error contexts

    /// `lift_stream` / `lift_future`: the readable end leaves this instance,
    /// and only an idle end outside any waitable set may.
    func liftAsyncValue(_ index: UInt32, _ kind: AsyncValueKind, _ element: ComponentValueType?) throws(Trap) -> UInt32 {
        let noun = kind == .stream ? "stream" : "future"
        guard case .waitable(let waitable) = try instance.handles.get(index), let end = waitable as? CopyEnd,
              end.isReadable, end.kind == kind else {
            throw CanonicalTrap.wrongKind(index, "the readable end of a \(noun)")
        }
        guard end.shared.elementType == element.map(instance.runtime) else {
            throw CanonicalTrap.trap("\(noun) handle index \(index) has the wrong element type")
        }
        switch end.state {
        case .idle: break
        case .done where kind == .stream: throw CanonicalTrap.trap("cannot lift stream after being notified that the writable end dropped")
        case .done: throw CanonicalTrap.trap("cannot lift future after previous read succeeded")
        case .copying, .cancellingCopy: throw CanonicalTrap.trap("cannot remove busy \(noun)")
        }
        guard !end.isInWaitableSet else { throw CanonicalTrap.trap("cannot lift \(noun) while it's in a waitable set") }
        _ = try instance.handles.remove(index)
        let state = AsyncStoreState.of(store)
        switch end.shared {
        case .stream(let stream): return state.send(.stream(stream))
        case .future(let future): return state.send(.future(future))
        }
    }

    /// `lower_stream` / `lower_future`: a new readable end in this instance.
    func lowerAsyncValue(_ key: UInt32, _ kind: AsyncValueKind, _ element: ComponentValueType?) throws(Trap) -> UInt32 {
        let shared: SharedAsyncValue
        switch (AsyncStoreState.of(store).receive(key), kind) {
        case (.stream(let stream)?, .stream): shared = .stream(stream)
        case (.future(let future)?, .future): shared = .future(future)
        default: throw CanonicalTrap.trap("no \(kind == .stream ? "stream" : "future") in flight under key \(key)")
        }
        guard shared.elementType == element.map(instance.runtime) else {
            throw CanonicalTrap.trap("a \(kind == .stream ? "stream" : "future") of another element type cannot be lowered here")
        }
        return try instance.handles.add(.waitable(CopyEnd(shared, isReadable: true)))
    }

    /// An error context is shared, not moved: lifting keeps the handle.
    func liftErrorContext(_ index: UInt32) throws(Trap) -> UInt32 {
        guard case .errorContext(let context) = try instance.handles.get(index) else {
            throw CanonicalTrap.wrongKind(index, "an error context")
        }
        return AsyncStoreState.of(store).send(.errorContext(context))
    }

    func lowerErrorContext(_ key: UInt32) throws(Trap) -> UInt32 {
        guard let context = AsyncStoreState.of(store).errorContext(key) else {
            throw CanonicalTrap.trap("no error context in flight under key \(key)")
        }
        return try instance.handles.add(.errorContext(context))
    }

    /// Ends the loans of this side's own handles made for the call.
    mutating func releaseLenders() {
        for index in lenders { instance.handles.updateResource(index) { $0.lendCount -= 1 } }
        lenders.removeAll()
    }
}
