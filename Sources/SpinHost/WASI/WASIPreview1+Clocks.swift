#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmDecoder
import WasmInterpreter

/// `clock_res_get` and `clock_time_get`.
///
/// Only `realtime` and `monotonic` are supported; the CPU-time clocks would
/// measure the whole host process (every request at once), so they are
/// `errno::inval`, which the witx prescribes for unsupported clocks.
extension WASIPreview1 {
    static var clockFunctions: [(String, HostFunction)] {
        [
            function("clock_res_get", [.i32, .i32]) { call throws(WASIErrno) in
                let resolution = try HostClock.resolution(of: call.u32(0))
                try call.memory.store(resolution, at: call.pointer(1))
            },
            function("clock_time_get", [.i32, .i64, .i32]) { call throws(WASIErrno) in
                let now = try HostClock.now(call.u32(0))
                try call.memory.store(now, at: call.pointer(2))
            },
        ]
    }
}

/// The host clocks behind WASI's `$clockid`s, in nanoseconds.
enum HostClock {
    /// The host clock for a WASI clock id, or `inval`.
    static func hostClock(_ id: UInt32) throws(WASIErrno) -> clockid_t {
        switch ClockID(rawValue: id) {
        case .realtime: CLOCK_REALTIME
        case .monotonic: CLOCK_MONOTONIC
        default: throw .inval
        }
    }

    static func now(_ id: UInt32) throws(WASIErrno) -> UInt64 {
        var time = timespec()
        let clock = try hostClock(id)
        try HostFileSystem.retrying { clock_gettime(clock, &time) }
        return FileAttributes.nanoseconds(time)
    }

    static func resolution(of id: UInt32) throws(WASIErrno) -> UInt64 {
        var time = timespec()
        let clock = try hostClock(id)
        try HostFileSystem.retrying { clock_getres(clock, &time) }
        // The witx requires a non-zero resolution for supported clocks.
        return max(1, FileAttributes.nanoseconds(time))
    }
}
