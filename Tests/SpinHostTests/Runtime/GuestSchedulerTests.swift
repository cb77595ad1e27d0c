import Foundation
@testable import SpinHost
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Long jobs drop to the idle policy after their slice of CPU time, at most
/// half the workers at once, and short jobs still run beside them.
@Suite(.serialized) struct GuestSchedulerTests {
    /// A value shared with jobs on other threads.
    final class Shared<Value>: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func withLock<R>(_ body: (inout Value) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }

    /// The calling thread's scheduling policy.
    static func currentPolicy() -> Int32 {
        var policy: Int32 = 0
        var parameters = sched_param()
        _ = pthread_getschedparam(pthread_self(), &policy, &parameters)
        return policy
    }

    /// Burns CPU until `done` is set or `seconds` pass; returns the policy it ended under.
    static func spin(until done: Shared<Bool>, seconds: Double) -> Int32 {
        let end = Date().addingTimeInterval(seconds)
        var sink = 0
        while !done.withLock({ $0 }), Date() < end { for index in 0..<10_000 { sink &+= index } }
        return sink == -1 ? -1 : currentPolicy()
    }

    func scheduler(workers: Int) -> GuestScheduler {
        var settings = GuestScheduler.Settings()
        settings.workers = workers
        let scheduler = GuestScheduler(settings: settings)
        scheduler.start()
        return scheduler
    }

    /// A component whose requests usually run long gets four times their
    /// median CPU time as its slice, between the base slice and the longest.
    @Test func slicesFollowEachComponentsMedian() {
        var settings = GuestScheduler.Settings()
        settings.slice = 0.002
        settings.longestSlice = 0.1
        let scheduler = GuestScheduler(settings: settings)
        #expect(scheduler.currentSlice(for: nil) == .milliseconds(2))
        #expect(scheduler.currentSlice(for: "unseen") == .milliseconds(2))
        for _ in 0..<10 { scheduler.record(.milliseconds(10), for: "python") }
        for _ in 0..<5 { scheduler.record(.milliseconds(900), for: "python") }  // a few slow ones
        #expect(scheduler.currentSlice(for: "python") == .milliseconds(40), "4 x the median, not the mean")
        for _ in 0..<16 { scheduler.record(.microseconds(100), for: "wagi") }
        #expect(scheduler.currentSlice(for: "wagi") == .milliseconds(2), "never below the base slice")
        for _ in 0..<16 { scheduler.record(.seconds(5), for: "loop") }
        #expect(scheduler.currentSlice(for: "loop") == .milliseconds(100), "never above the longest slice")
        for _ in 0..<16 { scheduler.record(.microseconds(100), for: "python") }
        #expect(scheduler.currentSlice(for: "python") == .milliseconds(2), "only the last 16 count")
    }

    @Test func longJobsAreDemotedAndShortOnesAreNot() throws {
        let scheduler = scheduler(workers: 4)
        defer { scheduler.shutdown() }
        let stop = Shared(false)
        let policies = Shared<[String: Int32]>([:])
        let finished = DispatchSemaphore(value: 0)
        for name in ["long-1", "long-2", "long-3"] {
            scheduler.submit {
                let policy = Self.spin(until: stop, seconds: 10)
                policies.withLock { $0[name] = policy }
                finished.signal()
            }
        }
        // Wait until the two demotions half of four workers allow have happened.
        let deadline = Date().addingTimeInterval(5)
        while scheduler.load.demoted < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(scheduler.load == (running: 3, demoted: 2), "at most half the workers are demoted")
        // A short job still gets the fourth worker, at normal priority.
        let short = DispatchSemaphore(value: 0)
        let shortPolicy = Shared<Int32>(-1)
        scheduler.submit {
            shortPolicy.withLock { $0 = Self.currentPolicy() }
            short.signal()
        }
        #expect(short.wait(timeout: .now() + 5) == .success)
        #expect(shortPolicy.withLock { $0 } == SCHED_OTHER)
        stop.withLock { $0 = true }
        for _ in 0..<3 { #expect(finished.wait(timeout: .now() + 10) == .success) }
        // Each job reports its policy as it ends. Once a demoted one has
        // ended, its place is free and the monitor may demote the third long
        // job before it sees `stop`: so two or three, never fewer than the
        // two counted above while all three ran.
        let ended = policies.withLock { $0 }
        #expect(ended.values.filter { $0 == GuestScheduler.schedIdle }.count >= 2, "\(ended)")
        #expect(ended.count == 3, "\(ended)")
    }

    @Test func threadsOfDemotedJobsAreReplaced() throws {
        let scheduler = scheduler(workers: 2)
        defer { scheduler.shutdown() }
        let order = Shared<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        // One long job (demoted, so its thread ends), then short ones, on a fresh thread too.
        let long = Shared(false)
        scheduler.submit {
            _ = Self.spin(until: long, seconds: 0.1)
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        for index in 0..<50 {
            scheduler.submit {
                #expect(Self.currentPolicy() == SCHED_OTHER, "a replaced thread starts at normal priority")
                order.withLock { $0.append(index) }
                done.signal()
            }
        }
        for _ in 0..<50 { #expect(done.wait(timeout: .now() + 5) == .success) }
        #expect(order.withLock { $0 }.sorted() == Array(0..<50))
    }

    /// A job waiting in `blocking` lends its active place: with one place,
    /// the job queued behind it runs (and here ends the wait) before it
    /// returns. Outside a scheduled job, `blocking` just runs its body.
    @Test func aJobWaitingInTheHostLendsItsPlace() throws {
        var settings = GuestScheduler.Settings()
        settings.workers = 2
        settings.active = 1
        let scheduler = GuestScheduler(settings: settings)
        scheduler.start()
        defer { scheduler.shutdown() }
        let backend = DispatchSemaphore(value: 0)
        let waited = Shared<DispatchTimeoutResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        scheduler.submit {
            let result = GuestScheduler.blocking { backend.wait(timeout: .now() + 5) }
            waited.withLock { $0 = result }
            done.signal()
        }
        scheduler.submit {
            backend.signal()
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(waited.withLock { $0 } == .success, "the second job ran while the first waited")
        #expect(GuestScheduler.blocking { 7 } == 7)
    }
}
