import ComponentModel
import Foundation
import WasmInterpreter

/// How WASIp3 instances are reused between requests (`spin up`'s
/// `--max-instance-reuse-count` and `--idle-instance-timeout`).
public struct InstanceReuseLimits: Sendable, Equatable {
    /// Requests one instance serves before it is dropped (1: a fresh instance per request).
    public var maximumUses = 128
    /// Seconds an idle instance is kept.
    public var idleTimeout: Double = 1

    /// Spin 4's defaults.
    public static let spin = InstanceReuseLimits()

    public init() {}
}

/// Instances of one WASIp3 component kept between requests, as Spin 4
/// reuses them (`--max-instance-reuse-count`, `--idle-instance-timeout`):
/// a request takes an idle instance, or makes one, and gives it back when
/// it ended cleanly. An instance serves one request at a time here (Spin 4
/// also interleaves up to 16 that wait on I/O; not done yet).
final class InstancePool: @unchecked Sendable {
    // @unchecked: `idle` is read and written under `lock`; an instance is
    // used by one thread at a time, handed over under the lock.

    final class Entry: @unchecked Sendable {
        let store: Store
        let instance: ComponentInstance
        var uses = 0
        var idleSince = Date()

        init(store: Store, instance: ComponentInstance) {
            self.store = store
            self.instance = instance
        }
    }

    private let lock = NSLock()
    private var idle: [Entry] = []

    /// An idle instance that has not waited too long, if there is one (the
    /// most recently used: its memory is the warmest).
    func take(_ limits: InstanceReuseLimits) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        let oldest = Date(timeIntervalSinceNow: -limits.idleTimeout)
        idle.removeAll { $0.idleSince < oldest }
        return idle.popLast()
    }

    /// Keeps `entry` for the next request, unless it has served its share.
    func give(back entry: Entry, _ limits: InstanceReuseLimits) {
        guard entry.uses < limits.maximumUses else { return }
        entry.idleSince = Date()
        lock.lock()
        idle.append(entry)
        lock.unlock()
    }

    var idleCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return idle.count
    }
}
