import WasmInterpreter

/// Calls that may not finish when they return (CanonicalABI.md, `canon
/// lift` as `FuncInst`): the callee takes its arguments from `caller` when
/// it starts and hands its result to it when it resolves, maybe later.
extension RuntimeFunction {
    func start(from callerInstance: ComponentInstanceState?, _ caller: CallerSide, store: Store) throws(Trap) {
        switch body {
        case .host(let host):
            let arguments = try caller.onStart()
            if let asyncBody = host.asyncBody {
                try asyncBody(HostCall(store: store), arguments, HostReturn(caller.onResolve))
            } else {
                try caller.onResolve(try host.body(HostCall(store: store), arguments))
            }
        case .lifted(let instance, let core, let options):
            guard type.isAsync else {
                try caller.onResolve(try call(try caller.onStart(), store: store, caller: callerInstance))
                return
            }
            let task = Task(instance: instance, type: type, options: options, caller: caller)
            task.function = self
            task.core = core
            task.threadIndex = instance.threads.add()
            // A new task waits behind backpressure and behind tasks already waiting.
            if !task.mayEnter || instance.waitingToEnter > 0 {
                instance.waitingToEnter += 1
                AsyncStoreState.of(store).park(task, until: .entering)
                return
            }
            try task.runFirst(from: callerInstance)
        }
    }
}

extension Task {
    /// Whether the scheduler may resume it now: its instance can be entered
    /// from the event loop, and what it waits for has come.
    var isReady: Bool {
        guard instance.mayBeEnteredFromHost else { return false }
        switch waiting {
        case .entering?: return mayEnter
        case .yielding?: return instance.exclusiveTask == nil
        case .waitableSet(let set)?: return instance.exclusiveTask == nil && set.hasPendingEvent
        case nil: return false
        }
    }

    func resume() throws(Trap) {
        let condition = waiting
        waiting = nil
        switch condition {
        case .entering?:
            instance.waitingToEnter -= 1
            try runFirst(from: nil)
        case .yielding?:
            try runCallback(.none)
        case .waitableSet(let set)?:
            set.waitingCount -= 1
            try runCallback(set.takePendingEvent() ?? .none)
        case nil:
            break
        }
    }

    /// Lowers the arguments and runs the lifted core function: to the end for
    /// a synchronous or stackful lift, to its first callback code otherwise.
    func runFirst(from callerInstance: ComponentInstanceState?) throws(Trap) {
        guard let function, let caller else { preconditionFailure("an async task knows its function and caller") }
        state = .started
        let arguments = try caller.onStart()
        if needsExclusive { instance.exclusiveTask = self }
        let store = instance.store
        let code: UInt32? = try instance.enter(from: callerInstance) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) in
                var context = CanonicalContext(instance: instance, options: options, scope: scope)
                var slots = try function.lowerArguments(arguments, &context)
                try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    try store.invoke(address: core, slots: buffer)
                }
                if !options.isAsync {
                    // A synchronous lift of an async type returns as a sync one does.
                    try returnResult(try function.liftResult(slots, &context))
                    try function.runPostReturn(slots, instance: instance, options: options)
                    return nil
                }
                return options.callback == nil ? nil : UInt32(truncatingIfNeeded: slots[0])
            }
        }
        guard let code else { return try exit() }
        try handleCallbackCode(code)
    }

    /// Calls the callback with `event`, then acts on the code it returns.
    func runCallback(_ event: Event) throws(Trap) {
        guard let callback = options.callback else { return }
        instance.exclusiveTask = self
        let store = instance.store
        let code = try instance.enter(from: nil) { () throws(Trap) in
            try AsyncStoreState.of(store).run(self) { () throws(Trap) -> UInt32 in
                var slots: [UInt64] = [UInt64(event.code.rawValue), UInt64(event.index), UInt64(event.payload)]
                try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    try store.invoke(address: callback, slots: buffer)
                }
                return UInt32(truncatingIfNeeded: slots[0])
            }
        }
        try handleCallbackCode(code)
    }

    /// `unpack_callback_result`: EXIT, YIELD, or WAIT on a waitable set.
    private func handleCallbackCode(_ packed: UInt32) throws(Trap) {
        instance.exclusiveTask = nil
        let state = AsyncStoreState.of(instance.store)
        switch packed & 0xf {
        case 0:
            try exit()
        case 1:
            state.park(self, until: .yielding)
        case 2:
            let set = try instance.handles.waitableSet(packed >> 4)
            set.waitingCount += 1
            state.park(self, until: .waitableSet(set))
        default:
            instance.isPoisoned = true
            throw CanonicalTrap.trap("unsupported callback code \(packed & 0xf)")
        }
    }

    /// The implicit thread ends; the task must have returned its result by now.
    private func exit() throws(Trap) {
        instance.threads.remove(threadIndex)
        if needsExclusive, instance.exclusiveTask === self { instance.exclusiveTask = nil }
        guard state == .resolved else {
            instance.isPoisoned = true
            throw CanonicalTrap.trap("async-lifted export failed to produce a result")
        }
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
