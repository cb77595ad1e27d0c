public import WasmDecoder
import Synchronization

/// The owner of everything one request runs (spec §4.2.3): instances,
/// functions, memories, tables, globals, and the execution stack. A store and
/// its instances belong to one task at a time; they are not `Sendable`.
public final class Store {
    public let engine: Engine
    /// Host state for host functions, e.g. a WASI context.
    public var context: AnyObject?
    /// Function address space: index = address.
    var functions: [StoreFunction] = []
    /// The interpreter's view of each function by address (for `call_indirect`
    /// and references), kept beside `functions` in memory it can index
    /// without reference counting.
    /// SAFETY: `entryCapacity` slots, the first `functions.count` initialized; freed in `deinit`.
    private(set) var entries: UnsafeMutablePointer<FunctionEntry>
    private var entryCapacity = 16
    var instances: [InstanceState] = []
    let interruption = Interruption()
    private var lazyExecution: Execution?

    public init(engine: Engine) {
        self.engine = engine
        entries = .allocate(capacity: entryCapacity)
    }

    deinit {
        entries.deinitialize(count: functions.count)
        entries.deallocate()
        if let lazyExecution { engine.executions.recycle(lazyExecution) }
    }

    /// A handle that stops this store's running guest code from any thread.
    public var interruptHandle: Interruption { interruption }

    var execution: Execution {
        if let lazyExecution { return lazyExecution }
        let execution = engine.executions.take(configuration: engine.configuration)
        lazyExecution = execution
        return execution
    }

    /// Makes room for `count` more functions.
    func reserveFunctions(_ count: Int) {
        functions.reserveCapacity(functions.count + count)
        guard functions.count + count > entryCapacity else { return }
        let capacity = max(entryCapacity * 2, functions.count + count)
        let grown = UnsafeMutablePointer<FunctionEntry>.allocate(capacity: capacity)
        grown.moveInitialize(from: entries, count: functions.count)
        entries.deallocate()
        entries = grown
        entryCapacity = capacity
    }

    /// Adds a function; `entry` is completed by the caller for Wasm functions.
    func addFunction(_ function: StoreFunction, entry: FunctionEntry) -> Int {
        reserveFunctions(1)
        (entries + functions.count).initialize(to: entry)
        functions.append(function)
        return functions.count - 1
    }

    func updateEntry(at address: Int, _ entry: FunctionEntry) {
        entries[address] = entry
    }

    /// Calls the function at `address` from outside any Wasm code.
    func call(address: Int, arguments: [Value]) throws(Trap) -> [Value] {
        guard address >= 0, address < functions.count else { throw Trap(.host("no function at address \(address)")) }
        let type = functions[address].type
        guard arguments.count == type.parameters.count,
              zip(arguments, type.parameters).allSatisfy({ $0.type == $1 }) else {
            throw Trap(.host("arguments \(arguments) do not match \(type)"))
        }
        return try execution.invoke(self, address: address, arguments: arguments.map(Slot.encode))
            .enumerated().map { Slot.decode($0.element, as: type.results[$0.offset]) }
    }
}

/// A function at a store address. Wasm functions hold no references: one is
/// added per function of every instance, so per request (the store's
/// `instances` keep their owners alive).
enum StoreFunction {
    case wasm(Unmanaged<InstanceState>, index: Int)
    case host(HostFunction)

    var type: FunctionType {
        switch self {
        case .wasm(let owner, let index):
            owner._withUnsafeGuaranteedRef { $0.module.functionType(ofFunction: UInt32(index))! }  // defined function
        case .host(let host):
            host.type
        }
    }
}

/// A flag another thread sets to stop a guest at its next loop back-edge or
/// call (see RATIONALE.md#why-interrupt-at-back-edges).
public final class Interruption: Sendable {
    let flag = Atomic<Bool>(false)

    /// Asks the running guest to stop with the `interrupted` trap.
    public func interrupt() { flag.store(true, ordering: .relaxed) }

    /// Clears a past request, so the store can run again.
    public func reset() { flag.store(false, ordering: .relaxed) }

    var isSet: Bool { flag.load(ordering: .relaxed) }
}
