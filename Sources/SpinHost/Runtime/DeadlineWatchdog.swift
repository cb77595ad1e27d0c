public import Foundation
public import WasmInterpreter

/// Stops guests that run past their deadline. One thread checks every
/// registered request a few times per second, so a request costs a lock and
/// a dictionary entry, not a timer of its own.
public final class DeadlineWatchdog: @unchecked Sendable {
    // @unchecked: `entries` and `next` are only touched under `lock`.
    private let lock = NSLock()
    private var entries: [Int: (handle: Interruption, deadline: Date)] = [:]
    private var next = 0
    private let interval: TimeInterval

    public init(interval: TimeInterval = 0.02) {
        self.interval = interval
        let thread = Thread { [weak self] in
            while let watchdog = self {
                watchdog.expire()
                Thread.sleep(forTimeInterval: watchdog.interval)
            }
        }
        thread.name = "spin-deadline-watchdog"
        thread.start()
    }

    /// Interrupts `handle` once `seconds` have passed, unless released first.
    public func watch(_ handle: Interruption, seconds: Double) -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        entries[next] = (handle, Date().addingTimeInterval(seconds))
        return next
    }

    public func release(_ ticket: Int) {
        lock.lock()
        entries[ticket] = nil
        lock.unlock()
    }

    private func expire() {
        let now = Date()
        lock.lock()
        let due = entries.filter { $0.value.deadline <= now }
        for key in due.keys { entries[key] = nil }
        lock.unlock()
        for entry in due.values { entry.handle.interrupt() }
    }
}
