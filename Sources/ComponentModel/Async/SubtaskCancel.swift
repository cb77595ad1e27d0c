import WasmInterpreter

/// Cancelling a call made with an async `canon lower` (CanonicalABI.md,
/// `canon subtask.cancel`); the callee's side is `Task.requestCancellation`.
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
