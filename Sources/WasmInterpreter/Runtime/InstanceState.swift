public import WasmDecoder

/// Where a call to function index `i` of an instance goes: the interpreter
/// reads this table on every call, so it holds raw values only. The counts
/// are stored in 32 bits (a frame has fewer than 2^16 registers, a store
/// fewer than 2^32 functions and types): 48 bytes an entry instead of 72,
/// and every instance writes one per function of its module
/// (`addWasmFunctions`: 12% of instantiating the Python component at 72 bytes).
struct FunctionEntry {
    /// The translated code; nil for a host function.
    var code: UnsafePointer<Op>?
    /// The instance whose code it is (another one for an imported Wasm function).
    var owner: Unmanaged<InstanceState>?
    /// The function's index in its owner's module, for backtraces.
    var index: UInt32
    private var storedFrameSize: UInt32
    private var storedParameterCount: UInt32
    private var storedLocalCount: UInt32
    private var storedResultCount: UInt32
    private var storedAddress: UInt32
    private var storedTypeID: UInt32

    init(code: UnsafePointer<Op>?, owner: Unmanaged<InstanceState>?, index: UInt32, frameSize: Int,
         parameterCount: Int, localCount: Int, resultCount: Int, address: Int, typeID: Int) {
        self.code = code
        self.owner = owner
        self.index = index
        storedFrameSize = UInt32(frameSize)
        storedParameterCount = UInt32(parameterCount)
        storedLocalCount = UInt32(localCount)
        storedResultCount = UInt32(resultCount)
        storedAddress = UInt32(address)
        storedTypeID = UInt32(typeID)
    }

    var frameSize: Int { Int(storedFrameSize) }
    var parameterCount: Int { Int(storedParameterCount) }
    var localCount: Int { Int(storedLocalCount) }
    var resultCount: Int { Int(storedResultCount) }
    /// The function's address in the store.
    var address: Int {
        get { Int(storedAddress) }
        set { storedAddress = UInt32(newValue) }
    }
    var typeID: Int { Int(storedTypeID) }
}

// Entries point at immutable code and, once in a store, at its instances;
// compiled modules share owner-less templates of them between threads.
extension FunctionEntry: @unchecked Sendable {}

extension FunctionEntry {
    /// The entry of a host function: no code, arguments and results in slots.
    /// Inlined: called out of line, its caller retained the type's arrays.
    @inline(__always)
    init(host type: FunctionType, address: Int, typeID: Int) {
        self.init(code: nil, owner: nil, index: 0, frameSize: 0, parameterCount: Slot.count(of: type.parameters),
                  localCount: 0, resultCount: Slot.count(of: type.results), address: address, typeID: typeID)
    }
}

/// An instantiated module (spec §4.2.5), owned by its store.
final class InstanceState {
    unowned let store: Store
    let compiled: CompiledModule
    /// The function table: imports first, then the module's own functions.
    /// SAFETY: `compiled.module.functionCount` entries, a window of the
    /// store's (`Store.openFunctionTable`), valid while the store lives.
    let functions: UnsafeMutablePointer<FunctionEntry>
    var memory: LinearMemory? {
        didSet { unownedMemory = memory.map { Unmanaged.passUnretained($0) } }
    }
    /// `memory` without reference counting, for the interpreter. This and
    /// the other pointers the interpreter reloads after every call skip the
    /// runtime exclusivity check (see `Execution.depth`).
    @exclusivity(unchecked) private(set) var unownedMemory: Unmanaged<LinearMemory>?
    var memories: [LinearMemory] = [] {
        didSet { memoryReferences = Self.unretained(memories, replacing: memoryReferences) }
    }
    /// `memories` without reference counting, for the interpreter's `useMemory`.
    /// SAFETY: one per memory, valid while `memories` keeps them alive.
    @exclusivity(unchecked) private(set) var memoryReferences: UnsafeMutablePointer<Unmanaged<LinearMemory>> = .allocate(capacity: 1)
    var tables: [Table] = [] {
        didSet { tableReferences = Self.unretained(tables, replacing: tableReferences) }
    }
    /// `tables` without reference counting, for the interpreter.
    /// SAFETY: one per table, valid while `tables` keeps them alive.
    @exclusivity(unchecked) private(set) var tableReferences: UnsafeMutablePointer<Unmanaged<Table>> = .allocate(capacity: 1)
    /// Canonical type ids by type index (`CompiledModule.typeIDs`), for `call_indirect`.
    /// SAFETY: one per type of the module, freed in `deinit`.
    let typeIDs: UnsafeMutablePointer<Int>
    var globals: [GlobalCell] = []
    /// SAFETY: one pointer per global, into cells kept alive by `globals`.
    @exclusivity(unchecked) var globalSlots: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Element segments' references; a dropped segment is empty.
    var elementSegments: [[UInt64]] = []
    /// Store addresses of the tags, imports first: `throw` and `catch` name tags by index.
    var tagAddresses: [Int] = []
    var droppedData: [Bool] = []

    init(store: Store, compiled: CompiledModule) {
        self.store = store
        self.compiled = compiled
        // Read in place: a local copy of the module retained each of its arrays.
        functions = store.openFunctionTable(count: compiled.module.functionCount)
        globalSlots = .allocate(capacity: max(compiled.module.globalCount, 1))
        typeIDs = .allocate(capacity: max(compiled.typeIDs.count, 1))
        typeIDs.initialize(from: compiled.typeIDs, count: compiled.typeIDs.count)
    }

    deinit {
        globalSlots.deallocate()
        typeIDs.deallocate()
        tableReferences.deallocate()
        memoryReferences.deallocate()
    }

    var module: Module { compiled.module }

    /// `objects` as unretained references in fresh storage, `old` freed.
    private static func unretained<T: AnyObject>(_ objects: [T], replacing old: UnsafeMutablePointer<Unmanaged<T>>)
        -> UnsafeMutablePointer<Unmanaged<T>> {
        old.deallocate()
        let references = UnsafeMutablePointer<Unmanaged<T>>.allocate(capacity: max(objects.count, 1))
        references.initialize(from: objects.map { Unmanaged.passUnretained($0) }, count: objects.count)
        return references
    }

    func functionName(_ index: UInt32) -> String? { module.functionName(index) }
}

/// A handle to an instance for embedders. It keeps its store alive.
public struct Instance {
    let state: InstanceState
    /// The owner of `state`, held so that a handle never outlives its store.
    let store: Store

    init(state: InstanceState) {
        self.state = state
        store = state.store
    }

    public var module: CompiledModule { state.compiled }

    /// The export called `name`, if any.
    public func export(named name: String) -> Extern? {
        // Names compare as bytes: String equality would merge canonically
        // equivalent spellings, which Wasm treats as different names.
        guard let export = state.module.exports.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else {
            return nil
        }
        return extern(for: export)
    }

    /// Every export with what it names, in the module's order: one pass,
    /// for callers that want them all (a component instantiating modules
    /// with thousands of exports).
    public var exports: [(name: String, extern: Extern)] {
        state.module.exports.map { ($0.name, extern(for: $0)) }
    }

    /// The exports in the module's export order, as items of the store (no
    /// names copied, no store references counted).
    package var exportedItems: [StoreExtern] {
        state.module.exports.map(item(for:))
    }

    /// What `export` names, in store form; `extern(for:)` adds the store.
    private func item(for export: Export) -> StoreExtern {
        let index = Int(export.index)
        return switch export.kind {
        case .function: .function(address: state.functions[index].address)
        case .memory: .memory(state.memories[index])
        case .table: .table(state.tables[index])
        case .global: .global(state.globals[index])
        case .tag: .tag(address: state.tagAddresses[index])
        }
    }

    private func extern(for export: Export) -> Extern {
        item(for: export).extern(in: state.store)
    }

    /// The exported function `name`.
    public func function(named name: String) -> Function? {
        if case .function(let function) = export(named: name) { return function }
        return nil
    }

    public func memory(named name: String) -> LinearMemory? {
        if case .memory(let memory) = export(named: name) { return memory }
        return nil
    }

    public func global(named name: String) -> GlobalCell? {
        if case .global(let global) = export(named: name) { return global }
        return nil
    }

    /// Calls the exported function `name`.
    public func invoke(_ name: String, _ arguments: [Value] = []) throws(InvocationError) -> [Value] {
        guard let function = function(named: name) else { throw .noSuchExport(name) }
        do {
            return try function.call(arguments)
        } catch {
            throw .trap(error)
        }
    }
}

/// Why `Instance.invoke` failed.
public enum InvocationError: Error, CustomStringConvertible {
    case noSuchExport(String)
    /// A typed look-up found the export with another signature.
    case signatureMismatch(String, FunctionType)
    case trap(Trap)

    public var description: String {
        switch self {
        case .noSuchExport(let name): "no exported function named \"\(name)\""
        case .signatureMismatch(let name, let type): "\"\(name)\" has type \(type)"
        case .trap(let trap): trap.description
        }
    }
}
