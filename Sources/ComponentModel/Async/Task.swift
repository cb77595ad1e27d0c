import WasmInterpreter

/// What the caller side of a call hands the callee (CanonicalABI.md,
/// `OnStart` / `OnResolve`): the callee asks for the arguments when it
/// starts, and gives the result when it returns (nil for a function without
/// one; cancellation, CanonicalABI.md's `None`, comes through `onCancelled`).
struct CallerSide {
    let onStart: () throws(Trap) -> [ComponentValue]
    let onResolve: (ComponentValue?) throws(Trap) -> Void
    /// The callee gave up after the caller asked it to (`task.cancel`, or
    /// cancelled while waiting to start); CanonicalABI.md's `on_resolve(None)`.
    var onCancelled: () throws(Trap) -> Void = {}
}

/// One call into a lifted function, as the async ABI tracks it
/// (CanonicalABI.md, `Task`). Synchronous calls of instances that use async
/// built-ins get one too, so that the built-ins find their context slots.
final class Task {
    enum State {
        case initial, started, pendingCancel, cancelDelivered, resolved
    }

    unowned let instance: ComponentInstanceState
    let type: ComponentFunctionType
    let options: RuntimeOptions
    let caller: CallerSide?
    var state = State.initial
    /// Its threads still alive; the last to exit must find the task resolved.
    var liveThreads = 0
    /// Borrows lowered into the callee; all must be dropped before it returns.
    let scope = CallScope()
    /// For a task of an async type: the lifted function and its core function's store address.
    var function: RuntimeFunction?
    var core = 0

    init(instance: ComponentInstanceState, type: ComponentFunctionType, options: RuntimeOptions, caller: CallerSide?) {
        self.instance = instance
        self.type = type
        self.options = options
        self.caller = caller
    }

    /// Lifted with the `async` option: results leave through `task.return`.
    var isAsyncLift: Bool { options.isAsync }

    /// A callback lift runs one callback at a time per instance, as does a
    /// synchronous lift of an async type (CanonicalABI.md, `needs_exclusive`).
    var needsExclusive: Bool { type.isAsync && (!options.isAsync || options.callback != nil) }

    /// A task of a synchronous function type may not block before it
    /// returns. Like the reference engine, we trap at any built-in that
    /// could block, whether or not it would (the reference tests ask this
    /// of every such built-in, a bogus handle included).
    func checkMayBlock() throws(Trap) {
        guard type.isAsync else { throw CanonicalTrap.trap("cannot block a synchronous task before returning") }
    }

    /// `Task.return_`: the result goes to the caller, once, with no borrow left.
    func returnResult(_ result: ComponentValue?) throws(Trap) {
        guard state != .resolved else { throw CanonicalTrap.trap("`task.return` called more than once") }
        guard scope.borrowCount == 0 else { throw CanonicalTrap.borrowsRemain }
        state = .resolved
        try caller?.onResolve(result)
    }

    /// `Task.cancel` (the `task.cancel` built-in): only once cancellation was
    /// delivered, and with no borrow left.
    func cancel() throws(Trap) {
        guard state == .cancelDelivered else { throw CanonicalTrap.trap("`task.cancel` called without a cancellation delivered") }
        guard scope.borrowCount == 0 else { throw CanonicalTrap.borrowsRemain }
        state = .resolved
        try caller?.onCancelled()
    }

    /// At a cancellable point (`deliver_pending_cancel`): whether a cancellation
    /// that could not be delivered before is delivered now.
    func deliverPendingCancel(cancellable: Bool) -> Bool {
        guard cancellable, state == .pendingCancel else { return false }
        state = .cancelDelivered
        return true
    }

    /// Whether it may start now: no backpressure, and no other task holding
    /// the instance when it needs it alone.
    var mayEnter: Bool {
        guard type.isAsync else { return true }
        return instance.backpressure == 0 && !(needsExclusive && instance.exclusiveTask != nil)
    }
}

/// An instance's live threads (CanonicalABI.md, `inst.threads`): index 0
/// is never used, freed indices are reused last-freed first.
struct ThreadTable {
    private var threads: [GuestThread?] = [nil]
    private var free: [UInt32] = []

    mutating func add(_ thread: GuestThread) -> UInt32 {
        if let index = free.popLast() {
            threads[Int(index)] = thread
            return index
        }
        threads.append(thread)
        return UInt32(threads.count - 1)
    }

    mutating func remove(_ index: UInt32) {
        threads[Int(index)] = nil
        free.append(index)
    }

    /// The live threads, by index.
    var live: [GuestThread] { threads.compactMap { $0 } }

    func get(_ index: UInt32) throws(Trap) -> GuestThread {
        guard Int(index) < threads.count, let thread = threads[Int(index)] else {
            throw CanonicalTrap.trap("thread index \(index) is not a live thread of this instance")
        }
        return thread
    }
}

extension Task {
    /// Adds a thread of this task to its instance's table (`register_thread`).
    func register(_ thread: GuestThread) {
        thread.index = instance.threads.add(thread)
        liveThreads += 1
    }

    /// A thread of this task exits (`unregister_thread`): the last one traps
    /// unless the task returned its result.
    func unregister(_ thread: GuestThread) throws(Trap) {
        instance.threads.remove(thread.index)
        liveThreads -= 1
        guard liveThreads > 0 || state == .resolved else {
            instance.isPoisoned = true
            throw CanonicalTrap.trap(isAsyncLift ? "async-lifted export failed to produce a result"
                                                 : "the task's last thread exited before it returned a result")
        }
    }
}
