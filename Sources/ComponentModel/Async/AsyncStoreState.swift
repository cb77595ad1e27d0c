import WasmInterpreter

/// Per-store state of the async ABI: the threads running now (innermost
/// last), the threads parked until they can go on, and the streams, futures
/// and error contexts in flight between a lift out of one instance and a
/// lower into another, keyed by the number `ComponentValue` carries for them.
final class AsyncStoreState {
    static let key = HostStateKey<AsyncStoreState>()

    private(set) var running: [GuestThread] = []
    /// Parked threads in the order they parked; the first ready one runs next.
    private var parked: [GuestThread] = []
    private var inFlight: [UInt32: InFlight] = [:]
    private var nextKey: UInt32 = 1

    enum InFlight {
        case stream(SharedStream)
        case future(SharedFuture)
        case errorContext(ErrorContext)
    }

    static func of(_ store: Store) -> AsyncStoreState {
        if let state = store[key] { return state }
        let state = AsyncStoreState()
        store[key] = state
        return state
    }

    var currentThread: GuestThread? { running.last }
    var currentTask: Task? { running.last?.task }

    /// Runs `body` as `thread`, which built-ins then see as current.
    func run<Result>(_ thread: GuestThread, _ body: () throws(Trap) -> Result) throws(Trap) -> Result {
        running.append(thread)
        defer { running.removeLast() }
        return try body()
    }

    // MARK: Scheduling

    /// Parks `thread`, whose `waiting` says until when.
    func park(_ thread: GuestThread) {
        parked.append(thread)
    }

    /// Resumes the first parked thread that can go on; false when none can.
    func tick() throws(Trap) -> Bool {
        guard let position = parked.firstIndex(where: \.isReady) else { return false }
        let thread = parked.remove(at: position)
        try thread.resumeParked(from: nil)
        return true
    }

    /// Resumes the ready parked threads of `task`, entering from `caller`.
    func runReadyThreads(of task: Task, from caller: ComponentInstanceState?) throws(Trap) {
        while let position = parked.firstIndex(where: { $0.task === task && $0.isReadyInInstance }),
              task.instance.mayEnter(from: caller) {
            try parked.remove(at: position).resumeParked(from: caller)
        }
    }

    /// The parked threads of `task`, in the order they parked.
    func parkedThreads(of task: Task) -> [GuestThread] { parked.filter { $0.task === task } }

    /// Takes `thread` off the parked list (a thread promoted by another).
    func unpark(_ thread: GuestThread) {
        if let position = parked.firstIndex(where: { $0 === thread }) { parked.remove(at: position) }
    }

    /// A parked thread of `instance` ready to go on, taken off the list: what a
    /// synchronous call whose thread blocked runs meanwhile (CanonicalABI.md, `canon_lift`).
    func takeReadyThread(in instance: ComponentInstanceState) -> GuestThread? {
        // Not the thread of a task holding the instance alone: it may be using the shadow stack.
        guard let position = parked.firstIndex(where: { $0.task.instance === instance && $0.isReadyInInstance
                                                        && $0.task !== instance.exclusiveTask })
        else { return nil }
        return parked.remove(at: position)
    }

    /// The embedder's own work, for when no task can go on (see `ComponentEventLoop.idleHandler`).
    var idleHandler: (() throws(Trap) -> Bool)?

    /// Runs parked tasks until `condition` holds (a blocked caller's wait);
    /// when none can go on, the embedder may make progress, else it is a deadlock.
    func waitUntil(_ condition: () -> Bool) throws(Trap) {
        while !condition() {
            if try tick() { continue }
            guard let idleHandler, try idleHandler() else {
                throw CanonicalTrap.trap("deadlock detected: event loop cannot make further progress")
            }
        }
    }

    /// Runs parked tasks while any can go on (what the host does after a
    /// call resolves, so that tasks still working after `task.return` finish).
    func runReadyTasks() throws(Trap) {
        while try tick() {}
    }

    var hasParkedTasks: Bool { !parked.isEmpty }

    // MARK: Values in flight

    func send(_ value: InFlight) -> UInt32 {
        let key = nextKey
        nextKey &+= 1
        inFlight[key] = value
        return key
    }

    func receive(_ key: UInt32) -> InFlight? { inFlight.removeValue(forKey: key) }

    /// An error context stays shared: its handles copy, they do not move.
    func errorContext(_ key: UInt32) -> ErrorContext? {
        if case .errorContext(let context)? = inFlight[key] { return context }
        return nil
    }
}
