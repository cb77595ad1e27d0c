#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `wasi:io/poll.pollable`: one event to wait for.
///
/// Every stream here completes its operations before returning, so a
/// stream's pollable is ready at once, except a stream that reads the
/// host's own standard input, which is ready when `poll(2)` says so. Clock
/// pollables are deadlines on the host's monotonic clock.
final class PollableResource {
    enum Readiness {
        case always
        /// Nanoseconds on the monotonic clock; `.max` never comes.
        case deadline(UInt64)
        /// Input on a host descriptor (or its end).
        case readable(Int32)
    }

    let readiness: Readiness

    init(_ readiness: Readiness) {
        self.readiness = readiness
    }

    /// The indices of `pollables` that are ready, waiting for at least one
    /// when `blocking` (`poll` and `block`); without blocking the result may
    /// be empty (`ready`).
    static func wait(_ pollables: [PollableResource], blocking: Bool) -> [Int] {
        guard !pollables.isEmpty else { return [] }
        while true {
            let now = HostClock.monotonicNow()
            var ready: [Int] = []
            var earliest: UInt64?
            var descriptors: [pollfd] = []
            var descriptorOwners: [Int] = []
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
                }
            }
            // Ask host descriptors without waiting when something is ready already.
            let timeout: UInt64? = !ready.isEmpty || !blocking ? 0 : earliest.map { $0 - now }
            if !descriptors.isEmpty {
                // Round up so a pending deadline never spins at 0 ms.
                let milliseconds = timeout.map { Int32(clamping: ($0 + 999_999) / 1_000_000) } ?? -1
                if poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 {
                    for (descriptor, owner) in zip(descriptors, descriptorOwners) where descriptor.revents != 0 {
                        ready.append(owner)
                    }
                }
            } else if let timeout, timeout > 0 {
                // In slices, so that a far deadline is waited for as the
                // loop's clock says, not by one enormous sleep.
                sleep(nanoseconds: min(timeout, 1_000_000_000))
            }
            if !ready.isEmpty || !blocking { return ready.sorted() }
        }
    }

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
