import Synchronization

/// Stores come and go with every request; their stacks (8 MiB of value slots
/// and the call-frame array by default) are kept here and handed to the next
/// store instead of being allocated and faulted in again.
final class ExecutionPool: Sendable {
    private let idle = Mutex<[Execution]>([])
    /// More idle stacks than this are freed: enough for every worker thread.
    static let capacity = 32

    func take(configuration: EngineConfiguration) -> Execution {
        if let execution = idle.withLock({ $0.popLast() }) { return execution }
        return Execution(configuration: configuration)
    }

    /// Takes back the stack of a store that is going away; nothing runs on it.
    func recycle(_ execution: Execution) {
        execution.reset()
        idle.withLock { idle in
            if idle.count < Self.capacity { idle.append(execution) }
        }
    }
}
