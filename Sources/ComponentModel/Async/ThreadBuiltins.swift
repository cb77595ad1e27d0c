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
