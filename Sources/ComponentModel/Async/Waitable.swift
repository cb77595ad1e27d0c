import WasmInterpreter

/// What a waitable tells the task that waits on it (CanonicalABI.md, `EventCode`).
enum EventCode: UInt32 {
    case none = 0
    case subtask = 1
    case streamRead = 2
    case streamWrite = 3
    case futureRead = 4
    case futureWrite = 5
    case taskCancelled = 6
}

/// One event: its code, the handle index it is about, and its payload.
struct Event {
    let code: EventCode
    let index: UInt32
    let payload: UInt32

    static let none = Event(code: .none, index: 0, payload: 0)
}

/// Something a task can wait on: a subtask, or an end of a stream or future
/// (CanonicalABI.md, `Waitable`). It holds at most one pending event, made
/// when delivered (delivering may change state, e.g. release a subtask's
/// lenders), and belongs to at most one waitable set.
class Waitable {
    private var pendingEvent: (() -> Event)?
    private(set) weak var joinedSet: WaitableSet?
    /// A synchronous built-in is waiting on this waitable alone.
    var hasSyncWaiter = false

    func setPendingEvent(_ event: @escaping () -> Event) { pendingEvent = event }
    var hasPendingEvent: Bool { pendingEvent != nil }
    var isInWaitableSet: Bool { joinedSet != nil }

    func takePendingEvent() -> Event? {
        guard let event = pendingEvent else { return nil }
        pendingEvent = nil
        return event()
    }

    func join(_ newSet: WaitableSet?) {
        joinedSet?.elements.removeAll { $0 === self }
        joinedSet = newSet
        newSet?.elements.append(self)
    }

    /// Leaves its set when its handle is dropped.
    func dropWaitable() {
        join(nil)
        pendingEvent = nil
    }
}

/// A set of waitables a task waits on together (CanonicalABI.md, `WaitableSet`).
final class WaitableSet {
    fileprivate(set) var elements: [Waitable] = []
    /// Tasks waiting on this set right now.
    var waitingCount = 0

    var hasPendingEvent: Bool { elements.contains { $0.hasPendingEvent } }

    /// The first waitable with an event, in joining order (the spec shuffles;
    /// a fixed order keeps runs reproducible).
    func takePendingEvent() -> Event? {
        for waitable in elements where waitable.hasPendingEvent { return waitable.takePendingEvent() }
        return nil
    }

    /// `waitable-set.drop`: only when empty and nobody waits.
    func checkDroppable() throws(Trap) {
        guard elements.isEmpty else { throw CanonicalTrap.trap("cannot drop waitable set with waitables still in it") }
        guard waitingCount == 0 else { throw CanonicalTrap.trap("cannot drop waitable set with waiters") }
    }
}

/// An error context (📝): an immutable debug message, shared by the
/// handles that refer to it.
final class ErrorContext {
    let debugMessage: String

    init(debugMessage: String) {
        self.debugMessage = debugMessage
    }
}
