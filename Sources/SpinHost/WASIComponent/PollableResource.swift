#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmInterpreter

/// `wasi:io/poll.pollable`: one event to wait for.
///
/// Every stream here completes its operations before returning, so a
/// stream's pollable is ready at once, except a stream that reads the
/// host's own standard input, which is ready when `poll(2)` says so. Clock
/// pollables are deadlines on the host's monotonic clock. HTTP bodies are
/// ready when another thread says so (`ReadinessSource`).
final class PollableResource {
    enum Readiness {
        case always
        /// Nanoseconds on the monotonic clock; `.max` never comes.
        case deadline(UInt64)
        /// Input on a host descriptor (or its end).
        case readable(Int32)
        /// A source another thread makes ready (HTTP bodies).
        case signalled(any ReadinessSource)
    }

    let readiness: Readiness

    init(_ readiness: Readiness) {
        self.readiness = readiness
    }

    /// The indices of `pollables` that are ready, waiting for at least one
    /// when `blocking` (`poll` and `block`); without blocking the result may
    /// be empty (`ready`). A blocking wait runs the store's
    /// `GuestWakeup.beforeWaiting` first and ends with the `interrupted`
    /// trap when the store is asked to stop (its deadline passed).
    static func wait(_ pollables: [PollableResource], blocking: Bool, store: Store? = nil) throws(Trap) -> [Int] {
        guard !pollables.isEmpty else { return [] }
        var announced = false
        while true {
            let now = HostClock.monotonicNow()
            var ready: [Int] = []
            var earliest: UInt64?
            var descriptors: [pollfd] = []
            var descriptorOwners: [Int] = []
            var wakeup: GuestWakeup?
            var seen: UInt64 = 0
            for (index, pollable) in pollables.enumerated() {
                switch pollable.readiness {
                case .always:
                    ready.append(index)
                case .deadline(let deadline):
                    if deadline <= now {
                        ready.append(index)
                    } else {
                        earliest = min(earliest ?? .max, deadline)
                    }
                case .readable(let descriptor):
                    descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
                    descriptorOwners.append(index)
                case .signalled(let source):
                    if wakeup == nil {
                        // Read before asking the source, so a change in between is not missed.
                        wakeup = source.wakeup
                        seen = source.wakeup.current
                    }
                    if source.isReady { ready.append(index) }
                }
            }
            // Ask host descriptors without waiting when something is ready already.
            var timeout: UInt64? = !ready.isEmpty || !blocking ? 0 : earliest.map { $0 - now }
            if timeout != 0 {
                if let store {
                    if store.interruptHandle.isSet { throw Trap(.interrupted) }
                    if !announced {
                        announced = true
                        store[GuestWakeup.key]?.beforeWaiting?()
                    }
                }
                // In slices: a far deadline is waited for as the loop's clock
                // says, and a stop request is seen within one slice.
                timeout = min(timeout ?? waitSlice, waitSlice)
            }
            if !descriptors.isEmpty {
                // Round up so a pending deadline never spins at 0 ms; a
                // signalled source is looked at again every 10 ms.
                let cap: UInt64 = wakeup == nil ? waitSlice : 10_000_000
                let milliseconds = timeout.map { Int32(clamping: (min($0, cap) + 999_999) / 1_000_000) } ?? -1
                if poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 {
                    for (descriptor, owner) in zip(descriptors, descriptorOwners) where descriptor.revents != 0 {
                        ready.append(owner)
                    }
                }
            } else if let timeout, timeout > 0 {
                if let wakeup {
                    wakeup.wait(after: seen, nanoseconds: timeout)
                } else {
                    sleep(nanoseconds: timeout)
                }
            }
            if !ready.isEmpty || !blocking { return ready.sorted() }
        }
    }

    /// The longest single wait: how late a stop request may be noticed.
    static let waitSlice: UInt64 = 100_000_000

    private static func sleep(nanoseconds: UInt64) {
        let seconds = min(nanoseconds / 1_000_000_000, UInt64(Int32.max))
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}

extension HostClock {
    /// The host's monotonic clock in nanoseconds (`CLOCK_MONOTONIC` cannot fail).
    static func monotonicNow() -> UInt64 {
        (try? now(ClockID.monotonic.rawValue)) ?? 0
    }
}
