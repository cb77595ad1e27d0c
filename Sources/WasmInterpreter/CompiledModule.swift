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
    /// The active data segments as one image, when they merge (see `DataImage`).
    let dataImage: DataImage?
    /// Each defined function's `FunctionEntry` but for its owner and address,
    /// which instantiation fills in (by local index).
    let entryTemplates: [FunctionEntry]
    /// No data segment dropped yet: every instance starts from this shared array.
    let noDataDropped: [Bool]

    init(module: Module, engine: Engine) throws(CompileError) {
        self.module = module
        self.engine = engine
        typeIDs = module.types.map { engine.typeID(of: $0) }
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(module.bodies.count)
        for (localIndex, body) in module.bodies.enumerated() {
            let index = UInt32(module.importedFunctionCount + localIndex)
            var translator = try FunctionTranslator(module: module, functionIndex: index, body: body)
            functions.append(try translator.translate(body))
        }
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
        dataImage = DataImage(module: module)
        noDataDropped = Array(repeating: false, count: module.data.count)
    }

    /// The exports, as the module declares them.
    public var exports: [Export] { module.exports }
    public var imports: [Import] { module.imports }
}
