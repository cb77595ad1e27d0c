import ComponentModel
import WasmInterpreter

/// Timers of one store, for WASIp3's `monotonic-clock.wait-for` and
/// `wait-until`: the guest's task waits without holding the thread; the
/// event loop's idle handler fires what is due and sleeps no longer than
/// until the next deadline.
final class HostTimers {
    static let key = HostStateKey<HostTimers>()

    private var pending: [(deadline: UInt64, done: HostReturn)] = []

    static func of(_ store: Store) -> HostTimers {
        if let existing = store[key] { return existing }
        let created = HostTimers()
        store[key] = created
        return created
    }

    /// A timer that resolves `done` at `deadline`; a caller that cancels the wait ends it at once.
    func add(deadline: UInt64, _ done: HostReturn) {
        pending.append((deadline, done))
        done.whenCancelled { [weak self, unowned done] () throws(Trap) in
            self?.pending.removeAll { $0.done === done }
            try done.resolveCancelled()
        }
    }

    /// The earliest deadline (monotonic nanoseconds), if any timer waits.
    var nextDeadline: UInt64? { pending.map(\.deadline).min() }

    /// Resolves the timers whose deadline passed; true when one did.
    func fireDue(now: UInt64) throws(Trap) -> Bool {
        let due = pending.filter { $0.deadline <= now }
        guard !due.isEmpty else { return false }
        pending.removeAll { $0.deadline <= now }
        for timer in due { try timer.done.resolve(nil) }
        return true
    }
}
