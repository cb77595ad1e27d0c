import WasmInterpreter

/// The async (🔀) and error-context (📝) built-ins as core functions of one
/// instance (CanonicalABI.md, one section each). Most first check that the
/// instance may call out (`trap_if(not inst.may_leave)`; see `checksMayLeave`).
extension ComponentInstanceState {
    typealias BuiltinBody = (UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void

    func asyncBuiltin(_ builtin: AsyncBuiltin, typeID: Int, options: (CanonOptions) -> RuntimeOptions,
                      memory: (UInt32) -> LinearMemory, table: (UInt32) -> Table) throws(InstantiationError) -> Int {
        usesAsyncBuiltins = true
        let body: BuiltinBody
        switch builtin {
        case .contextGet(let slot):
            body = { [unowned self] (slots) throws(Trap) in
                let thread = currentThread()
                slots[0] = UInt64(slot == 0 ? thread.contextSlots.0 : thread.contextSlots.1)
            }
        case .contextSet(let slot):
            body = { [unowned self] (slots) throws(Trap) in
                let thread = currentThread(), value = UInt32(truncatingIfNeeded: slots[0])
                if slot == 0 { thread.contextSlots.0 = value } else { thread.contextSlots.1 = value }
            }
        case .taskReturn(let result, let canonOptions):
            let resultOptions = options(canonOptions)
            let resultType = result.map(runtime)
            body = { [unowned self] (slots) throws(Trap) in
                let task = currentTask()
                guard task.isAsyncLift else {
                    throw CanonicalTrap.trap("`task.return` may only be called by a task lifted with the `async` option")
                }
                guard task.type.result.map(runtime) == resultType else {
                    throw CanonicalTrap.trap("`task.return` result type does not match the task's function type")
                }
                // CanonicalABI.md compares the options whole; the reference tests
                // (and engine) accept a lift's memory that task.return never reads.
                if let resultType, CanonicalLayout.needsMemory(resultType)
                    || CanonicalLayout.flatten(resultType, limit: CanonicalLayout.flatLimit).count > CanonicalLayout.maxFlatParameters,
                   resultOptions.memory !== task.options.memory || resultOptions.encoding != task.options.encoding {
                    throw CanonicalTrap.trap("`task.return` options do not match the task's `canon lift` options")
                }
                var context = CanonicalContext(instance: self, options: resultOptions, scope: task.scope)
                var value: ComponentValue?
                if let resultType = task.type.result {
                    let flatCount = CanonicalLayout.flatten(resultType, limit: CanonicalLayout.flatLimit).count
                    if flatCount > CanonicalLayout.maxFlatParameters {
                        let pointer = UInt32(truncatingIfNeeded: slots[0])
                        guard Int(pointer) % CanonicalLayout.alignment(resultType) == 0 else {
                            throw CanonicalTrap.misaligned("result pointer")
                        }
                        value = try context.load(resultType, at: Int(pointer))
                    } else {
                        var reader = FlatReader(slots: slots)
                        value = try context.liftFlat(resultType, &reader)
                    }
                }
                try task.returnResult(value)
            }
        case .subtaskCancel(let async):
            body = subtaskCancel(async: async)
        case .asyncValue(let kind, let operation, let type):
            body = try asyncValueBuiltin(kind, operation, type: type, options: options)
        case .errorContextNew(let canonOptions):
            let runtimeOptions = options(canonOptions)
            body = { [unowned self] (slots) throws(Trap) in
                var context = CanonicalContext(instance: self, options: runtimeOptions, scope: nil)
                let message = try context.loadString(pointer: UInt32(truncatingIfNeeded: slots[0]),
                                                     taggedUnits: UInt32(truncatingIfNeeded: slots[1]))
                slots[0] = UInt64(try handles.add(.errorContext(ErrorContext(debugMessage: message))))
            }
        case .errorContextDebugMessage(let canonOptions):
            let runtimeOptions = options(canonOptions)
            body = { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                guard case .errorContext(let errorContext) = try handles.get(index) else {
                    throw CanonicalTrap.wrongKind(index, "an error context")
                }
                let context = CanonicalContext(instance: self, options: runtimeOptions, scope: nil)
                let (pointer, units) = try context.storeString(errorContext.debugMessage)
                let address = Int(UInt32(truncatingIfNeeded: slots[1]))
                guard address % 4 == 0 else { throw CanonicalTrap.misaligned("string pointer") }
                _ = try context.checkRange(UInt64(address), 8, "string")
                try context.memory().store(pointer, at: address)
                try context.memory().store(units, at: address + 4)
            }
        case .waitableSetWait(let cancellable, let memoryIndex):
            let memory = memory(memoryIndex)
            body = { [unowned self] (slots) throws(Trap) in
                let set = try handles.waitableSet(UInt32(truncatingIfNeeded: slots[0]))
                try currentTask().checkMayBlock()
                let pointer = slots[1]
                set.waitingCount += 1
                try wait(until: { set.hasPendingEvent }, cancellable: cancellable, slots) { (slots, cancelled) throws(Trap) in
                    set.waitingCount -= 1
                    let event = cancelled ? Event(code: .taskCancelled, index: 0, payload: 0) : set.takePendingEvent() ?? .none
                    slots[0] = UInt64(try Self.storeEvent(event, memory: memory, at: pointer))
                }
            }
        case .waitableSetPoll(let cancellable, let memoryIndex):
            let memory = memory(memoryIndex)
            body = { [unowned self] (slots) throws(Trap) in
                let set = try handles.waitableSet(UInt32(truncatingIfNeeded: slots[0]))
                let event = currentTask().deliverPendingCancel(cancellable: cancellable)
                    ? Event(code: .taskCancelled, index: 0, payload: 0) : set.takePendingEvent() ?? .none
                slots[0] = UInt64(try Self.storeEvent(event, memory: memory, at: slots[1]))
            }
        case .threadSwitch(let kind, let cancellable):
            body = threadSwitch(kind, cancellable: cancellable)
        case .plain(.threadIndex):
            body = { [unowned self] (slots) throws(Trap) in slots[0] = UInt64(currentThread().index) }
        case .plain(.threadResumeLater):
            body = threadResumeLater()
        case .threadNewIndirect(let type, let tableIndex):
            let table = table(tableIndex)
            body = threadNewIndirect(type: type, table: table)
        case .plain(let plain):
            body = plainBuiltin(plain)
        }
        nonisolated(unsafe) let instance = self
        nonisolated(unsafe) let run = body
        guard builtin.checksMayLeave else {
            return store.addHostFunction(HostFunction(type: builtin.coreType, raw: { (_, slots) throws(Trap) in try run(slots) }),
                                      typeID: typeID)
        }
        return store.addHostFunction(HostFunction(type: builtin.coreType, raw: { (_, slots) throws(Trap) in
            guard instance.mayLeave else { throw CanonicalTrap.cannotLeave }
            try run(slots)
        }), typeID: typeID)
    }

    /// The task the built-in runs for; outside any lifted call (a start
    /// function, say) a synchronous task of the instance's own.
    func currentTask() -> Task { currentThread().task }

    /// The thread the built-in runs on; outside any lifted call, one of that synchronous task.
    func currentThread() -> GuestThread {
        if let thread = AsyncStoreState.of(store).currentThread, thread.task.instance === self { return thread }
        return GuestThread(task: Task(instance: self, type: ComponentFunctionType(parameters: [], result: nil),
                                      options: RuntimeOptions(), caller: nil))
    }

    /// Writes an event's index and payload at `pointer`; returns its code.
    static func storeEvent(_ event: Event, memory: LinearMemory, at pointer: UInt64) throws(Trap) -> UInt32 {
        let address = Int(UInt32(truncatingIfNeeded: pointer))
        guard address % 4 == 0 else { throw CanonicalTrap.misaligned("event pointer") }
        guard address + 8 <= memory.byteCount else { throw CanonicalTrap.outOfBounds("event") }
        try memory.store(event.index, at: address)
        try memory.store(event.payload, at: address + 4)
        return event.code.rawValue
    }

    private func plainBuiltin(_ plain: PlainBuiltin) -> BuiltinBody {
        switch plain {
        case .taskCancel:
            return { [unowned self] (_) throws(Trap) in
                let task = currentTask()
                guard task.isAsyncLift else { throw CanonicalTrap.trap("`task.cancel` may only be called by a task lifted with the `async` option") }
                try task.cancel()
            }
        case .subtaskDrop:
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                guard let subtask = try handles.waitable(index) as? Subtask else { throw CanonicalTrap.wrongKind(index, "a subtask") }
                try subtask.drop()
                _ = try handles.remove(index)
            }
        case .errorContextDrop:
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                _ = try handles.remove(index, as: "an error context") { if case .errorContext = $0 { true } else { nil } }
            }
        case .waitableSetNew:
            return { [unowned self] (slots) throws(Trap) in slots[0] = UInt64(try handles.add(.waitableSet(WaitableSet()))) }
        case .waitableSetDrop:
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                let set = try handles.waitableSet(index)
                try set.checkDroppable()
                _ = try handles.remove(index)
            }
        case .waitableJoin:
            return { [unowned self] (slots) throws(Trap) in
                let waitable = try handles.waitable(UInt32(truncatingIfNeeded: slots[0]))
                guard !waitable.hasSyncWaiter else {
                    throw CanonicalTrap.trap("waitable cannot be used synchronously while added to a waitable set")
                }
                let setIndex = UInt32(truncatingIfNeeded: slots[1])
                waitable.join(setIndex == 0 ? nil : try handles.waitableSet(setIndex))
            }
        case .backpressureInc:
            return { [unowned self] (_) throws(Trap) in
                guard backpressure < 0xffff else { throw CanonicalTrap.trap("backpressure counter overflow") }
                backpressure += 1
            }
        case .backpressureDec:
            return { [unowned self] (_) throws(Trap) in
                guard backpressure > 0 else { throw CanonicalTrap.trap("backpressure counter underflow") }
                backpressure -= 1
            }
        case .threadIndex, .threadResumeLater:
            preconditionFailure("made by asyncBuiltin")
        }
    }
}

extension AsyncBuiltin {
    /// Whether the built-in traps while the instance may not call out
    /// (during realloc or post-return). The context slots and the
    /// backpressure counter are the instance's own business, so CanonicalABI.md
    /// leaves those out.
    var checksMayLeave: Bool {
        switch self {
        case .contextGet, .contextSet, .plain(.backpressureInc), .plain(.backpressureDec): false
        default: true
        }
    }
}
