#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// `poll_oneoff`: clock subscriptions (timeouts, i.e. `sleep`) and read or
/// write readiness of descriptors.
///
/// Regular files and in-memory streams are always ready (the witx: "This
/// event always triggers for regular files"); the host's own standard
/// streams are asked with `poll(2)`, whose timeout is the earliest clock.
/// With nothing ready and no host descriptor, the call sleeps until the
/// earliest clock. Every subscription yields at most one event.
extension WASIPreview1 {
    static var pollFunctions: [(String, HostFunction)] {
        [
            function("poll_oneoff", [.i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                try pollOneoff(call)
            },
        ]
    }

    private struct PollEvent {
        var userdata: UInt64
        var error: WASIErrno = .success
        var type: EventType
        var byteCount: UInt64 = 0
        var flags: UInt16 = 0
    }

    private struct ClockWait {
        var userdata: UInt64
        /// On the host's monotonic clock, in nanoseconds.
        var deadline: UInt64
    }

    private struct HostWait {
        var userdata: UInt64
        var type: EventType
        var descriptor: pollfd
    }

    /// The longest single wait: how late a stop request may be noticed.
    static let waitSlice: UInt64 = 100_000_000

    private static func pollOneoff(_ call: WASICall) throws(WASIErrno) {
        let input = call.pointer(0)
        let output = call.pointer(1)
        let count = Int(call.u32(2))
        guard count > 0 else { throw .inval }
        try call.memory.check(input, count: count * SubscriptionLayout.size)
        try call.memory.check(output, count: count * EventLayout.size)
        try call.memory.check(call.pointer(3), count: 4)

        var ready: [PollEvent] = []
        var clocks: [ClockWait] = []
        var hostWaits: [HostWait] = []
        let start = try HostClock.now(ClockID.monotonic.rawValue)
        for index in 0..<count {
            let address = input + index * SubscriptionLayout.size
            let userdata = try call.memory.load(UInt64.self, at: address + SubscriptionLayout.userdata)
            guard let type = EventType(rawValue: try call.memory.load(UInt8.self, at: address + SubscriptionLayout.tag)) else {
                throw .inval
            }
            switch type {
            case .clock:
                do throws(WASIErrno) {
                    let deadline = try clockDeadline(call.memory, at: address, monotonicNow: start)
                    clocks.append(ClockWait(userdata: userdata, deadline: deadline))
                } catch {
                    ready.append(PollEvent(userdata: userdata, error: error, type: type))
                }
            case .fdRead, .fdWrite:
                let fd = try call.memory.load(UInt32.self, at: address + SubscriptionLayout.fileDescriptor)
                var event = PollEvent(userdata: userdata, type: type)
                if let descriptor = readiness(of: fd, for: type, call.context, &event) {
                    hostWaits.append(HostWait(userdata: userdata, type: type, descriptor: descriptor))
                } else {
                    ready.append(event)
                }
            }
        }

        while true {
            let now = try HostClock.now(ClockID.monotonic.rawValue)
            var events = ready
            for clock in clocks where clock.deadline <= now {
                events.append(PollEvent(userdata: clock.userdata, type: .clock))
            }
            let earliest = clocks.map(\.deadline).min()
            if events.isEmpty || !hostWaits.isEmpty {
                // Ask the host streams without waiting when something is ready already.
                var timeout = events.isEmpty ? earliest.map { $0 > now ? $0 - now : 0 } : 0
                if timeout != 0 {
                    // In slices, so that a store asked to stop (its deadline)
                    // is not held by a long sleep.
                    if call.interruption.isSet { throw .intr }
                    timeout = min(timeout ?? waitSlice, waitSlice)
                }
                events += try waitForHost(&hostWaits, timeout: timeout)
            }
            if !events.isEmpty {
                for (index, event) in events.enumerated() {
                    try store(event, call.memory, at: output + index * EventLayout.size)
                }
                try call.storeSize(events.count, at: call.pointer(3))
                return
            }
        }
    }

    /// A clock subscription's deadline on the monotonic clock.
    private static func clockDeadline(_ memory: WASIMemory, at address: Int, monotonicNow: UInt64) throws(WASIErrno) -> UInt64 {
        let id = try memory.load(UInt32.self, at: address + SubscriptionLayout.clockID)
        let timeout = try memory.load(UInt64.self, at: address + SubscriptionLayout.clockTimeout)
        let flags = try memory.load(UInt16.self, at: address + SubscriptionLayout.clockFlags)
        let clockNow = try HostClock.now(id)
        guard flags & subscriptionClockAbstime != 0 else {
            return monotonicNow.addingReportingOverflow(timeout).overflow ? .max : monotonicNow + timeout
        }
        let remaining = timeout > clockNow ? timeout - clockNow : 0
        return monotonicNow.addingReportingOverflow(remaining).overflow ? .max : monotonicNow + remaining
    }

    /// Fills `event` for a descriptor that is ready (or wrong) now, or
    /// returns the host descriptor to `poll` for.
    private static func readiness(of fd: UInt32, for type: EventType, _ context: WASIContext, _ event: inout PollEvent) -> pollfd? {
        guard let entry = context.descriptors[fd] else {
            event.error = .badf
            return nil
        }
        guard entry.rights.contains(type == .fdRead ? .fdRead : .fdWrite) else {
            event.error = .badf
            return nil
        }
        switch entry.kind {
        case .standardInput, .standardOutput, .standardError:
            if entry.hostDescriptor >= 0 {
                return pollfd(fd: entry.hostDescriptor, events: Int16(type == .fdRead ? POLLIN : POLLOUT), revents: 0)
            }
            if entry.kind == .standardInput {
                event.byteCount = UInt64(context.standardInput.remaining)
                if context.standardInput.remaining == 0 { event.flags = eventFdReadwriteHangup }
            }
            return nil
        case .file:
            if type == .fdRead, let attributes = try? HostFileSystem.attributes(of: entry.hostDescriptor) {
                let position = lseek(entry.hostDescriptor, 0, SEEK_CUR)
                event.byteCount = position >= 0 && UInt64(position) < attributes.size ? attributes.size - UInt64(position) : 0
            }
            return nil
        case .directory:
            event.error = .badf
            return nil
        }
    }

    /// Polls the host descriptors for up to `timeout` nanoseconds (nil:
    /// without limit; with no descriptors, a sleep) and returns their events.
    private static func waitForHost(_ waits: inout [HostWait], timeout: UInt64?) throws(WASIErrno) -> [PollEvent] {
        guard !waits.isEmpty else {
            if let timeout, timeout > 0 { sleep(nanoseconds: timeout) }
            return []
        }
        var descriptors = waits.map(\.descriptor)
        // Round up so a pending timeout never spins at 0 ms.
        let milliseconds = timeout.map { Int32(clamping: ($0 + 999_999) / 1_000_000) } ?? -1
        let result = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        if result < 0 {
            guard errno == EINTR else { throw WASIErrno.lastHostError }
            return []
        }
        var events: [PollEvent] = []
        for (wait, descriptor) in zip(waits, descriptors) where descriptor.revents != 0 {
            var event = PollEvent(userdata: wait.userdata, type: wait.type)
            if descriptor.revents & Int16(POLLNVAL) != 0 { event.error = .badf }
            if descriptor.revents & Int16(POLLHUP) != 0 { event.flags = eventFdReadwriteHangup }
            events.append(event)
        }
        return events
    }

    private static func sleep(nanoseconds: UInt64) {
        let seconds = min(nanoseconds / 1_000_000_000, UInt64(Int32.max))
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }

    private static func store(_ event: PollEvent, _ memory: WASIMemory, at address: Int) throws(WASIErrno) {
        try memory.fill(0, count: EventLayout.size, at: address)
        try memory.store(event.userdata, at: address + EventLayout.userdata)
        try memory.store(event.error.rawValue, at: address + EventLayout.error)
        try memory.store(event.type.rawValue, at: address + EventLayout.type)
        if event.type != .clock {
            try memory.store(event.byteCount, at: address + EventLayout.byteCount)
            try memory.store(event.flags, at: address + EventLayout.flags)
        }
    }
}
