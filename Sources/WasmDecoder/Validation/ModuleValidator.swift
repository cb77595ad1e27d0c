/// Validates everything outside function bodies (spec §3.4), then each body.
struct ModuleValidator {
    let module: Module
    let context: ValidationContext

    init(module: Module) {
        self.module = module
        context = ValidationContext(module: module)
    }

    func validate() throws(ModuleError) {
        try validateModuleLevel()
        try validateBodies()
    }

    /// Everything but the function bodies.
    func validateModuleLevel() throws(ModuleError) {
        if let index = context.forwardTypeReference {
            throw ModuleError.invalid("unknown type: type \(index) names a type defined after it", at: 0)
        }
        try validateTypes()
        try validateImports()
        for typeIndex in module.functionTypeIndices {
            try checkFunctionTypeIndex(typeIndex, at: 0)
        }
        for typeIndex in module.tags { try validateTagType(typeIndex) }
        for (index, table) in module.tables.enumerated() {
            try validateTableType(table)
            try validateTableInitializer(module.tableInitializers[index], of: table)
        }
        if context.memories.count > 1 && !module.features.contains(.multiMemory) {
            // Invalid in Wasm 2.0, whose suite expects this message.
            throw ModuleError.invalid("multiple memories (unsupported feature: multi-memory)", at: 0)
        }
        for memory in module.memories { try validateMemoryType(memory) }
        for (index, global) in module.globals.enumerated() {
            try context.checkValueType(global.type.valueType, at: global.initializer.offset)
            try validateConstExpression(global.initializer, type: global.type.valueType,
                                        globalsBefore: module.importedGlobalCount + index)
        }
        try validateExports()
        try validateStart()
        try validateElements()
        try validateData()
    }

    func checkTypeIndex(_ index: UInt32, at offset: Int) throws(ModuleError) {
        guard Int(index) < module.types.count else {
            throw ModuleError.invalid("unknown type \(index)", at: offset)
        }
    }

    func validateImports() throws(ModuleError) {
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let typeIndex): try checkFunctionTypeIndex(typeIndex, at: 0)
            case .table(let type): try validateTableType(type)
            case .memory(let type): try validateMemoryType(type)
            case .global(let type): try context.checkValueType(type.valueType, at: 0)
            case .tag(let typeIndex): try validateTagType(typeIndex)
            }
        }
    }

    /// A tag's type is a function type with no results (Wasm 3.0).
    func validateTagType(_ typeIndex: UInt32) throws(ModuleError) {
        try checkFunctionTypeIndex(typeIndex, at: 0)
        guard module.types[Int(typeIndex)].results.isEmpty else {
            throw ModuleError.invalid("non-empty tag result type", at: 0)
        }
    }

    func validateTableType(_ type: TableType) throws(ModuleError) {
        try context.checkValueType(type.elementType.valueType, at: 0)
        // A 64-bit table's limits are any u64.
        try validateLimits(type.limits, bound: type.limits.is64 ? UInt64.max : UInt64(UInt32.max),
                           message: "table size must be at most 2^32-1")
    }

    /// A table of a non-nullable type needs an initial value (spec §3.4.4).
    func validateTableInitializer(_ initializer: ConstExpression?, of table: TableType) throws(ModuleError) {
        if let initializer {
            // The table section precedes the global section: only imported globals are visible.
            try validateConstExpression(initializer, type: table.elementType.valueType,
                                        globalsBefore: module.importedGlobalCount)
        } else if !table.elementType.isNullable {
            throw ModuleError.invalid("type mismatch: a table of a non-nullable type needs an initializer", at: 0)
        }
    }

    func validateMemoryType(_ type: MemoryType) throws(ModuleError) {
        if type.limits.is64 {
            try validateLimits(type.limits, bound: MemoryType.maximumPages64, message: "memory size must be at most 2^48 pages")
        } else {
            try validateLimits(type.limits, bound: MemoryType.maximumPages,
                               message: "memory size must be at most 65536 pages (4GiB)")
        }
    }

    func validateLimits(_ limits: Limits, bound: UInt64, message: String) throws(ModuleError) {
        guard limits.minimum <= bound, (limits.maximum ?? 0) <= bound else {
            throw ModuleError.invalid(message, at: 0)
        }
        if let maximum = limits.maximum, limits.minimum > maximum {
            throw ModuleError.invalid("size minimum must not be greater than maximum", at: 0)
        }
    }

    func validateExports() throws(ModuleError) {
        // Names compare as bytes: Swift's String equality would merge
        // canonically equivalent Unicode spellings, which are distinct names.
        var names = Set<[UInt8]>()
        names.reserveCapacity(module.exports.count)
        for export in module.exports {
            let count: Int
            let kind: String
            switch export.kind {
            case .function: count = context.functionTypeIndices.count; kind = "function"
            case .table: count = context.tables.count; kind = "table"
            case .memory: count = context.memories.count; kind = "memory"
            case .global: count = context.globals.count; kind = "global"
            case .tag: count = context.tagTypeIndices.count; kind = "tag"
            }
            guard Int(export.index) < count else {
                throw ModuleError.invalid("unknown \(kind) \(export.index)", at: 0)
            }
            guard names.insert(Array(export.name.utf8)).inserted else {
                throw ModuleError.invalid("duplicate export name", at: 0)
            }
        }
    }

    func validateStart() throws(ModuleError) {
        guard let start = module.start else { return }
        guard let type = context.functionType(ofFunction: start) else {
            throw ModuleError.invalid("unknown function \(start)", at: 0)
        }
        guard type.parameters.isEmpty && type.results.isEmpty else {
            throw ModuleError.invalid("start function", at: 0)
        }
    }

    func validateElements() throws(ModuleError) {
        for segment in module.elements {
            try context.checkValueType(segment.type.valueType, at: 0)
            if case .active(let tableIndex, let offset) = segment.mode {
                guard Int(tableIndex) < context.tables.count else {
                    throw ModuleError.invalid("unknown table \(tableIndex)", at: offset.offset)
                }
                try validateConstExpression(offset, type: context.tables[Int(tableIndex)].addressType)
                guard context.hierarchy.matches(segment.type.valueType, context.tables[Int(tableIndex)].elementType.valueType) else {
                    throw ModuleError.invalid("type mismatch", at: offset.offset)
                }
            }
            switch segment.items {
            case .functions(let indices):
                for index in indices where Int(index) >= context.functionTypeIndices.count {
                    throw ModuleError.invalid("unknown function \(index)", at: 0)
                }
            case .expressions(let expressions):
                for expression in expressions {
                    try validateConstExpression(expression, type: segment.type.valueType)
                }
            }
        }
    }

    func validateData() throws(ModuleError) {
        for segment in module.data {
            guard case .active(let memoryIndex, let offset) = segment.mode else { continue }
            guard Int(memoryIndex) < context.memories.count else {
                throw ModuleError.invalid("unknown memory \(memoryIndex)", at: offset.offset)
            }
            try validateConstExpression(offset, type: context.memories[Int(memoryIndex)].addressType)
        }
    }

    /// A constant expression (spec §3.3.10). In Wasm 2.0, `global.get` may only
    /// name an immutable imported global; with GC (Wasm 3.0) also one the
    /// module defines, before `globalsBefore` (a global's own initializer
    /// sees only the globals before it; segments see them all).
    func validateConstExpression(_ expression: ConstExpression, type expected: ValueType,
                                 globalsBefore: Int? = nil) throws(ModuleError) {
        let visibleGlobals = module.features.contains(.gc)
            ? (globalsBefore ?? module.globalCount) : module.importedGlobalCount
        var stack: [ValueType] = []
        for instruction in expression.instructions {
            let produced: ValueType
            switch instruction {
            case .i32Const: produced = .i32
            case .i64Const: produced = .i64
            case .f32Const: produced = .f32
            case .f64Const: produced = .f64
            case .v128Const: produced = .v128
            case .refNull(let heapType):
                try context.checkHeapType(heapType, at: expression.offset)
                produced = ReferenceType(isNullable: true, heapType: heapType).valueType
            case .refFunc(let index):
                guard Int(index) < context.functionTypeIndices.count else {
                    throw ModuleError.invalid("unknown function \(index)", at: expression.offset)
                }
                produced = context.referenceType(ofFunction: index)
            case .globalGet(let index):
                guard Int(index) < visibleGlobals else {
                    throw ModuleError.invalid("unknown global \(index)", at: expression.offset)
                }
                let global = context.globals[Int(index)]
                guard !global.isMutable else {
                    throw ModuleError.invalid("constant expression required", at: expression.offset)
                }
                produced = global.valueType
            case .numeric(let operation) where module.features.contains(.extendedConst) && operation.isExtendedConstant:
                let operand: ValueType = operation.rawValue <= NumericOperation.i32Mul.rawValue ? .i32 : .i64
                try pop(operand, from: &stack, at: expression.offset)
                try pop(operand, from: &stack, at: expression.offset)
                produced = operand
            case .gc(let gc) where gc.isConstant:
                produced = try constantGC(gc, stack: &stack, at: expression.offset)
            default:
                throw ModuleError.invalid("constant expression required", at: expression.offset)
            }
            stack.append(produced)
        }
        guard stack.count == 1, context.hierarchy.matches(stack[0], expected) else {
            throw ModuleError.invalid("type mismatch", at: expression.offset)
        }
    }

    func pop(_ expected: ValueType, from stack: inout [ValueType], at offset: Int) throws(ModuleError) {
        guard let actual = stack.popLast(), context.hierarchy.matches(actual, expected) else {
            throw ModuleError.invalid("type mismatch", at: offset)
        }
    }

    /// The GC instructions allowed in constant expressions: allocation, `ref.i31` and the conversions.
    func constantGC(_ instruction: GCInstruction, stack: inout [ValueType], at offset: Int) throws(ModuleError) -> ValueType {
        func definedType(_ index: UInt32) throws(ModuleError) -> CompositeType {
            guard Int(index) < module.definedTypes.count else { throw ModuleError.invalid("unknown type \(index)", at: offset) }
            return module.definedTypes[Int(index)].composite
        }
        func reference(_ index: UInt32) -> ValueType { .reference(ReferenceType(isNullable: false, heapType: .concrete(index))) }
        let mismatch = ModuleError.invalid("type mismatch", at: offset)
        switch instruction {
        case .structNew(let index), .structNewDefault(let index):
            guard case .structure(let fields) = try definedType(index) else { throw mismatch }
            if case .structNew = instruction {
                for field in fields.reversed() { try pop(field.storage.unpacked, from: &stack, at: offset) }
            } else if !fields.allSatisfy({ $0.storage.unpacked.isDefaultable }) {
                throw mismatch
            }
            return reference(index)
        case .arrayNew(let index), .arrayNewDefault(let index), .arrayNewFixed(let index, _):
            guard case .array(let element) = try definedType(index) else { throw mismatch }
            switch instruction {
            case .arrayNew:
                try pop(.i32, from: &stack, at: offset)
                try pop(element.storage.unpacked, from: &stack, at: offset)
            case .arrayNewDefault:
                guard element.storage.unpacked.isDefaultable else { throw mismatch }
                try pop(.i32, from: &stack, at: offset)
            case .arrayNewFixed(_, let count):
                for _ in 0..<count { try pop(element.storage.unpacked, from: &stack, at: offset) }
            default: break
            }
            return reference(index)
        case .refI31:
            try pop(.i32, from: &stack, at: offset)
            return .reference(ReferenceType(isNullable: false, heapType: .i31))
        case .anyConvertExtern, .externConvertAny:
            let (source, target): (HeapType, HeapType) = instruction == .anyConvertExtern ? (.extern, .any) : (.any, .extern)
            guard let actual = stack.popLast()?.referenceType, context.hierarchy.matches(actual.heapType, source) else {
                throw mismatch
            }
            return .reference(ReferenceType(isNullable: actual.isNullable, heapType: target))
        default:
            throw ModuleError.invalid("constant expression required", at: offset)
        }
    }

    func validateBodies() throws(ModuleError) {
        let validator = FunctionValidator(context: context)
        for (localIndex, body) in module.bodies.enumerated() {
            let functionIndex = UInt32(module.importedFunctionCount + localIndex)
            do {
                try validator.validate(function: functionIndex, body: body)
            } catch {
                throw error.inFunction(functionIndex)
            }
        }
    }
}

/// Validates a decoded module (spec §3).
///
/// - Throws: `ModuleError` of kind `.invalid`, or `.malformed` for faults in a
///   function body's encoding (bodies are decoded here, not by `decodeModule`).
public func validateModule(_ module: Module) throws(ModuleError) {
    try ModuleValidator(module: module).validate()
}

/// Decodes and validates a module binary: the usual way to load one.
public func loadModule(_ bytes: [UInt8], features: WasmFeatures = .wasm2) throws(ModuleError) -> Module {
    let module = try decodeModule(bytes, features: features)
    try validateModule(module)
    return module
}

extension ModuleValidator {
    /// Validates the function bodies in `parallelism` contiguous shares, each
    /// with its own validator, as child tasks. The error reported is that of
    /// the lowest-numbered invalid function, as the sequential order would give.
    func validateBodiesConcurrently(parallelism: Int) async throws(ModuleError) {
        let shares = max(1, min(parallelism, module.bodies.count))
        guard shares > 1 else { return try validateBodies() }
        let context = self.context
        let module = self.module
        let failure: ModuleError? = await withTaskGroup(of: ModuleError?.self) { group in
            for share in 0..<shares {
                group.addTask {
                    let validator = FunctionValidator(context: context)
                    // Contiguous ranges keep each task's reads sequential in the module's bytes.
                    let count = module.bodies.count
                    let range = (count * share / shares)..<(count * (share + 1) / shares)
                    for localIndex in range {
                        let functionIndex = UInt32(module.importedFunctionCount + localIndex)
                        do throws(ModuleError) {
                            try validator.validate(function: functionIndex, body: module.bodies[localIndex])
                        } catch {
                            return error.inFunction(functionIndex)
                        }
                    }
                    return nil
                }
            }
            var first: ModuleError?
            for await result in group {
                if let result, result.function ?? .max < first?.function ?? .max { first = result }
            }
            return first
        }
        if let failure { throw failure }
    }
}

/// Validates a decoded module (spec §3), checking function bodies on
/// `parallelism` concurrent tasks. Same result as `validateModule(_:)`.
public func validateModule(_ module: Module, parallelism: Int) async throws(ModuleError) {
    let validator = ModuleValidator(module: module)
    try validator.validateModuleLevel()
    try await validator.validateBodiesConcurrently(parallelism: parallelism)
}

/// Decodes and validates a module binary, with function bodies checked
/// concurrently: the faster way to load a large module.
public func loadModule(_ bytes: [UInt8], features: WasmFeatures = .wasm2, parallelism: Int) async throws(ModuleError) -> Module {
    let module = try decodeModule(bytes, features: features)
    try await validateModule(module, parallelism: parallelism)
    return module
}
