import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// Clocks, randomness, `poll_oneoff` and the small process functions.
struct ClockRandomPollTests {
    @Test func monotonicClockNeverGoesBack() throws {
        let guest = try WASIGuest(WASIContext())
        var previous: UInt64 = 0
        for _ in 0..<100 {
            #expect(try guest.call("clock_time_get", .i32(1), .i64(1), .i32(8)) == .success)
            let now = try guest.u64(at: 8)
            #expect(now >= previous)
            previous = now
        }
        #expect(previous > 0)
    }

    @Test func realtimeClockIsTheTimeOfDay() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("clock_time_get", .i32(0), .i64(0), .i32(8)) == .success)
        let seconds = Double(try guest.u64(at: 8)) / 1e9
        #expect(abs(seconds - Date().timeIntervalSince1970) < 5)
    }

    @Test(arguments: [(0, WASIErrno.success), (1, .success), (2, .inval), (3, .inval), (99, .inval)] as [(UInt32, WASIErrno)])
    func clockResolution(clock: UInt32, expected: WASIErrno) throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("clock_res_get", .i32(clock), .i32(8)) == expected)
        if expected == .success { #expect(try guest.u64(at: 8) > 0) }
        #expect(try guest.call("clock_time_get", .i32(clock), .i64(0), .i32(8)) == expected)
    }

    @Test func randomGetFillsTheBuffer() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("random_get", .i32(100), .i32(61)) == .success)
        let first = try guest.bytes(at: 100, count: 61)
        #expect(try guest.call("random_get", .i32(100), .i32(61)) == .success)
        let second = try guest.bytes(at: 100, count: 61)
        #expect(first != second)
        #expect(Set(first).count > 20)
        #expect(try guest.bytes(at: 161, count: 1) == [0])  // nothing past the end
        #expect(try guest.call("random_get", .i32(65530), .i32(7)) == .fault)
        #expect(try guest.call("random_get", .i32(0xFFFF_FFFF), .i32(0)) == .success)
    }

    @Test func randomGetUsesTheContextsGenerator() throws {
        struct Counter: RandomNumberGenerator {
            var value: UInt64 = 0x0706_0504_0302_0100
            mutating func next() -> UInt64 {
                defer { value &+= 0x0808_0808_0808_0808 }
                return value
            }
        }
        let context = try WASIContext()
        context.randomNumberGenerator = Counter()
        let guest = try WASIGuest(context)
        #expect(try guest.call("random_get", .i32(100), .i32(12)) == .success)
        #expect(try guest.bytes(at: 100, count: 12) == Array(0..<12))
    }

    @Test func schedYieldAndProcRaise() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("sched_yield") == .success)
        #expect(try guest.call("proc_raise", .i32(2)) == .notsup)
    }

    @Test func socketsAreNotAvailable() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("sock_accept", .i32(1), .i32(0), .i32(0)) == .notsock)
        #expect(try guest.call("sock_recv", .i32(0), .i32(0), .i32(0), .i32(0), .i32(0), .i32(4)) == .notsock)
        #expect(try guest.call("sock_send", .i32(9), .i32(0), .i32(0), .i32(0), .i32(0)) == .badf)
        #expect(try guest.call("sock_shutdown", .i32(2), .i32(3)) == .notsock)
    }

    // MARK: poll_oneoff

    /// A `$subscription` record.
    static func subscription(userdata: UInt64, clock: UInt32 = 1, timeout: UInt64, absolute: Bool = false) -> [UInt8] {
        var bytes = littleEndian(userdata) + [0] + [UInt8](repeating: 0, count: 7)
        bytes += littleEndian(clock) + [0, 0, 0, 0] + littleEndian(timeout) + littleEndian(UInt64(0))
        bytes += littleEndian(UInt16(absolute ? 1 : 0)) + [0, 0, 0, 0, 0, 0]
        return bytes
    }

    static func subscription(userdata: UInt64, descriptor: UInt32, write: Bool) -> [UInt8] {
        littleEndian(userdata) + [write ? 2 : 1] + [UInt8](repeating: 0, count: 7)
            + littleEndian(descriptor) + [UInt8](repeating: 0, count: 28)
    }

    struct Event: Equatable {
        var userdata: UInt64
        var error: UInt16
        var type: UInt8
        var byteCount: UInt64
        var flags: UInt16
    }

    static func events(_ guest: WASIGuest, at address: Int) throws -> [Event] {
        try (0..<Int(try guest.u32(at: 0))).map { index in
            let base = address + index * 32
            let header = try guest.bytes(at: base + 8, count: 3)
            return Event(userdata: try guest.u64(at: base), error: UInt16(header[0]) | UInt16(header[1]) << 8,
                         type: header[2], byteCount: try guest.u64(at: base + 16),
                         flags: UInt16(try guest.u32(at: base + 24) & 0xFFFF))
        }
    }

    @Test func pollSleepsUntilTheClockTimeout() throws {
        let guest = try WASIGuest(WASIContext())
        let (input, _) = try guest.place(Self.subscription(userdata: 77, timeout: 30_000_000))
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(1), .i32(0)) == .success)
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        #expect(elapsed >= 30_000_000)
        #expect(try Self.events(guest, at: 4096) == [Event(userdata: 77, error: 0, type: 0, byteCount: 0, flags: 0)])
    }

    @Test func pollWithAnAbsoluteDeadlineOnEachClock() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("clock_time_get", .i32(1), .i64(0), .i32(8)) == .success)
        let monotonic = try guest.u64(at: 8)
        #expect(try guest.call("clock_time_get", .i32(0), .i64(0), .i32(8)) == .success)
        let realtime = try guest.u64(at: 8)
        let (input, _) = try guest.place(
            Self.subscription(userdata: 1, clock: 1, timeout: monotonic + 10_000_000, absolute: true)
                + Self.subscription(userdata: 2, clock: 0, timeout: realtime - 1_000_000_000, absolute: true))
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(2), .i32(0)) == .success)
        // The past realtime deadline is due at once; the monotonic one is not yet.
        #expect(try Self.events(guest, at: 4096).map(\.userdata) == [2])
    }

    @Test func pollReportsReadyStreamsWithoutWaiting() throws {
        let guest = try WASIGuest(WASIContext(stdin: .bytes(Array("abc".utf8)), stdout: .capture))
        let (input, _) = try guest.place(
            Self.subscription(userdata: 1, timeout: 60_000_000_000)
                + Self.subscription(userdata: 2, descriptor: 0, write: false)
                + Self.subscription(userdata: 3, descriptor: 1, write: true)
                + Self.subscription(userdata: 4, descriptor: 42, write: false)
                + Self.subscription(userdata: 5, descriptor: 1, write: false))
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(5), .i32(0)) == .success)
        let events = try Self.events(guest, at: 4096)
        #expect(events == [
            Event(userdata: 2, error: 0, type: 1, byteCount: 3, flags: 0),
            Event(userdata: 3, error: 0, type: 2, byteCount: 0, flags: 0),
            Event(userdata: 4, error: WASIErrno.badf.rawValue, type: 1, byteCount: 0, flags: 0),
            Event(userdata: 5, error: WASIErrno.badf.rawValue, type: 1, byteCount: 0, flags: 0),
        ])
    }

    @Test func pollSeesEndOfInputAsHangup() throws {
        let guest = try WASIGuest(WASIContext(stdin: .empty))
        let (input, _) = try guest.place(Self.subscription(userdata: 9, descriptor: 0, write: false))
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(1), .i32(0)) == .success)
        #expect(try Self.events(guest, at: 4096) == [Event(userdata: 9, error: 0, type: 1, byteCount: 0, flags: 1)])
    }

    @Test func pollFileIsAlwaysReady() throws {
        let sandbox = try TemporaryDirectory()
        try sandbox.write("12345", to: "five.txt")
        let guest = try WASIGuest(WASIContext(preopens: [WASIPreopenDirectory(hostPath: sandbox.path, guestPath: ".")]))
        let fd = try guest.open("five.txt").get()
        _ = try guest.read(fd, count: 2)
        let (input, _) = try guest.place(Self.subscription(userdata: 1, descriptor: fd, write: false))
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(1), .i32(0)) == .success)
        #expect(try Self.events(guest, at: 4096) == [Event(userdata: 1, error: 0, type: 1, byteCount: 3, flags: 0)])
    }

    @Test func pollRejectsBadRequests() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.call("poll_oneoff", .i32(0), .i32(4096), .i32(0), .i32(0)) == .inval)
        #expect(try guest.call("poll_oneoff", .i32(65000), .i32(4096), .i32(100), .i32(0)) == .fault)
        #expect(try guest.call("poll_oneoff", .i32(0), .i32(65530), .i32(1), .i32(0)) == .fault)
        var bad = Self.subscription(userdata: 1, timeout: 0)
        bad[8] = 7  // no such event type
        let (input, _) = try guest.place(bad)
        #expect(try guest.call("poll_oneoff", input, .i32(4096), .i32(1), .i32(0)) == .inval)
        let (cpuClock, _) = try guest.place(Self.subscription(userdata: 5, clock: 2, timeout: 0))
        #expect(try guest.call("poll_oneoff", cpuClock, .i32(4096), .i32(1), .i32(0)) == .success)
        #expect(try Self.events(guest, at: 4096) == [Event(userdata: 5, error: WASIErrno.inval.rawValue, type: 0, byteCount: 0, flags: 0)])
    }
}
