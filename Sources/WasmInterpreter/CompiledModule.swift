public import WasmDecoder

/// A validated module with every function translated: immutable, `Sendable`,
/// shared by all instances (see ARCHITECTURE.md, "Compile once, instantiate
/// per request").
public final class CompiledModule: Sendable {
    public let module: Module
    public let engine: Engine
    /// Translated code of each defined function, by local index.
    let functions: [CompiledFunction]
    /// Canonical type ids (`Engine.typeID`) by type index.
    let typeIDs: [Int]
    /// The layout of each struct and array type, by type index (nil for function types).
    let heapTypes: [HeapObjectType?]
    /// The active data segments as one image, when they merge (see `DataImage`).
    let dataImage: DataImage?
    /// Each defined function's `FunctionEntry` but for its owner and address,
    /// which instantiation fills in (by local index).
    let entryTemplates: [FunctionEntry]
    /// No data segment dropped yet: every instance starts from this shared array.
    let noDataDropped: [Bool]
    /// Each defined global's type in engine form, and its initial value when
    /// that is a constant, worked out once: the Python component's modules
    /// define about 2,200 globals per request.
    let globalInitializers: [GlobalInitializer]
    /// Each export's position by name, for embedders that resolve imports
    /// by name once per module rather than per instance.
    package let exportPositions: [String: Int]

    /// The bytes an instance's own memories and tables take when it starts,
    /// as `EngineConfiguration.maximumInstanceMemory` counts them.
    public var initialInstanceBytes: Int {
        // Saturating: a 64-bit memory may declare 2^48 pages (refused when instantiated).
        func add(_ total: Int, _ count: UInt64, _ size: Int) -> Int {
            let (bytes, overflow) = Int(clamping: count).multipliedReportingOverflow(by: size)
            let (sum, sumOverflow) = total.addingReportingOverflow(bytes)
            return overflow || sumOverflow ? Int.max : sum
        }
        let memories = module.memories.reduce(0) { add($0, $1.limits.minimum, LinearMemory.pageSize) }
        return module.tables.reduce(memories) { add($0, $1.limits.minimum, InstanceBudget.tableElementBytes) }
    }

    convenience init(module: Module, engine: Engine) throws(CompileError) {
        try self.init(module: module, engine: engine,
                      functions: Self.translate(module, localIndices: 0..<module.bodies.count))
    }

    /// Translates the functions on `parallelism` concurrent tasks, each a
    /// contiguous share; the error reported is the lowest-numbered function's,
    /// as the sequential order gives.
    static func translated(_ module: Module, engine: Engine, parallelism: Int) async throws(CompileError) -> CompiledModule {
        let count = module.bodies.count
        let shares = max(1, min(parallelism, count))
        let results = await withTaskGroup(of: (Int, Result<[CompiledFunction], CompileError>).self) { group in
            for share in 0..<shares {
                group.addTask {
                    let range = (count * share / shares)..<(count * (share + 1) / shares)
                    do throws(CompileError) {
                        return (share, .success(try translate(module, localIndices: range)))
                    } catch {
                        return (share, .failure(error))
                    }
                }
            }
            var results: [Result<[CompiledFunction], CompileError>?] = Array(repeating: nil, count: shares)
            for await (share, result) in group { results[share] = result }
            return results
        }
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(count)
        for result in results {
            // Shares are in function order, so the first failure is the lowest-numbered one.
            switch result! {
            case .success(let share): functions.append(contentsOf: share)
            case .failure(let error): throw error
            }
        }
        return try CompiledModule(module: module, engine: engine, functions: functions)
    }

    static func translate(_ module: Module, localIndices: Range<Int>) throws(CompileError) -> [CompiledFunction] {
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(localIndices.count)
        for localIndex in localIndices {
            let body = module.bodies[localIndex]
            let index = UInt32(module.importedFunctionCount + localIndex)
            var translator = try FunctionTranslator(module: module, functionIndex: index, body: body)
            functions.append(try translator.translate(body))
        }
        return functions
    }

    private init(module: Module, engine: Engine, functions: [CompiledFunction]) throws(CompileError) {
        self.module = module
        self.engine = engine
        (typeIDs, heapTypes) = engine.typeIDs(of: module)
        self.functions = functions
        let typeIDs = self.typeIDs
        entryTemplates = zip(functions, module.functionTypeIndices).enumerated().map { localIndex, pair in
            let (function, typeIndex) = pair
            return FunctionEntry(
                code: function.code, owner: nil, index: UInt32(module.importedFunctionCount + localIndex),
                frameSize: function.frameSize, parameterCount: function.parameterCount,
                localCount: function.localCount, resultCount: function.resultCount,
                address: 0, typeID: typeIDs[Int(typeIndex)])
        }
        dataImage = DataImage(module: module, allocator: engine.configuration.memoryAllocator)
        noDataDropped = Array(repeating: false, count: module.data.count)
        globalInitializers = module.globals.map { global in
            GlobalInitializer(type: GlobalType(valueType: Self.engineForm(global.type.valueType, typeIDs: typeIDs),
                                               isMutable: global.type.isMutable),
                              constant: global.initializer.single?.constantSlots)
        }
        exportPositions = Dictionary(module.exports.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A type of this module in engine form: a concrete heap type becomes its
    /// canonical id, which every module of the engine agrees on.
    func engineForm(_ type: ValueType) -> ValueType {
        Self.engineForm(type, typeIDs: typeIDs)
    }

    private static func engineForm(_ type: ValueType, typeIDs: [Int]) -> ValueType {
        type.mapTypeIndex { UInt32(typeIDs[Int($0)]) }
    }

    /// The exports, as the module declares them.
    public var exports: [Export] { module.exports }
    public var imports: [Import] { module.imports }
}

/// How instantiation makes a defined global (`CompiledModule.globalInitializers`).
struct GlobalInitializer {
    let type: GlobalType
    /// The value's two halves (only a vector has a high one), when the
    /// initializer is one constant instruction; nil when it reads globals,
    /// functions' addresses or allocates.
    let constant: (low: UInt64, high: UInt64)?
}

extension Instruction {
    /// A constant instruction's value as its slot halves (only a vector has
    /// a high one); nil for any other instruction.
    var constantSlots: (low: UInt64, high: UInt64)? {
        switch self {
        case .i32Const(let value): (UInt64(UInt32(bitPattern: value)), 0)
        case .i64Const(let value): (UInt64(bitPattern: value), 0)
        case .f32Const(let bits): (UInt64(bits), 0)
        case .f64Const(let bits): (bits, 0)
        case .v128Const(let vector): (vector.low, vector.high)
        case .refNull: (0, 0)
        default: nil
        }
    }
}
