import ComponentModel
import Foundation
import WasmInterpreter

/// How WASIp3 instances are reused between requests (`spin up`'s
/// `--max-instance-reuse-count`, `--max-instance-concurrent-reuse-count`
/// and `--idle-instance-timeout`).
public struct InstanceReuseLimits: Sendable, Equatable {
    /// Requests one instance serves before it is dropped (1: a fresh instance per request).
    public var maximumUses = 128
    /// Requests one instance serves at once.
    public var maximumConcurrent = 16
    /// Seconds an idle instance is kept.
    public var idleTimeout: Double = 1

    /// Spin 4's defaults.
    public static let spin = InstanceReuseLimits()

    public init() {}
}

/// Instances of one WASIp3 component kept between requests, as Spin 4
/// reuses them. A request joins an instance in use when that instance
/// takes more (`admit`): its requests all wait on something outside the
/// store (the network, a timer), and it is below both limits. Otherwise
/// the request takes an idle instance or makes one, and its thread drives
/// that instance's event loop, which starts the requests that join it,
/// until none is left; the instance then goes back when everything ended
/// cleanly. An instance running guest code takes no one, past a short
/// grace after its wait (`joinGrace`, in which it starts the requests that
/// joined): a request that computes, or loops, holds up no request that
/// comes after it.
final class InstancePool: @unchecked Sendable {
    // @unchecked: the lists and the fields of entries marked "under the
    // lock" are read and written under `lock`; the rest of an entry is used
    // by the one thread driving it, handed over under the lock.

    final class Entry: @unchecked Sendable {
        let store: Store
        let instance: ComponentInstance
        /// The store's wakeup and interruption, for threads that must not touch the store.
        let wakeup: GuestWakeup
        let interruption: Interruption
        var idleSince = Date()
        // Under the lock:
        fileprivate(set) var uses = 0
        fileprivate var active = 0
        fileprivate var acceptsNow = false
        /// When the driver last stopped waiting for the outside.
        fileprivate var stoppedWaiting: ContinuousClock.Instant?
        fileprivate var inbox: [HTTP3Call] = []

        /// Made on the thread that will drive it.
        init(store: Store, instance: ComponentInstance) {
            self.store = store
            self.instance = instance
            wakeup = GuestWakeup.of(store)
            interruption = store.interruptHandle
        }
    }

    /// How long after its driver stopped waiting an instance still takes
    /// requests: starting those that joined takes a moment, and requests
    /// that come together should not miss the instance for it.
    static let joinGrace: Duration = .milliseconds(20)

    private let lock = NSLock()
    private var idle: [Entry] = []
    private var driven: [Entry] = []

    /// Queues `call` on an instance in use that takes it now; `beforeQueueing`
    /// runs under the lock first (the call's deadline). Nil when none does.
    func admit(_ call: HTTP3Call, _ limits: InstanceReuseLimits, beforeQueueing: (Entry) -> Void) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard let entry = driven.first(where: { entry in
            let takes = entry.acceptsNow || entry.stoppedWaiting.map { now - $0 < Self.joinGrace } ?? false
            return takes && entry.active < limits.maximumConcurrent && entry.uses < limits.maximumUses
        }) else { return nil }
        entry.uses += 1
        entry.active += 1
        beforeQueueing(entry)
        entry.inbox.append(call)
        return entry
    }

    /// An idle instance that has not waited too long, if there is one (the
    /// most recently used: its memory is the warmest), now driven by the caller.
    func take(_ limits: InstanceReuseLimits) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        let oldest = Date(timeIntervalSinceNow: -limits.idleTimeout)
        idle.removeAll { $0.idleSince < oldest }
        guard let entry = idle.popLast() else { return nil }
        startDriving(entry)
        return entry
    }

    /// A new instance, driven by the caller that made it.
    func drive(_ entry: Entry) {
        lock.withLock { startDriving(entry) }
    }

    private func startDriving(_ entry: Entry) {
        entry.uses += 1
        entry.active = 1
        entry.stoppedWaiting = nil
        driven.append(entry)
    }

    /// The driver waits for the outside (true) or runs guest code again (false).
    func setAccepting(_ entry: Entry, _ accepting: Bool) {
        lock.withLock {
            entry.acceptsNow = accepting
            if !accepting { entry.stoppedWaiting = .now }
        }
    }

    /// The calls that joined since the last look, for the driver to start.
    func takeInbox(_ entry: Entry) -> [HTTP3Call] {
        lock.withLock {
            defer { entry.inbox = [] }
            return entry.inbox
        }
    }

    /// A call of `entry` settled.
    func settled(_ entry: Entry) {
        lock.withLock { entry.active -= 1 }
    }

    /// The driver is done unless a call joined meanwhile: false then, and
    /// it goes on; true, and the entry takes no one from now on.
    func finishDriving(_ entry: Entry) -> Bool {
        lock.withLock {
            guard entry.inbox.isEmpty else { return false }
            stopDriving(entry)
            return true
        }
    }

    /// The driver gave up (its store failed): the calls queued and not
    /// started, for their threads to serve elsewhere.
    func close(_ entry: Entry) -> [HTTP3Call] {
        lock.withLock {
            defer { entry.inbox = [] }
            stopDriving(entry)
            return entry.inbox
        }
    }

    private func stopDriving(_ entry: Entry) {
        entry.acceptsNow = false
        entry.stoppedWaiting = nil
        driven.removeAll { $0 === entry }
    }

    /// Keeps `entry` for the next request, unless it has served its share.
    func give(back entry: Entry, _ limits: InstanceReuseLimits) {
        lock.lock()
        defer { lock.unlock() }
        guard entry.uses < limits.maximumUses else { return }
        entry.idleSince = Date()
        idle.append(entry)
    }

    var idleCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return idle.count
    }
}
