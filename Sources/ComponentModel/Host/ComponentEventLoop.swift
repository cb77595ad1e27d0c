public import WasmInterpreter

/// The event loop of a store's async tasks (CanonicalABI.md, `Store.tick`),
/// as the host drives it. Tasks park when they wait (a callback returning
/// WAIT or YIELD, backpressure) and run again, one at a time, on the
/// thread that drives the loop, when what they wait for has come.
public struct ComponentEventLoop {
    let state: AsyncStoreState

    public init(_ store: Store) {
        state = AsyncStoreState.of(store)
    }

    /// Runs tasks until `condition` holds. When no task can go on, the idle
    /// handler gets a chance; without one, or when it has nothing, this
    /// traps: "deadlock detected".
    public func run(until condition: () -> Bool) throws(Trap) {
        try state.waitUntil(condition)
    }

    /// Runs tasks while any can go on without the host.
    public func runReadyTasks() throws(Trap) {
        try state.runReadyTasks()
    }

    /// Whether tasks are parked (waiting for something, or ready).
    public var hasParkedTasks: Bool { state.hasParkedTasks }

    /// Called on the loop's thread when no task can go on: wait for the
    /// host's own work (bytes arriving, a timer), do it (which may complete
    /// stream copies and so wake tasks), and return true; return false when
    /// there is nothing to wait for.
    public func setIdleHandler(_ handler: (() throws(Trap) -> Bool)?) {
        state.idleHandler = handler
    }
}

extension ComponentFunction {
    /// Starts a call without waiting for its result: `onResolve` runs when
    /// the callee returns it (nil for a function without result), maybe during this
    /// call, maybe later while a `ComponentEventLoop` runs. The callee's task
    /// may go on working after that, for as long as the loop runs it.
    public func start(_ arguments: [ComponentValue], onResolve: @escaping (ComponentValue?) -> Void) throws(Trap) {
        try function.start(from: nil, CallerSide(onStart: { arguments }, onResolve: { (value) throws(Trap) in onResolve(value) }),
                           store: store)
    }
}
