import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// `DeadlineWatchdog` stops a guest that runs past its deadline, and only then.
@Suite struct DeadlineWatchdogTests {
    /// `spin`: `loop br 0 end`, forever. `count(n)`: a loop that runs n times.
    static let module: [UInt8] = [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00,  // types: [] -> [], [i32] -> []
        0x03, 0x03, 0x02, 0x00, 0x01,  // functions
        0x07, 0x10, 0x02,  // exports
        0x04, 0x73, 0x70, 0x69, 0x6E, 0x00, 0x00,  // "spin" func 0
        0x05, 0x63, 0x6F, 0x75, 0x6E, 0x74, 0x00, 0x01,  // "count" func 1
        0x0A, 0x18, 0x02,  // code
        0x07, 0x00, 0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B,  // loop br 0 end
        0x0E, 0x00, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B, 0x0B,  // loop n -= 1; br_if 0 end
    ]

    /// One request's store and the module's two functions.
    struct Guest {
        let store: Store
        let spin: Function
        let count: Function

        init() throws {
            let engine = Engine()
            store = Store(engine: engine)
            let instance = try Linker().instantiate(try engine.compile(DeadlineWatchdogTests.module), in: store)
            spin = try #require(instance.function(named: "spin"))
            count = try #require(instance.function(named: "count"))
        }

        /// Runs the bounded loop; the trap's reason if it did not finish.
        func runShortLoop() -> Trap.Reason? {
            do {
                _ = try count.call([.i32(1000)])
                return nil
            } catch {
                return error.reason
            }
        }
    }

    @Test func guestPastItsDeadlineIsInterrupted() throws {
        let watchdog = DeadlineWatchdog(interval: 0.01)
        let guest = try Guest()
        // If the watchdog never fires, stop the endless loop anyway; the
        // elapsed time below then fails the test instead of hanging it.
        let handle = guest.store.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { handle.interrupt() }

        let start = Date()
        let ticket = watchdog.watch(guest.store.interruptHandle, seconds: 0.2)
        let trap = #expect(throws: Trap.self) { try guest.spin.call([]) }
        let elapsed = Date().timeIntervalSince(start)
        watchdog.release(ticket)
        #expect(trap?.reason == .interrupted)
        #expect(elapsed >= 0.2, "interrupted after \(elapsed) s, before its deadline")
        #expect(elapsed < 10, "interrupted after \(elapsed) s")
    }

    @Test func guestReleasedBeforeItsDeadlineRunsOn() throws {
        let watchdog = DeadlineWatchdog(interval: 0.01)
        let released = try Guest()
        let watched = try Guest()
        let releasedTicket = watchdog.watch(released.store.interruptHandle, seconds: 0.05)
        let watchedTicket = watchdog.watch(watched.store.interruptHandle, seconds: 0.05)
        #expect(releasedTicket != watchedTicket)
        watchdog.release(releasedTicket)
        Thread.sleep(forTimeInterval: 0.5)

        // Both deadlines have passed: only the one still watched was interrupted.
        #expect(released.runShortLoop() == nil)
        #expect(watched.runShortLoop() == .interrupted)
        watchdog.release(watchedTicket)
    }

    @Test func guestIsNotInterruptedBeforeItsDeadline() throws {
        let watchdog = DeadlineWatchdog(interval: 0.01)
        let guest = try Guest()
        let ticket = watchdog.watch(guest.store.interruptHandle, seconds: 30)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(guest.runShortLoop() == nil)
        watchdog.release(ticket)
    }

    /// A store is interrupted once per expired ticket; after `reset()` it
    /// runs again, and releasing an expired ticket does nothing.
    @Test func expiredTicketFiresOnce() throws {
        let watchdog = DeadlineWatchdog(interval: 0.01)
        let guest = try Guest()
        let ticket = watchdog.watch(guest.store.interruptHandle, seconds: 0)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(guest.runShortLoop() == .interrupted)
        guest.store.interruptHandle.reset()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(guest.runShortLoop() == nil)
        watchdog.release(ticket)
        #expect(guest.runShortLoop() == nil)
    }
}
