import ComponentModel
import WasmInterpreter

/// Host work that moves values between a store's guests and the world
/// outside it: bodies streamed to or from a client or a server, a response
/// that has not arrived yet.
protocol HostPump: AnyObject {
    /// Moves what can move now; true when something did.
    func pump() throws(Trap) -> Bool
    /// Waiting for something outside the store (bytes from the network,
    /// room to send them): the event loop should sleep on the store's
    /// wakeup rather than stop.
    var isWaiting: Bool { get }
    /// Nothing more to do: the pump is forgotten.
    var isDone: Bool { get }
}

/// The pumps and timers of one store, run by its event loop's idle handler
/// (`idle`): when no task can go on, due timers fire and each pump moves
/// what it can; when nothing moved, the loop waits for the network or the
/// next timer, and stops waiting when nothing outside is awaited.
final class HostPumps {
    static let key = HostStateKey<HostPumps>()
    /// The longest sleep between two looks at the interruption flag.
    static let longestWait: UInt64 = 50_000_000

    private var pumps: [any HostPump] = []
    private unowned let store: Store

    private init(store: Store) {
        self.store = store
    }

    static func of(_ store: Store) -> HostPumps {
        if let existing = store[key] { return existing }
        let created = HostPumps(store: store)
        store[key] = created
        return created
    }

    /// The store's event loop, with these pumps as its idle handler.
    func eventLoop() -> ComponentEventLoop {
        let loop = ComponentEventLoop(store)
        loop.setIdleHandler { () throws(Trap) -> Bool in try self.idle() }
        return loop
    }

    func add(_ pump: any HostPump) {
        pumps.append(pump)
    }

    /// Whether a pump still has work (an instance with one is not reused).
    var hasPending: Bool {
        pumps.removeAll { $0.isDone }
        return !pumps.isEmpty
    }

    /// The event loop's idle handler: false when nothing is pending from
    /// outside. `whileWaiting` hears when it starts (true) and stops
    /// (false) waiting for the outside.
    func idle(whileWaiting: ((Bool) -> Void)? = nil) throws(Trap) -> Bool {
        if store.interruptHandle.isSet { throw Trap(.interrupted) }
        let wakeup = GuestWakeup.of(store)
        let seen = wakeup.current
        let timers = HostTimers.of(store)
        if try timers.fireDue(now: HostClock.monotonicNow()) { return true }
        var moved = false
        // A pump may add another (a response that arrived starts its body).
        for pump in pumps where !pump.isDone {
            if try pump.pump() { moved = true }
        }
        pumps.removeAll { $0.isDone }
        if moved { return true }
        let nextTimer = timers.nextDeadline
        guard pumps.contains(where: { $0.isWaiting }) || nextTimer != nil else { return false }
        var wait = Self.longestWait
        if let nextTimer { wait = min(wait, nextTimer &- min(nextTimer, HostClock.monotonicNow())) }
        whileWaiting?(true)
        // Waiting, this guest lends its place among those at normal priority.
        GuestScheduler.blocking { wakeup.wait(after: seen, nanoseconds: wait) }
        whileWaiting?(false)
        return true
    }
}
