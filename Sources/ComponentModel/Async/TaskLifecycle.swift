import WasmInterpreter

/// Calls that may not finish when they return (CanonicalABI.md, `canon
/// lift` as `FuncInst`): the callee takes its arguments from `caller` when
/// it starts and hands its result to it when it resolves, maybe later.
extension RuntimeFunction {
    /// Returns what cancellation reaches, while the call has not resolved:
    /// a lifted async function's task, or an async host function's `HostReturn`.
    @discardableResult
    func start(from callerInstance: ComponentInstanceState?, _ caller: CallerSide, store: Store) throws(Trap) -> (any CancellableCallee)? {
        switch body {
        case .host(let host):
            let arguments = try caller.onStart()
            if let asyncBody = host.asyncBody {
                let done = HostReturn(caller.onResolve, onCancelled: caller.onCancelled)
                try asyncBody(HostCall(store: store), arguments, done)
                return done.isDone ? nil : done
            } else {
                try caller.onResolve(try host.body(HostCall(store: store), arguments))
            }
            return nil
        case .lifted(let instance, let core, let options):
            guard type.isAsync else {
                try caller.onResolve(try call(try caller.onStart(), store: store, caller: callerInstance))
                return nil
            }
            let task = Task(instance: instance, type: type, options: options, caller: caller)
            task.function = self
            task.core = core
            let thread = GuestThread(task: task)
            task.register(thread)
            // When only a ready thread holding the instance alone keeps the new
            // task out, that thread finishes its step first, as the reference
            // engine's scheduling does (sync-streams.wast).
            if !task.mayEnter, instance.backpressure == 0, instance.waitingToEnter == 0,
               let holder = instance.exclusiveTask {
                try AsyncStoreState.of(store).runReadyThreads(of: holder, from: callerInstance)
            }
            // A new task waits behind backpressure and behind tasks already waiting.
            if !task.mayEnter || instance.waitingToEnter > 0 {
                instance.waitingToEnter += 1
                thread.waiting = .entering
                AsyncStoreState.of(store).park(thread)
                return task
            }
            try task.runFirst(thread, from: callerInstance)
            return task
        }
    }
}

extension Task {
    /// Lowers the arguments and runs the lifted core function on `thread`: to
    /// the end for a synchronous or stackful lift, to its first callback code
    /// otherwise (either maybe after blocking).
    func runFirst(_ thread: GuestThread, from callerInstance: ComponentInstanceState?) throws(Trap) {
        guard let function, let caller else { preconditionFailure("an async task knows its function and caller") }
        state = .started
        let arguments = try caller.onStart()
        if needsExclusive { instance.exclusiveTask = self }
        var context = CanonicalContext(instance: instance, options: options, scope: scope)
        let slots = try instance.enter(from: callerInstance) { () throws(Trap) in try function.lowerArguments(arguments, &context) }
        try thread.runCore(core, slots, from: callerInstance) { [self, unowned thread] (results) throws(Trap) in
            guard options.isAsync else {
                // A synchronous lift of an async type returns as a sync one does.
                try returnResult(try function.liftResult(results, &context))
                try function.runPostReturn(results, instance: instance, options: options)
                return try exit(thread)
            }
            guard options.callback != nil else { return try exit(thread) }
            try handleCallbackCode(UInt32(truncatingIfNeeded: results[0]), thread)
        }
    }

    /// Calls the callback with `event`, then acts on the code it returns.
    func runCallback(_ event: Event, _ thread: GuestThread, from caller: ComponentInstanceState? = nil) throws(Trap) {
        guard let callback = options.callback else { return }
        instance.exclusiveTask = self
        let slots: [UInt64] = [UInt64(event.code.rawValue), UInt64(event.index), UInt64(event.payload)]
        try thread.runCore(callback, slots, from: caller) { [self, unowned thread] (results) throws(Trap) in
            try handleCallbackCode(UInt32(truncatingIfNeeded: results[0]), thread)
        }
    }

    /// `unpack_callback_result`: EXIT, YIELD, or WAIT on a waitable set.
    private func handleCallbackCode(_ packed: UInt32, _ thread: GuestThread) throws(Trap) {
        instance.exclusiveTask = nil
        let state = AsyncStoreState.of(instance.store)
        switch packed & 0xf {
        case 0:
            try exit(thread)
        case 1, 2:
            let set: WaitableSet? = packed & 0xf == 2 ? try instance.handles.waitableSet(packed >> 4) : nil
            if deliverPendingCancel(cancellable: true) {
                return try runCallback(Event(code: .taskCancelled, index: 0, payload: 0), thread)
            }
            if let set {
                set.waitingCount += 1
                thread.waiting = .waitableSet(set)
            } else {
                thread.waiting = .yielding
            }
            thread.cancellable = true
            state.park(thread)
        default:
            instance.isPoisoned = true
            throw CanonicalTrap.trap("unsupported callback code \(packed & 0xf)")
        }
    }

    /// The implicit thread ends; the task must have returned its result by
    /// now, unless other threads of it still run.
    private func exit(_ thread: GuestThread) throws(Trap) {
        if needsExclusive, instance.exclusiveTask === self { instance.exclusiveTask = nil }
        try unregister(thread)
    }
}

extension ComponentInstanceState {
    /// Whether the event loop (no caller) may enter this instance now.
    var mayBeEnteredFromHost: Bool {
        var instance: ComponentInstanceState? = self
        while let current = instance {
            guard current.mayEnter, !current.isPoisoned else { return false }
            instance = current.parent
        }
        return true
    }
}

extension Task: CancellableCallee {
    /// `Task.request_cancellation`: a task still waiting to start ends at
    /// once; a started one is resumed with the cancellation if one of its
    /// threads waits where it may take it (a callback's YIELD or WAIT, a
    /// cancellable built-in), else it is told at its next such point.
    func requestCancellation(from caller: ComponentInstanceState?) throws(Trap) {
        let scheduler = AsyncStoreState.of(instance.store)
        switch state {
        case .initial:
            state = .cancelDelivered
            guard let thread = scheduler.parkedThreads(of: self).first(where: { if case .entering? = $0.waiting { true } else { false } })
            else { return }
            scheduler.unpark(thread)
            thread.waiting = nil
            instance.waitingToEnter -= 1
            try cancel()
            instance.threads.remove(thread.index)
            liveThreads -= 1
        case .started:
            // A thread of this task stopped at a cancellable point, parked or suspended.
            let holder = instance.exclusiveTask
            let candidate = instance.threads.live.first { thread in
                thread.task === self && thread.cancellable && (thread.waiting != nil || thread.isSuspended)
                    && !(needsExclusive && holder != nil && holder !== self)
            }
            guard let candidate, instance.mayEnter(from: caller) else {
                state = .pendingCancel
                return
            }
            state = .cancelDelivered
            if candidate.waiting != nil { scheduler.unpark(candidate) }
            try candidate.resumeCancelled(from: caller)
        default:
            break
        }
    }
}
