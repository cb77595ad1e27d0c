import WasmInterpreter

/// A thread of core code running for a task (CanonicalABI.md, `Thread`):
/// a task's implicit thread, or one `thread.new-indirect` made. When a
/// built-in blocks it, its core activation is suspended and copied out of
/// the interpreter's stacks (`SuspendedCall`), and what the Swift side still
/// has to do is kept here as closures: the built-in's results when the
/// thread resumes, then the task's glue when the core function returns. So
/// no Swift frame waits across a block, and the caller whose progress the
/// thread waits for can run below it.
final class GuestThread {
    let task: Task
    /// Its index in the instance's thread table, while it lives.
    var index: UInt32 = 0
    /// `context.get` / `context.set` storage.
    var contextSlots: (UInt32, UInt32) = (0, 0)
    /// What it waits for while parked; nil while running or suspended.
    var waiting: WaitCondition?
    /// Whether it stopped where a cancellation of its task may resume it.
    var cancellable = false
    /// Set when it resumes because its task was cancelled.
    private var resumedByCancellation = false
    /// An explicit thread not started yet: its function's store address and argument.
    private var pendingStart: (address: Int, argument: UInt64)?
    /// Its core activation, stopped in a built-in.
    private var suspended: SuspendedCall?
    /// Writes the stopping built-in's results when the thread resumes.
    private var finishBuiltin: Finish?
    /// Writes a built-in's results into its slots; told whether the thread
    /// resumed because its task was cancelled (only cancellable waits are).
    typealias Finish = (UnsafeMutableBufferPointer<UInt64>, _ cancelled: Bool) throws(Trap) -> Void
    /// The task's glue for the core function's results. It holds the thread
    /// unowned: a thread left suspended when its store goes must not keep
    /// itself alive through its own closure.
    private var onCoreReturn: (([UInt64]) throws(Trap) -> Void)?
    /// A thread the built-in that stopped this one hands control to.
    private var switchTarget: GuestThread?

    /// What a parked thread waits for before the scheduler resumes it.
    enum WaitCondition {
        /// To enter its instance (backpressure, or another task holding it).
        case entering
        /// A callback task that returned YIELD.
        case yielding
        /// A callback task that returned WAIT on this set.
        case waitableSet(WaitableSet)
        /// Core code stopped in a blocking built-in, until this holds.
        case builtin(() -> Bool)
    }

    init(task: Task) {
        self.task = task
    }

    /// A new explicit thread that will call `address` with `argument` once resumed.
    init(task: Task, startingAt address: Int, argument: UInt64) {
        self.task = task
        pendingStart = (address, argument)
    }

    var store: Store { task.instance.store }

    /// Suspended (CanonicalABI.md, `Thread.suspended`): stopped with nothing to
    /// wait for, so only another thread's `thread.*` built-in resumes it.
    var isSuspended: Bool { waiting == nil && (suspended != nil || pendingStart != nil) }

    /// Runs the core function at `address` on `slots` (arguments, room for
    /// results) as this thread, entering the instance from `caller`. `then`
    /// gets the results when the function returns: now, or after the thread
    /// blocked and the scheduler resumed it.
    func runCore(_ address: Int, _ slots: [UInt64], from caller: ComponentInstanceState?,
                 then: @escaping ([UInt64]) throws(Trap) -> Void) throws(Trap) {
        try Self.runSwitches(from: try runCoreOnce(address, slots, from: caller, then: then), in: task.instance)
    }

    /// Resumes the thread where it stopped (or starts it), entering from `caller`.
    func resume(from caller: ComponentInstanceState?) throws(Trap) {
        try Self.runSwitches(from: try continueOnce(from: caller), in: task.instance)
    }

    /// A thread that stops may hand control to another of its instance, which
    /// may hand it on: a loop rather than recursion (CanonicalABI.md,
    /// `Thread.resume`), so ping-pong switching cannot exhaust the native stack.
    private static func runSwitches(from first: GuestThread?, in instance: ComponentInstanceState) throws(Trap) {
        var next = first
        while let thread = next { next = try thread.continueOnce(from: instance) }
    }

    private func runCoreOnce(_ address: Int, _ slots: [UInt64], from caller: ComponentInstanceState?,
                             then: @escaping ([UInt64]) throws(Trap) -> Void) throws(Trap) -> GuestThread? {
        var slots = slots
        let store = self.store
        let suspended = try task.instance.enter(from: caller) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) in
                try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in try store.start(address: address, slots: buffer) }
            }
        }
        return try afterRun(suspended, slots, then: then)
    }

    /// Goes on from where the thread stopped; returns the thread it switched to, if any.
    private func continueOnce(from caller: ComponentInstanceState?) throws(Trap) -> GuestThread? {
        waiting = nil
        cancellable = false
        if let (address, argument) = pendingStart {
            pendingStart = nil
            return try runCoreOnce(address, [argument], from: caller) { [unowned self] (_) throws(Trap) in try task.unregister(self) }
        }
        guard let call = suspended, let finish = finishBuiltin, let then = onCoreReturn else {
            preconditionFailure("a thread resumed in a built-in was suspended in one")
        }
        suspended = nil
        finishBuiltin = nil
        onCoreReturn = nil
        let cancelled = resumedByCancellation
        resumedByCancellation = false
        var results = [UInt64](repeating: 0, count: max(call.resultCount, 1))
        let store = self.store
        let again = try task.instance.enter(from: caller) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) in
                try results.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    try store.resume(call, results: buffer) { (slots) throws(Trap) in try finish(slots, cancelled) }
                }
            }
        }
        return try afterRun(again, results, then: then)
    }

    private func afterRun(_ suspended: SuspendedCall?, _ results: [UInt64],
                          then: @escaping ([UInt64]) throws(Trap) -> Void) throws(Trap) -> GuestThread? {
        guard let suspended else {
            do {
                try then(results)
                return nil
            } catch {
                task.instance.isPoisoned = true  // the glue runs for the instance, as core code does
                throw error
            }
        }
        precondition(finishBuiltin != nil, "core code suspended by something other than a blocking built-in")
        self.suspended = suspended
        onCoreReturn = then
        // A thread left suspended (no wait) stays only in its instance's thread table.
        if waiting != nil { AsyncStoreState.of(store).park(self) }
        defer { switchTarget = nil }
        return switchTarget
    }

    /// Called by a built-in of this thread: stop the core code until `ready`
    /// holds (nil: until another thread resumes it), then `finish` writes
    /// the built-in's results; `switchTo` runs in the meantime.
    func block(until ready: (() -> Bool)?, switchTo: GuestThread? = nil, cancellable: Bool = false,
               finish: @escaping Finish) {
        waiting = ready.map { .builtin($0) }
        self.cancellable = cancellable
        finishBuiltin = finish
        switchTarget = switchTo
        store.requestSuspension()
    }

    /// Whether the scheduler may resume it now: its instance can be entered
    /// from the event loop, and what it waits for has come.
    var isReady: Bool {
        guard task.instance.mayBeEnteredFromHost else { return false }
        return isReadyInInstance
    }

    /// Whether what it waits for has come, the instance aside.
    var isReadyInInstance: Bool {
        let instance = task.instance
        switch waiting {
        case .entering?: return task.mayEnter
        case .yielding?: return instance.exclusiveTask == nil
        case .waitableSet(let set)?: return instance.exclusiveTask == nil && set.hasPendingEvent
        case .builtin(let ready)?: return ready()
        case nil: return false
        }
    }

    /// Resumes a thread stopped at a cancellable point with its task's
    /// cancellation: a callback gets TASK_CANCELLED, a built-in says so.
    func resumeCancelled(from caller: ComponentInstanceState?) throws(Trap) {
        let condition = waiting
        waiting = nil
        cancellable = false
        let event = Event(code: .taskCancelled, index: 0, payload: 0)
        switch condition {
        case .yielding?:
            try task.runCallback(event, self, from: caller)
        case .waitableSet(let set)?:
            set.waitingCount -= 1
            try task.runCallback(event, self, from: caller)
        default:
            resumedByCancellation = true
            try resume(from: caller)
        }
    }

    /// Runs the parked thread on from the event loop.
    func resumeParked(from caller: ComponentInstanceState?) throws(Trap) {
        let condition = waiting
        waiting = nil
        cancellable = false
        switch condition {
        case .entering?:
            task.instance.waitingToEnter -= 1
            try task.runFirst(self, from: caller)
        case .yielding?:
            try task.runCallback(.none, self, from: caller)
        case .waitableSet(let set)?:
            set.waitingCount -= 1
            try task.runCallback(set.takePendingEvent() ?? .none, self, from: caller)
        case .builtin?:
            try resume(from: caller)
        case nil:
            break
        }
    }
}

extension ComponentInstanceState {
    /// A blocking built-in's wait (CanonicalABI.md, `Thread.wait_until`):
    /// when `ready` holds, `finish` writes the results at once; otherwise
    /// the calling thread blocks and `finish` runs when it resumes. Core code
    /// that cannot be suspended here (called through a nested invocation)
    /// runs the event loop in place instead.
    func wait(until ready: @escaping () -> Bool, cancellable: Bool = false, _ slots: UnsafeMutableBufferPointer<UInt64>,
              finish: @escaping GuestThread.Finish) throws(Trap) {
        let state = AsyncStoreState.of(store)
        if let thread = state.currentThread, thread.task.instance === self,
           thread.task.deliverPendingCancel(cancellable: cancellable) {
            return try finish(slots, true)
        }
        if ready() { return try finish(slots, false) }
        if store.canSuspend, let thread = state.currentThread, thread.task.instance === self {
            thread.block(until: ready, cancellable: cancellable, finish: finish)
            return
        }
        try state.waitUntil(ready)
        try finish(slots, false)
    }
}
