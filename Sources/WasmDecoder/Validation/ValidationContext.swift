/// What validating a function needs to know about its module (spec §3.1.1, the
/// context C), flattened once so that per-instruction checks are array look-ups.
struct ValidationContext: Sendable {
    let module: Module
    let types: [FunctionType]
    let definedTypes: [SubType]
    /// Type index of every function in the index space, imports first.
    let functionTypeIndices: [UInt32]
    let tables: [TableType]
    let memories: [MemoryType]
    let globals: [GlobalType]
    /// Type index of every tag in the index space, imports first.
    let tagTypeIndices: [UInt32]
    let elementTypes: [ReferenceType]
    let dataCount: UInt32?
    /// Functions that `ref.func` may name in code (spec §3.4.10, C.refs).
    let declaredReferences: [Bool]
    /// Identities of the module's types (`TypeRegistry`) and the subtype
    /// relation over them; a type naming a later one leaves its index here.
    let hierarchy: TypeHierarchy
    let forwardTypeReference: Int?

    init(module: Module) {
        self.module = module
        types = module.types
        definedTypes = module.definedTypes
        functionTypeIndices = module.importedFunctionTypes + module.functionTypeIndices
        tables = module.importedTables + module.tables
        memories = module.importedMemories + module.memories
        globals = module.importedGlobals + module.globals.map(\.type)
        tagTypeIndices = module.importedTags + module.tags
        elementTypes = module.elements.map(\.type)
        dataCount = module.dataCount
        declaredReferences = Self.collectDeclaredReferences(module, functionCount: functionTypeIndices.count)
        var registry = TypeRegistry()
        switch registry.register(module.definedTypes, groups: module.recursionGroups) {
        case .success(let identities):
            hierarchy = TypeHierarchy(identities: identities, registry: registry)
            forwardTypeReference = nil
        case .failure(let error):
            hierarchy = TypeHierarchy(identities: [], registry: registry)
            forwardTypeReference = error.typeIndex
        }
    }

    /// A value type is valid when its concrete heap type, if any, exists (spec §3.2.3).
    func checkValueType(_ type: ValueType, at offset: Int) throws(ModuleError) {
        if let index = type.referenceType?.heapType.typeIndex, Int(index) >= types.count {
            throw ModuleError.invalid("unknown type \(index)", at: offset)
        }
    }

    func checkHeapType(_ type: HeapType, at offset: Int) throws(ModuleError) {
        if let index = type.typeIndex, Int(index) >= types.count {
            throw ModuleError.invalid("unknown type \(index)", at: offset)
        }
    }

    /// The type of `ref.func index`: a non-null reference to its function type.
    func referenceType(ofFunction index: UInt32) -> ValueType {
        .reference(ReferenceType(isNullable: false, heapType: .concrete(functionTypeIndices[Int(index)])))
    }

    /// C.refs: every function index named outside function bodies.
    static func collectDeclaredReferences(_ module: Module, functionCount: Int) -> [Bool] {
        var declared = [Bool](repeating: false, count: functionCount)
        func mark(_ index: UInt32) {
            if Int(index) < functionCount { declared[Int(index)] = true }
        }
        func mark(_ expression: ConstExpression) {
            for case .refFunc(let index) in expression.instructions { mark(index) }
        }
        for global in module.globals { mark(global.initializer) }
        for export in module.exports where export.kind == .function { mark(export.index) }
        for segment in module.elements {
            switch segment.items {
            case .functions(let indices): indices.forEach(mark)
            case .expressions(let expressions): expressions.forEach(mark)
            }
        }
        return declared
    }

    /// The parameter types of tag `index`: what its exceptions carry.
    func tagParameters(_ index: UInt32) -> [ValueType]? {
        guard Int(index) < tagTypeIndices.count, Int(tagTypeIndices[Int(index)]) < types.count else { return nil }
        return types[Int(tagTypeIndices[Int(index)])].parameters
    }

    func functionType(ofFunction index: UInt32) -> FunctionType? {
        guard Int(index) < functionTypeIndices.count else { return nil }
        let typeIndex = Int(functionTypeIndices[Int(index)])
        return typeIndex < types.count ? types[typeIndex] : nil
    }
}
