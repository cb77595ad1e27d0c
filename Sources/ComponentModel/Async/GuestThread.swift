import WasmInterpreter

/// A thread of core code running for a task (CanonicalABI.md, `Thread`).
/// When a built-in blocks it, its core activation is suspended and copied
/// out of the interpreter's stacks (`SuspendedCall`), and what the Swift
/// side still has to do is kept here as closures: the built-in's results
/// when the thread resumes, then the task's glue when the core function
/// returns. So no Swift frame waits across a block, and the caller whose
/// progress the thread waits for can run below it.
final class GuestThread {
    let task: Task
    /// Its index in the instance's thread table, while it lives.
    var index: UInt32 = 0
    /// What it is parked for, if parked.
    var waiting: WaitCondition?
    /// Its core activation, stopped in a blocking built-in.
    private var suspended: SuspendedCall?
    /// Writes the blocking built-in's results, once what it waits for has come.
    private var finishBuiltin: ((UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void)?
    /// The task's glue for the core function's results.
    private var onCoreReturn: (([UInt64]) throws(Trap) -> Void)?

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

    var store: Store { task.instance.store }

    /// Runs the core function at `address` on `slots` (arguments, room for
    /// results) as this thread, entering the instance from `caller`. `then`
    /// gets the results when the function returns: now, or after the thread
    /// blocked and the scheduler resumed it.
    func runCore(_ address: Int, _ slots: [UInt64], from caller: ComponentInstanceState?,
                 then: @escaping ([UInt64]) throws(Trap) -> Void) throws(Trap) {
        var slots = slots
        let store = self.store
        let suspended = try task.instance.enter(from: caller) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) in
                try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in try store.start(address: address, slots: buffer) }
            }
        }
        try afterRun(suspended, slots, then: then)
    }

    /// Resumes core code stopped in a built-in, whose wait is over.
    private func resumeCore() throws(Trap) {
        guard let call = suspended, let finish = finishBuiltin, let then = onCoreReturn else {
            preconditionFailure("a thread resumed in a built-in was suspended in one")
        }
        suspended = nil
        finishBuiltin = nil
        onCoreReturn = nil
        var results = [UInt64](repeating: 0, count: max(call.resultCount, 1))
        let store = self.store
        let again = try task.instance.enter(from: nil) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) in
                try results.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    try store.resume(call, results: buffer, hostResults: finish)
                }
            }
        }
        try afterRun(again, results, then: then)
    }

    private func afterRun(_ suspended: SuspendedCall?, _ results: [UInt64],
                          then: @escaping ([UInt64]) throws(Trap) -> Void) throws(Trap) {
        guard let suspended else {
            do {
                return try then(results)
            } catch {
                task.instance.isPoisoned = true  // the glue runs for the instance, as core code does
                throw error
            }
        }
        guard case .builtin? = waiting, finishBuiltin != nil else {
            preconditionFailure("core code suspended by something other than a blocking built-in")
        }
        self.suspended = suspended
        onCoreReturn = then
        AsyncStoreState.of(store).park(self)
    }

    /// Called by a blocking built-in of this thread: stop the core code
    /// until `ready` holds, then `finish` writes the built-in's results.
    func block(until ready: @escaping () -> Bool,
               finish: @escaping (UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void) {
        waiting = .builtin(ready)
        finishBuiltin = finish
        store.requestSuspension()
    }

    /// Whether the scheduler may resume it now: its instance can be entered
    /// from the event loop, and what it waits for has come.
    var isReady: Bool {
        guard task.instance.mayBeEnteredFromHost else { return false }
        let instance = task.instance
        switch waiting {
        case .entering?: return task.mayEnter
        case .yielding?: return instance.exclusiveTask == nil
        case .waitableSet(let set)?: return instance.exclusiveTask == nil && set.hasPendingEvent
        case .builtin(let ready)?: return ready()
        case nil: return false
        }
    }

    func resume() throws(Trap) {
        let condition = waiting
        waiting = nil
        switch condition {
        case .entering?:
            task.instance.waitingToEnter -= 1
            try task.runFirst(self, from: nil)
        case .yielding?:
            try task.runCallback(.none, self)
        case .waitableSet(let set)?:
            set.waitingCount -= 1
            try task.runCallback(set.takePendingEvent() ?? .none, self)
        case .builtin?:
            try resumeCore()
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
    func wait(until ready: @escaping () -> Bool, _ slots: UnsafeMutableBufferPointer<UInt64>,
              finish: @escaping (UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void) throws(Trap) {
        if ready() { return try finish(slots) }
        let state = AsyncStoreState.of(store)
        if store.canSuspend, let thread = state.currentThread, thread.task.instance === self {
            thread.block(until: ready, finish: finish)
            return
        }
        try state.waitUntil(ready)
        try finish(slots)
    }
}
