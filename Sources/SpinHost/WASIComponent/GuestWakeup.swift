import Foundation
import WasmInterpreter

/// What a guest's thread waits on while it blocks in the host for something
/// another thread provides (request body bytes arriving, room to write the
/// response): every such source signals this store's wakeup when it
/// changes. One per store, made on first use.
final class GuestWakeup: @unchecked Sendable {
    // @unchecked: `generation` is read and written under `condition`.
    static let key = HostStateKey<GuestWakeup>()

    private let condition = NSCondition()
    private var generation: UInt64 = 0
    /// Runs each time the guest is about to wait (the HTTP response sends
    /// what the guest wrote so far: a guest that waits has nothing more to
    /// add for now).
    var beforeWaiting: (() -> Void)?

    static func of(_ store: Store) -> GuestWakeup {
        if let existing = store[key] { return existing }
        let created = GuestWakeup()
        store[key] = created
        return created
    }

    /// Wakes the waiting guest, if any.
    func signal() {
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The count of signals so far: read it before checking readiness, then
    /// `wait(after:)` returns at once if a signal came in between.
    var current: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    /// Waits until a signal after `seen`, or for at most `nanoseconds`.
    func wait(after seen: UInt64, nanoseconds: UInt64) {
        let deadline = Date(timeIntervalSinceNow: Double(nanoseconds) / 1e9)
        condition.lock()
        while generation == seen {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }
}

/// Something a guest can wait for that another thread makes ready; it
/// signals `wakeup` whenever it may have become ready.
protocol ReadinessSource: AnyObject {
    var isReady: Bool { get }
    var wakeup: GuestWakeup { get }
}
