import WasmDecoder
import Synchronization

/// The owner of everything one request runs (spec §4.2.3): instances,
/// functions, memories, tables, globals, and the execution stack. A store and
/// its instances belong to one task at a time; they are not `Sendable`.
public final class Store {
    public let engine: Engine
    /// Host state by `HostStateKey` index (`store[key]`).
    var hostStates: [AnyObject?] = []
    /// Size of the function address space.
    private(set) var functionCount = 0
    /// The host functions among them, by `FunctionEntry.index`. Appended to
    /// for each of a component's ~300 lowered imports per request: no
    /// runtime exclusivity check (one task owns a store).
    @exclusivity(unchecked) private var hostFunctions: [HostFunction] = []
    /// Every function by address (for calls, `call_indirect` and references),
    /// plain values the interpreter indexes without reference counting.
    /// Each Wasm instance's function table is a window of these
    /// (`openFunctionTable`). An entry never changes once written.
    /// SAFETY: `entryCapacity` slots, the first `functionCount` initialized; freed in `deinit`.
    /// Read on every indirect call: no runtime exclusivity check (see `Execution.depth`).
    @exclusivity(unchecked) private(set) var entries: UnsafeMutablePointer<FunctionEntry>
    private var entryCapacity = 16
    /// Buffers `entries` outgrew, kept until the store dies: instances'
    /// function tables opened in them stay valid (and hold the same entries),
    /// including one that a running interpreter has loaded.
    private var outgrownEntries: [(entries: UnsafeMutablePointer<FunctionEntry>, capacity: Int)] = []
    var instances: [InstanceState] = []
    /// Exception tags by address, and the exceptions thrown so far (`Exceptions.swift`).
    var tags: [TagEntry] = []
    var exceptions: [ExceptionInstance] = []
    var freeExceptionSlots: [Int] = []
    let interruption = Interruption()
    /// Structs and arrays (Wasm 3.0, GC); they die with the store.
    let heap = GCHeap()
    /// Activations copied out of the value stack (`Suspension.swift`), roots for the collector.
    var suspendedCalls: [WeakSuspendedCall] = []
    var suspendedPruneMark = 64
    private var lazyExecution: Execution?

    public init(engine: Engine) {
        self.engine = engine
        entries = engine.functionEntries.take(capacity: entryCapacity)
    }

    deinit {
        entries.deinitialize(count: functionCount)
        engine.functionEntries.recycle(entries, capacity: entryCapacity)
        for (entries, capacity) in outgrownEntries { engine.functionEntries.recycle(entries, capacity: capacity) }
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
    package func reserveFunctions(_ count: Int) {
        guard functionCount + count > entryCapacity else { return }
        let capacity = max(entryCapacity * 2, functionCount + count)
        let grown = engine.functionEntries.take(capacity: capacity)
        // Copied, not moved: the old buffer's entries stay readable.
        grown.initialize(from: entries, count: functionCount)
        outgrownEntries.append((entries, entryCapacity))
        entries = grown
        entryCapacity = capacity
    }

    /// Room for the function table of an instance of a module with `count`
    /// functions: the store's next `count` entries, which `addWasmFunctions`
    /// fills. The table is part of the store's entries rather than a copy of
    /// them, so each defined function's entry is written once per instance.
    func openFunctionTable(count: Int) -> UnsafeMutablePointer<FunctionEntry> {
        reserveFunctions(count)
        return entries + functionCount
    }

    /// Fills the function table of `instance` (from `openFunctionTable`, with
    /// nothing added to the store since): `imports` copies of the imported
    /// functions' entries, whose addresses stay theirs, then the module's
    /// defined functions from its entry templates at the addresses that
    /// follow. One pass with no reference counting: this runs for every
    /// function per request.
    func addWasmFunctions(of instance: InstanceState, importCount: Int, templates: [FunctionEntry]) {
        let first = functionCount
        precondition(instance.functions == entries + first, "a function table filled after the store grew")
        let owner = Unmanaged.passUnretained(instance)
        // Plain pointers in the loop: a Python component copies about 18,000
        // entries per instance, and the class's properties cost an access
        // check each time round.
        let definedEntries = instance.functions + importCount
        let firstDefined = first + importCount
        templates.withUnsafeBufferPointer { templates in
            for offset in templates.indices {
                var entry = templates[offset]
                entry.owner = owner
                entry.address = firstDefined + offset
                (definedEntries + offset).initialize(to: entry)
            }
        }
        functionCount = firstDefined + templates.count
    }

    /// Adds a host function and returns its address, for layers that make
    /// host functions per instance (the canonical ABI's lowered functions).
    /// `typeID` is its type's id in this store's engine (`Engine.typeID(of:)`),
    /// found once beforehand: registering a type takes the engine's lock and
    /// hashes the type.
    package func addHostFunction(_ function: consuming HostFunction, typeID: Int) -> Int {
        reserveFunctions(1)
        let address = functionCount
        var entry = FunctionEntry(host: function.type, address: address, typeID: typeID)
        entry.index = UInt32(hostFunctions.count)
        hostFunctions.append(function)
        (entries + address).initialize(to: entry)
        functionCount += 1
        return address
    }

    /// What lives at `address` (which must exist).
    func function(at address: Int) -> StoreFunction {
        let entry = entries[address]
        if let owner = entry.owner, entry.code != nil { return .wasm(owner, index: Int(entry.index)) }
        return .host(hostFunctions[Int(entry.index)])
    }

    /// Calls the function at `address` on raw slots, from outside any Wasm
    /// code: the arguments in the first slots of `slots`, the results written
    /// back from slot 0 (the canonical ABI's flattened values; no `Value`s).
    /// `slots` must hold max(parameters, results) slots of the function's type.
    package func invoke(address: Int, slots: UnsafeMutableBufferPointer<UInt64>) throws(Trap) {
        guard address >= 0, address < functionCount else { throw Trap(.host("no function at address \(address)")) }
        let type = function(at: address).type
        let (parameterSlots, resultSlots) = (Slot.count(of: type.parameters), Slot.count(of: type.results))
        guard slots.count >= max(parameterSlots, resultSlots) else {
            throw Trap(.host("\(slots.count) slots for a function of type \(type)"))
        }
        try execution.invoke(self, address: address, slots: slots, argumentCount: parameterSlots)
    }

    /// Calls the function at `address` from outside any Wasm code.
    func call(address: Int, arguments: [Value]) throws(Trap) -> [Value] {
        guard address >= 0, address < functionCount else { throw Trap(.host("no function at address \(address)")) }
        let type = function(at: address).type
        let typeIDs = entries[address].owner?.takeUnretainedValue().compiled.typeIDs
        guard arguments.count == type.parameters.count,
              zip(arguments, type.parameters).allSatisfy({ $0.matches($1, store: self, typeIDs: typeIDs) }) else {
            throw Trap(.host("arguments \(arguments) do not match \(type)"))
        }
        let parameterSlots = Slot.count(of: type.parameters)
        var slots = [UInt64](repeating: 0, count: max(parameterSlots, Slot.count(of: type.results)))
        return try slots.withUnsafeMutableBufferPointer { (slots) throws(Trap) in
            Slot.write(arguments, to: slots)
            try execution.invoke(self, address: address, slots: slots, argumentCount: parameterSlots)
            return pinned(Slot.read(type.results, from: slots))
        }
    }
}

/// A function at a store address, as the slow paths see it (the store's
/// `instances` keep the owners of Wasm functions alive).
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

    /// Whether a stop was asked for: a host function that waits checks it,
    /// since a guest blocked in the host reaches no back-edge.
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}
