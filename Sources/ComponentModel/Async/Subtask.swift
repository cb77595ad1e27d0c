import WasmInterpreter

/// The caller's view of a call it made with `canon lower` that has not
/// resolved when the lowered function returned (CanonicalABI.md, `Subtask`).
final class Subtask: Waitable {
    enum State: UInt32 {
        case starting = 0
        case started = 1
        case returned = 2
        case cancelledBeforeStarted = 3
        case cancelledBeforeReturned = 4
    }

    var state = State.starting
    /// What to ask for cancellation: the callee's task, or an async host
    /// function's `HostReturn` (which may ignore it and finish in its own time).
    weak var callee: (any CancellableCallee)?
    var cancellationRequested = false
    /// Whether the caller has been told of the resolution; the borrows it
    /// lent for the call end then.
    private(set) var resolveDelivered = false
    var releaseLenders: () -> Void = {}

    var isResolved: Bool {
        switch state {
        case .starting, .started: false
        case .returned, .cancelledBeforeStarted, .cancelledBeforeReturned: true
        }
    }

    func deliverResolve() {
        guard !resolveDelivered else { return }
        resolveDelivered = true
        releaseLenders()
    }

    func drop() throws(Trap) {
        guard resolveDelivered else { throw CanonicalTrap.trap("cannot drop a subtask which has not yet resolved") }
        dropWaitable()
    }
}
