#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import WasmInterpreter

/// `wasi:clocks/monotonic-clock` and `wasi:clocks/wall-clock`
/// ([wasi-clocks 0.2.0](https://github.com/WebAssembly/wasi-clocks/tree/v0.2.0/wit)),
/// on the host's `CLOCK_MONOTONIC` and `CLOCK_REALTIME`.
extension WASIComponent {
    static func defineClocks(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let monotonic = WASIInterface.monotonicClock
        linker.define(monotonic, "now", WASIComponentTypes.function([], .u64)) { _, _ throws(Trap) in
            .u64(HostClock.monotonicNow())
        }
        linker.define(monotonic, "resolution", WASIComponentTypes.function([], .u64)) { _, _ throws(Trap) in
            .u64(resolution(CLOCK_MONOTONIC))
        }
        linker.define(monotonic, "subscribe-instant",
                      WASIComponentTypes.function([("when", .u64)], .own(types.pollable))) { call, arguments throws(Trap) in
            call.own(PollableResource(.deadline(try arguments.u64(0))))
        }
        linker.define(monotonic, "subscribe-duration",
                      WASIComponentTypes.function([("when", .u64)], .own(types.pollable))) { call, arguments throws(Trap) in
            let (deadline, overflow) = HostClock.monotonicNow().addingReportingOverflow(try arguments.u64(0))
            // Too far to represent: a wait that never ends, as in wasmtime.
            return call.own(PollableResource(.deadline(overflow ? .max : deadline)))
        }

        let datetime = WASIComponentTypes.datetime
        linker.define(WASIInterface.wallClock, "now", WASIComponentTypes.function([], datetime)) { _, _ throws(Trap) in
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return .record([.u64(UInt64(max(0, time.tv_sec))), .u32(UInt32(time.tv_nsec))])
        }
        linker.define(WASIInterface.wallClock, "resolution", WASIComponentTypes.function([], datetime)) { _, _ throws(Trap) in
            let nanoseconds = resolution(CLOCK_REALTIME)
            return .record([.u64(nanoseconds / 1_000_000_000), .u32(UInt32(nanoseconds % 1_000_000_000))])
        }
    }

    /// `clock_getres` in nanoseconds.
    static func resolution(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_getres(clock, &time)
        return FileAttributes.nanoseconds(time)
    }
}
