import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs guests on worker threads so that long requests do not hold back
/// short ones.
///
/// At most `workers` guests are in flight (this bounds memory: each instance
/// may hold `--max-instance-memory`), and at most `active` of them run at
/// normal priority, as many as the cores keep busy without thrashing. A guest
/// that has used more than `slice` of CPU time is demoted: moved to Linux's
/// `SCHED_IDLE`, where the kernel runs it only on a core nothing else wants,
/// and no longer counted as active, so the next queued request starts. At
/// most half the workers may be demoted at once. A demoted thread cannot
/// raise its priority again without privileges, so it ends after its job and
/// the monitor thread starts a fresh one in its place. See RATIONALE.md#why-demote-long-requests
public final class GuestScheduler: @unchecked Sendable {
    // @unchecked: every mutable property, and those of its jobs and idle
    // workers, is guarded by `lock`.

    public struct Settings: Sendable {
        /// Guests in flight at once, demoted ones included.
        public var workers = GuestScheduler.defaultWorkers
        /// Guests running at normal priority at once.
        public var active = GuestScheduler.defaultActive
        /// CPU seconds a guest runs at normal priority before it is demoted.
        /// CPU time, not wall time: a short request slowed by a busy machine
        /// is not mistaken for a long one. A job submitted with a key (its
        /// component) gets more when that key's jobs usually take longer:
        /// four times their median, up to `longestSlice`.
        public var slice = 0.002
        /// The most a job's slice grows to for a key whose jobs are all long.
        public var longestSlice = 0.1
        /// Demoted guests allowed at once; nil: half the workers.
        public var maximumDemoted: Int?

        public init() {}
    }

    /// Four per core: two cores serve four long requests at low priority and
    /// still run four short ones.
    public static var defaultWorkers: Int { max(4, ProcessInfo.processInfo.activeProcessorCount * 4) }
    /// Two per core: more guests at normal priority only share the cores
    /// more finely (8 instead of 4 on two cores cost 20-30% of WAGI req/s).
    public static var defaultActive: Int { max(2, ProcessInfo.processInfo.activeProcessorCount * 2) }

    /// One submitted job and, once it runs, where and since when.
    final class Job {
        let work: @Sendable () -> Void
        /// What kind of work it is (a component), for its slice.
        var key: String?
        /// CPU time at normal priority before it is demoted.
        var slice: Duration = .zero
        var thread: pthread_t?
        /// The thread's CPU clock and its reading when the job started.
        var clock = clockid_t()
        var startCPUTime: Duration = .zero
        var startWallTime: ContinuousClock.Instant = .now
        var demoted = false
        /// Waiting in the host (`blocking`): its active place is lent out.
        var blocked = false

        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }

    /// A worker thread waiting for a job of its own.
    final class IdleWorker {
        let wake = DispatchSemaphore(value: 0)
        var job: Job?
        var stop = false
    }

    let settings: Settings
    private let maximumDemoted: Int
    private let activeLimit: Int
    private let lock = NSLock()
    /// Signalled when a job starts, so the idle monitor wakes.
    private let monitorWake = NSCondition()
    private var queue: [Job] = []
    private var queueHead = 0
    /// Waiting workers, the most recently idle last: a job goes to the
    /// thread whose caches are warmest (handing it to any waiter of a shared
    /// condition cost 15-25% of WAGI req/s with 8 workers).
    private var idle: [IdleWorker] = []
    private var running: [ObjectIdentifier: Job] = [:]
    private var activeCount = 0
    private var demotedCount = 0
    /// Workers to start in place of demoted ones that ended.
    private var spawnsPending = 0
    private var stopping = false
    /// Recent CPU times of finished jobs, per key.
    private var recentCPUTimes: [String: RecentDurations] = [:]

    public init(settings: Settings = Settings()) {
        var settings = settings
        settings.workers = max(settings.workers, 1)
        self.settings = settings
        activeLimit = max(1, min(settings.active, settings.workers))
        maximumDemoted = max(0, min(settings.maximumDemoted ?? settings.workers / 2, settings.workers - 1))
    }

    /// Starts the worker threads and the thread that demotes long jobs.
    public func start() {
        for _ in 0..<settings.workers { spawnWorker() }
        let monitor = Thread { [weak self] in
            while let scheduler = self, scheduler.monitorOnce() {}
        }
        monitor.name = "spin-guest-monitor"
        monitor.start()
    }

    /// Runs `work` on a worker thread; jobs start in submission order. Jobs
    /// with the same `key` (a component) are expected to take alike: when
    /// they usually run long, each gets a longer slice before demotion, so
    /// that a component whose every request takes 10 ms is not demoted
    /// request by request while it still protects short requests from
    /// the rare long one.
    public func submit(key: String? = nil, _ work: @escaping @Sendable () -> Void) {
        let job = Job(work)
        job.key = key
        lock.lock()
        job.slice = slice(for: key)
        queue.append(job)
        let woken = dispatch()
        lock.unlock()
        woken?.wake.signal()
    }

    /// Stops the workers once the queued jobs have run.
    public func shutdown() {
        lock.lock()
        stopping = true
        let waiting = idle
        idle.removeAll()
        for worker in waiting { worker.stop = true }
        lock.unlock()
        for worker in waiting { worker.wake.signal() }
        monitorWake.lock()
        monitorWake.signal()
        monitorWake.unlock()
    }

    /// Jobs in flight now and how many of them are demoted (for tests).
    var load: (running: Int, demoted: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (running.count, demotedCount)
    }

    /// Under `lock`: hands the next queued job to the most recently idle
    /// worker if an active place is free; returns the worker to wake.
    private func dispatch() -> IdleWorker? {
        guard queueHead < queue.count, activeCount < activeLimit, let worker = idle.popLast() else { return nil }
        worker.job = takeQueuedJob()
        return worker
    }

    /// Under `lock`: the next queued job, counted as active.
    private func takeQueuedJob() -> Job {
        let job = queue[queueHead]
        queueHead += 1
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead > 1024 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        activeCount += 1
        return job
    }

    private func spawnWorker() {
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
        var next: Job? = nil
        // The thread's CPU time when its last job ended, the next one's
        // start: between jobs it only waits, so one read of its clock (a
        // system call, as CPU clocks are not in the vDSO) serves both ends.
        var lastCPUTime = Self.cpuTime(clock)
        while true {
            let job: Job
            if let ready = next {
                job = ready
            } else {
                lock.lock()
                if queueHead < queue.count, activeCount < activeLimit {
                    job = takeQueuedJob()
                    lock.unlock()
                } else if stopping {
                    lock.unlock()
                    return
                } else {
                    let worker = IdleWorker()
                    idle.append(worker)
                    lock.unlock()
                    worker.wake.wait()
                    guard let assigned = worker.job else { return }  // stopped
                    job = assigned
                }
            }
            let started = lastCPUTime
            lock.lock()
            job.thread = thread
            job.clock = clock
            job.startCPUTime = started
            job.startWallTime = .now
            running[ObjectIdentifier(job)] = job
            lock.unlock()
            monitorWake.lock()
            monitorWake.signal()
            monitorWake.unlock()

            let current = CurrentJob(scheduler: self, job: job)
            pthread_setspecific(Self.currentJobKey, Unmanaged.passUnretained(current).toOpaque())
            withExtendedLifetime(current) { job.work() }
            pthread_setspecific(Self.currentJobKey, nil)

            lastCPUTime = Self.cpuTime(clock)
            let used = lastCPUTime - started
            lock.lock()
            if let key = job.key { recordUnlocked(used, for: key) }
            running[ObjectIdentifier(job)] = nil
            if job.demoted { demotedCount -= 1 } else { activeCount -= 1 }
            // Keep going on this thread while work is queued; a demoted
            // thread keeps its low priority, so it ends and is replaced.
            next = nil
            if !job.demoted, queueHead < queue.count, activeCount < activeLimit { next = takeQueuedJob() }
            // A thread inherits its creator's policy: the monitor, at normal
            // priority, starts the replacement.
            if job.demoted, !stopping { spawnsPending += 1 }
            lock.unlock()
            if job.demoted {
                monitorWake.lock()
                monitorWake.signal()
                monitorWake.unlock()
                return
            }
        }
    }

    /// One round of the monitor: sleeps until the oldest active job could
    /// have used its slice (CPU time never runs ahead of wall time), or until
    /// a job starts when none runs, then demotes what is due. False once stopping.
    private func monitorOnce() -> Bool {
        lock.lock()
        let earliestDue = running.values.lazy.filter { !$0.demoted }.map { $0.startWallTime + $0.slice }.min()
        let stop = stopping
        let spawns = spawnsPending
        spawnsPending = 0
        lock.unlock()
        if stop { return false }
        for _ in 0..<spawns { spawnWorker() }
        if let due = earliestDue {
            if due > .now { Thread.sleep(forTimeInterval: Self.seconds(due - .now)) }
        } else {
            monitorWake.lock()
            _ = monitorWake.wait(until: Date().addingTimeInterval(0.1))
            monitorWake.unlock()
            return true
        }
        demoteLongJobs()
        // Re-checking a job still under its slice at once would spin: it has
        // at least the CPU time it lacks left to run.
        Thread.sleep(forTimeInterval: settings.slice / 4)
        return true
    }

    /// Lowers the priority of jobs past their slice, the greediest first,
    /// while the demoted share allows.
    func demoteLongJobs() {
        let now = ContinuousClock.now
        var woken: [IdleWorker] = []
        lock.lock()
        defer {
            lock.unlock()
            for worker in woken { worker.wake.signal() }
        }
        guard demotedCount < maximumDemoted else { return }
        let due = running.values
            .filter { !$0.demoted && !$0.blocked && now - $0.startWallTime >= $0.slice }
            .map { (job: $0, used: Self.cpuTime($0.clock) - $0.startCPUTime) }
            .filter { $0.used > $0.job.slice }
            .sorted { $0.used > $1.used }
        for (job, _) in due.prefix(maximumDemoted - demotedCount) {
            job.demoted = true
            demotedCount += 1
            activeCount -= 1
            if let thread = job.thread { Self.lowerPriority(of: thread) }
            // Its active place goes to the next queued job.
            if let worker = dispatch() { woken.append(worker) }
        }
    }

    /// Each worker thread's `CurrentJob`, unretained, while its job runs: a
    /// pthread key, where `Thread.threadDictionary` bridged the value to an
    /// Objective-C object per job, 2% of the CPU of a hello request.
    private static let currentJobKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return key
    }()

    /// The job a worker thread runs, for `blocking`.
    private final class CurrentJob {
        unowned let scheduler: GuestScheduler
        let job: Job

        init(scheduler: GuestScheduler, job: Job) {
            self.scheduler = scheduler
            self.job = job
        }
    }

    /// Runs `body`, a wait in the host for a backend (a Redis reply, an
    /// outbound response), with the calling guest's active place lent to
    /// the next queued job: a guest waiting on a stalled backend does not
    /// hold back guests that do not use it. Outside a scheduled guest it
    /// just runs `body`. See RATIONALE.md#why-a-guest-waiting-on-a-backend-lends-its-place.
    public static func blocking<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        guard let raw = pthread_getspecific(currentJobKey) else { return try body() }
        let current = Unmanaged<CurrentJob>.fromOpaque(raw).takeUnretainedValue()
        current.scheduler.lend(current.job)
        defer { current.scheduler.reclaim(current.job) }
        return try body()
    }

    private func lend(_ job: Job) {
        lock.lock()
        var woken: IdleWorker?
        if !job.demoted, !job.blocked {
            job.blocked = true
            activeCount -= 1
            woken = dispatch()
        }
        lock.unlock()
        woken?.wake.signal()
    }

    private func reclaim(_ job: Job) {
        lock.lock()
        if job.blocked {
            job.blocked = false
            activeCount += 1  // may pass the limit until this job ends: it was running first
        }
        lock.unlock()
    }

    /// Under `lock`: the slice of a job with `key`: the base slice, or four
    /// times the median of the key's recent jobs, up to `longestSlice`.
    func slice(for key: String?) -> Duration {
        let base = Duration.microseconds(Int64(settings.slice * 1_000_000))
        guard let key, let median = recentCPUTimes[key]?.median else { return base }
        let longest = Duration.microseconds(Int64(max(settings.longestSlice, settings.slice) * 1_000_000))
        return min(max(base, median * 4), longest)
    }

    /// Under `lock`: a finished job's CPU time, for its key's next slices.
    private func recordUnlocked(_ used: Duration, for key: String) {
        recentCPUTimes[key, default: RecentDurations()].add(used)
    }

    /// Records a finished job's CPU time (for tests; workers record their own).
    func record(_ used: Duration, for key: String) {
        lock.lock()
        recordUnlocked(used, for: key)
        lock.unlock()
    }

    /// The slice a job submitted now with `key` would get (for tests).
    func currentSlice(for key: String?) -> Duration {
        lock.lock()
        defer { lock.unlock() }
        return slice(for: key)
    }

    /// The last 16 CPU times of one key's jobs, and their median.
    struct RecentDurations {
        private var samples: [Duration] = []
        private var next = 0
        private(set) var median: Duration?

        mutating func add(_ duration: Duration) {
            if samples.count < 16 {
                samples.append(duration)
            } else {
                samples[next] = duration
                next = (next + 1) % 16
            }
            median = samples.sorted()[samples.count / 2]
        }
    }

    /// CPU time consumed so far by the thread whose clock this is.
    static func cpuTime(_ clock: clockid_t) -> Duration {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return .zero }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
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
