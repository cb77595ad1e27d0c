@testable import ComponentModel
import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// `wasi:clocks/monotonic-clock@0.3.0` `wait-for`: the caller's task waits
/// on a host timer, which the event loop's idle handler fires; a caller that
/// cancels the wait ends it at once, and the timer is gone.
struct WASIp3ClockTests {
    static let clock = "wasi:clocks/monotonic-clock@0.3.0"

    /// Starts `wait-for(nanoseconds)` as an async lower would; the outcome lands in `outcome`.
    func startWait(_ host: ComponentHost, nanoseconds: UInt64, _ outcome: @escaping (String) -> Void) throws -> HostReturn {
        let function = try host.function(Self.clock, "wait-for")
        let done = HostReturn({ _ throws(Trap) in outcome("returned") }, onCancelled: { () throws(Trap) in outcome("cancelled") })
        let body = try #require(function.asyncBody)
        try body(HostCall(store: host.store), [.u64(nanoseconds)], done)
        return done
    }

    @Test func aDueTimerReturns() throws {
        let host = ComponentHost(try WASIContext())
        var outcome: String?
        let done = try startWait(host, nanoseconds: 1_000_000) { outcome = $0 }
        #expect(!done.isDone && HostTimers.of(host.store).nextDeadline != nil)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try HostTimers.of(host.store).fireDue(now: HostClock.monotonicNow()))
        #expect(outcome == "returned" && done.isDone)
    }

    @Test func aCancelledWaitEndsAtOnceWithoutItsTimer() throws {
        let host = ComponentHost(try WASIContext())
        var outcome: String?
        let done = try startWait(host, nanoseconds: 60_000_000_000) { outcome = $0 }
        try done.requestCancellation(from: nil)
        #expect(outcome == "cancelled" && done.isDone)
        #expect(HostTimers.of(host.store).nextDeadline == nil)
    }
}
