import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs guests on a fixed set of worker threads so that long requests do not
/// hold back short ones.
///
/// At most `workers` guests run at once (this bounds memory: each instance
/// may hold `--max-instance-memory`). A guest that has used more than
/// `slice` of CPU time is moved to the lowest CPU priority (Linux's `SCHED_IDLE`) and the
/// kernel prefers every other runnable thread over it; at most half the workers
/// may be so demoted at once, so short requests always keep threads of
/// their own. A demoted thread cannot raise its priority again without
/// privileges, so it ends after its job and a fresh thread takes its place.
/// See RATIONALE.md#why-demote-long-requests
public final class GuestScheduler: Sendable {
    public struct Settings: Sendable {
        /// Guests running at once.
        public var workers = GuestScheduler.defaultWorkers
        /// CPU seconds a guest runs at normal priority before it is demoted.
        /// CPU time, not wall time: a short request slowed by a busy machine
        /// is not mistaken for a long one.
        public var slice = 0.002
        /// Demoted guests allowed at once; nil: half the workers.
        public var maximumDemoted: Int?

        public init() {}
    }

    /// Four per core: two cores serve four long requests at low priority and
    /// still have four threads for short ones.
    public static var defaultWorkers: Int { max(4, ProcessInfo.processInfo.activeProcessorCount * 4) }

    /// One submitted job and, once it runs, where and since when.
    final class Job: @unchecked Sendable {
        // @unchecked: `thread`, `startCPUTime` and `demoted` are guarded by the scheduler's mutex.
        let work: @Sendable () -> Void
        var thread: pthread_t?
        /// The thread's CPU clock and its reading when the job started.
        var clock = clockid_t()
        var startCPUTime: Duration = .zero
        var demoted = false

        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }

    struct State {
        var queue: [Job] = []
        var queueHead = 0
        var running: [ObjectIdentifier: Job] = [:]
        var demoted = 0
        var threads = 0
        var stopping = false
    }

    let settings: Settings
    private let state = Mutex(State())
    private let wake = NSCondition()
    private let maximumDemoted: Int

    public init(settings: Settings = Settings()) {
        var settings = settings
        settings.workers = max(settings.workers, 1)
        self.settings = settings
        maximumDemoted = max(0, min(settings.maximumDemoted ?? settings.workers / 2, settings.workers - 1))
    }

    /// Starts the worker threads and the thread that demotes long jobs.
    public func start() {
        for _ in 0..<settings.workers { spawnWorker() }
        let monitor = Thread { [weak self] in
            while let scheduler = self, !scheduler.isStopping {
                scheduler.demoteLongJobs()
                Thread.sleep(forTimeInterval: scheduler.settings.slice / 3)
            }
        }
        monitor.name = "spin-guest-monitor"
        monitor.start()
    }

    /// Runs `work` on a worker thread, in submission order.
    public func submit(_ work: @escaping @Sendable () -> Void) {
        let job = Job(work)
        wake.lock()
        state.withLock { $0.queue.append(job) }
        wake.signal()
        wake.unlock()
    }

    /// Stops the workers once the queued jobs have run.
    public func shutdown() {
        wake.lock()
        state.withLock { $0.stopping = true }
        wake.broadcast()
        wake.unlock()
    }

    /// Jobs running now and how many of them are demoted (for tests).
    var load: (running: Int, demoted: Int) {
        state.withLock { ($0.running.count, $0.demoted) }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func spawnWorker() {
        state.withLock { $0.threads += 1 }
        let thread = Thread { [self] in workerLoop() }
        thread.name = "spin-guest"
        // Guests run on the interpreter's own stack; host code needs little.
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func workerLoop() {
        let thread = pthread_self()
        var clock = clockid_t()
        _ = pthread_getcpuclockid(thread, &clock)
        while let job = nextJob() {
            let started = Self.cpuTime(clock)
            state.withLock { state in
                job.thread = thread
                job.clock = clock
                job.startCPUTime = started
                state.running[ObjectIdentifier(job)] = job
            }
            job.work()
            let demoted = state.withLock { state -> Bool in
                state.running[ObjectIdentifier(job)] = nil
                if job.demoted { state.demoted -= 1 }
                return job.demoted
            }
            if demoted {
                // This thread's priority stays low: replace it.
                state.withLock { $0.threads -= 1 }
                if !isStopping { spawnWorker() }
                return
            }
        }
        state.withLock { $0.threads -= 1 }
    }

    /// The next queued job; nil once stopping with nothing left to run.
    private func nextJob() -> Job? {
        wake.lock()
        defer { wake.unlock() }
        while true {
            let (job, stopping) = state.withLock { state -> (Job?, Bool) in
                guard state.queueHead < state.queue.count else {
                    if !state.queue.isEmpty { state.queue.removeAll(keepingCapacity: true); state.queueHead = 0 }
                    return (nil, state.stopping)
                }
                let job = state.queue[state.queueHead]
                state.queueHead += 1
                if state.queueHead > 1024, state.queueHead * 2 > state.queue.count {
                    state.queue.removeFirst(state.queueHead)
                    state.queueHead = 0
                }
                return (job, false)
            }
            if let job { return job }
            if stopping { return nil }
            wake.wait()
        }
    }

    /// Lowers the priority of jobs past their slice, the greediest first,
    /// while the demoted share allows.
    func demoteLongJobs() {
        let slice = Duration.microseconds(Int64(settings.slice * 1_000_000))
        state.withLock { state in
            guard state.demoted < maximumDemoted, !state.running.isEmpty else { return }
            let due = state.running.values
                .filter { !$0.demoted }
                .map { (job: $0, used: Self.cpuTime($0.clock) - $0.startCPUTime) }
                .filter { $0.used > slice }
                .sorted { $0.used > $1.used }
            for (job, _) in due.prefix(maximumDemoted - state.demoted) {
                job.demoted = true
                state.demoted += 1
                if let thread = job.thread { Self.lowerPriority(of: thread) }
            }
        }
    }

    /// CPU time consumed so far by the thread whose clock this is.
    static func cpuTime(_ clock: clockid_t) -> Duration {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return .zero }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// `SCHED_IDLE` for one thread: it runs only when no normal thread of
    /// the machine wants the core. Any user may lower a thread's policy this
    /// way; only a privileged one may raise it back. Elsewhere a no-op.
    static func lowerPriority(of thread: pthread_t) {
        #if os(Linux)
        var parameters = sched_param(sched_priority: 0)
        _ = pthread_setschedparam(thread, schedIdle, &parameters)
        #endif
    }

    /// Linux's `SCHED_IDLE` (sched.h; not imported into Swift).
    static let schedIdle: Int32 = 5
}
