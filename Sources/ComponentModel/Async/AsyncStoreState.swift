import WasmInterpreter

/// Per-store state of the async ABI: the tasks running now (innermost
/// last), and the streams, futures and error contexts in flight between a
/// lift out of one instance and a lower into another, keyed by the number
/// `ComponentValue` carries for them.
final class AsyncStoreState {
    static let key = HostStateKey<AsyncStoreState>()

    private(set) var tasks: [Task] = []
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

    var currentTask: Task? { tasks.last }

    /// Runs `body` as `task`, which built-ins then see as current.
    func run<Result>(_ task: Task, _ body: () throws(Trap) -> Result) throws(Trap) -> Result {
        task.threadIndex = task.instance.threads.add()
        tasks.append(task)
        defer {
            tasks.removeLast()
            task.instance.threads.remove(task.threadIndex)
        }
        return try body()
    }

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
