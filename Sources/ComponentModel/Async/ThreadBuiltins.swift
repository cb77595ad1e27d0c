import WasmDecoder
import WasmInterpreter

/// The 🧵 thread built-ins (CanonicalABI.md, `canon thread.*`): threads of
/// one instance made with `thread.new-indirect` and switched between by
/// suspending one's core code and resuming another's. With `cancellable`
/// they return 1 when the task's cancellation resumed the thread, else 0.
extension ComponentInstanceState {
    func threadNewIndirect(type: FunctionType, table: Table) -> BuiltinBody {
        { [unowned self] (slots) throws(Trap) in
            let address = try store.function(in: table, at: UInt32(truncatingIfNeeded: slots[0]), type: type)
            let creator = currentThread()
            let thread = GuestThread(task: creator.task, startingAt: address, argument: slots[1])
            creator.task.register(thread)
            slots[0] = UInt64(thread.index)
        }
    }

    func threadResumeLater() -> BuiltinBody {
        { [unowned self] (slots) throws(Trap) in
            let thread = try threads.get(UInt32(truncatingIfNeeded: slots[0]))
            guard thread.isSuspended else { throw CanonicalTrap.trap("thread is not suspended") }
            thread.waiting = .builtin({ true })
            AsyncStoreState.of(store).park(thread)
        }
    }

    func threadSwitch(_ kind: ThreadSwitch, cancellable: Bool) -> BuiltinBody {
        { [unowned self] (slots) throws(Trap) in
            let current = currentThread()
            var target: GuestThread?
            switch kind {
            case .suspendThenResume, .yieldThenResume:
                let other = try threads.get(UInt32(truncatingIfNeeded: slots[0]))
                guard other.isSuspended else { throw CanonicalTrap.trap("thread is not suspended") }
                target = other
            case .suspendThenPromote, .yieldThenPromote:
                let other = try threads.get(UInt32(truncatingIfNeeded: slots[0]))
                if other.waiting != nil, other.isReadyInInstance {
                    AsyncStoreState.of(store).unpark(other)
                    other.waiting = nil
                    target = other
                }
            case .yield, .suspend:
                break
            }
            let yields = kind == .yield || kind == .yieldThenResume || kind == .yieldThenPromote
            slots[0] = 0
            if current.task.deliverPendingCancel(cancellable: cancellable) {
                slots[0] = 1
                return
            }
            // A synchronous task may switch threads but not wait for anything
            // else; its yield would pick itself again at once.
            if !yields, target == nil { try current.task.checkMayBlock() }
            if yields, target == nil, !current.task.type.isAsync { return }
            guard store.canSuspend, AsyncStoreState.of(store).currentThread === current else {
                throw CanonicalTrap.trap("cannot switch threads from code the host called back into")
            }
            current.block(until: yields ? { true } : nil, switchTo: target, cancellable: cancellable) { (slots, cancelled) throws(Trap) in
                slots[0] = cancelled ? 1 : 0
            }
        }
    }
}

extension ComponentInstanceState {
    /// `subtask.cancel` (CanonicalABI.md, `canon_subtask_cancel`): asks the
    /// callee to hurry; returns the subtask's state once it resolved, or
    /// BLOCKED with `async` while it has not (a sync cancel waits).
    func subtaskCancel(async: Bool) -> BuiltinBody {
        { [unowned self] (slots) throws(Trap) in
            if !async { try currentTask().checkMayBlock() }
            let index = UInt32(truncatingIfNeeded: slots[0])
            guard let subtask = try handles.waitable(index) as? Subtask else { throw CanonicalTrap.wrongKind(index, "a subtask") }
            guard !subtask.resolveDelivered else { throw CanonicalTrap.trap("cannot cancel a subtask after it resolved") }
            guard !subtask.cancellationRequested else { throw CanonicalTrap.trap("cannot cancel a subtask twice") }
            if subtask.isInWaitableSet, !async {
                throw CanonicalTrap.trap("waitable cannot be used synchronously while added to a waitable set")
            }
            if !subtask.isResolved {
                subtask.cancellationRequested = true
                try subtask.callee?.requestCancellation(from: self)
                if !subtask.isResolved, async {
                    slots[0] = UInt64(Self.blocked)
                    return
                }
            }
            subtask.hasSyncWaiter = true
            try wait(until: { subtask.hasPendingEvent }, slots) { (slots, _) throws(Trap) in
                subtask.hasSyncWaiter = false
                slots[0] = UInt64(subtask.takePendingEvent()?.payload ?? Subtask.State.returned.rawValue)
            }
        }
    }
}
