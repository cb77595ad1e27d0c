import WasmDecoder

/// The steps of instantiating one module in a store (spec §4.5.4), in order.
/// Segments are applied one by one, so a trap leaves earlier writes in place,
/// as Wasm 2.0 specifies.
struct Instantiation {
    let compiled: CompiledModule
    let store: Store
    let imports: [StoreExtern]
    let state: InstanceState

    init(compiled: CompiledModule, store: Store, imports: [StoreExtern]) {
        self.compiled = compiled
        self.store = store
        self.imports = imports
        state = InstanceState(store: store, compiled: compiled)
    }

    var module: Module { compiled.module }

    func run() throws(InstantiationError) -> Instance {
        do {
            try allocate()
        } catch {
            throw .trap(error)
        }
        store.instances.append(state)
        do {
            try applyElementSegments()
            try applyDataSegments()
            if let start = module.start {
                // A start function takes and returns nothing: no slots.
                try store.execution.invoke(store, address: state.functions[Int(start)].address,
                                           slots: UnsafeMutableBufferPointer(start: nil, count: 0), argumentCount: 0)
            }
        } catch {
            throw .trap(error)
        }
        return Instance(state: state)
    }

    /// Links imports and creates the module's own functions, globals, memories and tables.
    func allocate() throws(Trap) {
        let configuration = store.engine.configuration
        // Built in locals and stored once: each append to the instance's
        // arrays was an access check, and each to its memories and tables
        // rebuilt their unretained copies (a Python component's modules
        // import hundreds of globals, per request).
        var memories: [LinearMemory] = [], tables: [Table] = [], globals: [GlobalCell] = [], tags: [Int] = []
        globals.reserveCapacity(module.globalCount)
        var functionIndex = 0
        for extern in imports {
            switch extern {
            case .function(let address):
                (state.functions + functionIndex).initialize(to: store.entries[address])
                functionIndex += 1
            case .memory(let memory):
                memories.append(memory)
            case .table(let table):
                tables.append(table)
            case .global(let global):
                state.globalSlots[globals.count] = global.storage
                globals.append(global)
            case .tag(let address):
                tags.append(address)
            }
        }
        store.addWasmFunctions(of: state, importCount: functionIndex, templates: compiled.entryTemplates)
        try addDefinedGlobals(to: &globals)
        state.globals = globals
        for typeIndex in module.tags {
            tags.append(store.addTag(type: module.types[Int(typeIndex)], typeID: compiled.typeIDs[Int(typeIndex)]))
        }
        state.tagAddresses = tags
        let budget = configuration.maximumInstanceMemory.map(InstanceBudget.init(limit:))
        for type in module.memories {
            // The data image goes into the first memory (`applyDataSegments`).
            let image = memories.isEmpty ? compiled.dataImage?.prepared : nil
            memories.append(try LinearMemory(type: type, limitPages: configuration.maximumMemoryPages,
                                             allocator: configuration.memoryAllocator ?? HeapMemoryAllocator.shared,
                                             budget: budget, image: image))
        }
        state.memories = memories
        state.memory = memories.first
        for (type, initializer) in zip(module.tables, module.tableInitializers) {
            let elementType = compiled.engineForm(type.elementType.valueType).referenceType!  // a reference type still
            let initial = try initializer.map { (expression) throws(Trap) in try evaluate(expression) } ?? 0
            tables.append(try Table(type: TableType(elementType: elementType, limits: type.limits),
                                    limitElements: configuration.maximumTableElements,
                                    initial: initial, budget: budget))
        }
        state.tables = tables
        var segments: [[UInt64]] = []
        for segment in module.elements {
            switch segment.items {
            case .functions(let indices):
                // An active one is written into its table from the indices
                // (`applyElementSegments`), a declarative one only dropped.
                guard case .passive = segment.mode else { segments.append([]); continue }
                segments.append(Array(unsafeUninitializedCapacity: indices.count) { buffer, count in
                    writeReferences(indices, to: buffer.baseAddress!)
                    count = indices.count
                })
            case .expressions(let expressions):
                var items: [UInt64] = []
                for expression in expressions { items.append(try evaluate(expression)) }
                segments.append(items)
            }
        }
        state.elementSegments = segments
        state.droppedData = compiled.noDataDropped
    }

    /// The module's own globals, after the imported ones in `globals`, their
    /// slots in one block. Initializers read earlier globals through
    /// `globalSlots` only.
    private func addDefinedGlobals(to globals: inout [GlobalCell]) throws(Trap) {
        let initializers = compiled.globalInitializers
        guard !initializers.isEmpty else { return }
        let block = GlobalBlock(globalCount: initializers.count)
        for index in initializers.indices {
            let initializer = initializers[index], cell: GlobalCell
            if let constant = initializer.constant {
                cell = GlobalCell(type: initializer.type, value: constant.low, high: constant.high, in: block, at: index)
            } else {
                let expression = module.globals[index].initializer
                cell = GlobalCell(type: initializer.type, value: try evaluate(expression),
                                  high: initializer.type.valueType == .v128 ? evaluateHighHalf(expression) : 0,
                                  in: block, at: index)
            }
            state.globalSlots[globals.count] = cell.storage
            globals.append(cell)
        }
    }

    /// Writes the references to the functions at `indices`. A defined
    /// function's address follows from its index (`addWasmFunctions` gives
    /// them consecutive addresses), so only imports' entries are read: the
    /// Python component's function tables list about 10,000 functions, whose
    /// entries were cache misses one by one.
    func writeReferences(_ indices: [UInt32], to destination: UnsafeMutablePointer<UInt64>) {
        let imported = module.importedFunctionCount
        let firstDefined = module.functionCount > imported ? state.functions[imported].address : 0
        for (position, index) in indices.enumerated() {
            let address = Int(index) < imported ? state.functions[Int(index)].address : firstDefined + Int(index) - imported
            destination[position] = UInt64(address) + 1
        }
    }

    /// A constant expression's value (spec §4.4.10); validation guarantees its form.
    func evaluate(_ expression: ConstExpression) throws(Trap) -> UInt64 {
        if let single = expression.single, !single.allocates { return value(of: single) }
        // Extended constants and GC's allocations: a small stack machine
        // over (low, high) halves; only vectors have a high half.
        var stack: [(low: UInt64, high: UInt64)] = []
        for instruction in expression.instructions {
            switch instruction {
            case .numeric(let operation):
                let right = stack.removeLast().low, left = stack.removeLast().low
                let result: UInt64
                switch operation {
                case .i32Add: result = UInt64(UInt32(truncatingIfNeeded: left) &+ UInt32(truncatingIfNeeded: right))
                case .i32Sub: result = UInt64(UInt32(truncatingIfNeeded: left) &- UInt32(truncatingIfNeeded: right))
                case .i32Mul: result = UInt64(UInt32(truncatingIfNeeded: left) &* UInt32(truncatingIfNeeded: right))
                case .i64Add: result = left &+ right
                case .i64Sub: result = left &- right
                case .i64Mul: result = left &* right
                default: result = 0
                }
                stack.append((result, 0))
            case .gc(let gc):
                try evaluate(gc, on: &stack)
            default:
                stack.append((value(of: instruction), highHalf(of: instruction)))
            }
        }
        return stack.last?.low ?? 0
    }

    /// A constant GC instruction. Nothing is collected while a constant
    /// expression runs (its stack is no root): the heap only allocates.
    private func evaluate(_ instruction: GCInstruction, on stack: inout [(low: UInt64, high: UInt64)]) throws(Trap) {
        func take(_ count: Int) -> ArraySlice<(low: UInt64, high: UInt64)> {
            defer { stack.removeLast(count) }
            return stack.suffix(count)
        }
        // Each value as its field stores it: packed ones truncated, a vector in two slots.
        func pack(_ values: ArraySlice<(low: UInt64, high: UInt64)>, _ type: HeapObjectType, element: Bool) -> [UInt64] {
            values.enumerated().flatMap { position, value -> [UInt64] in
                switch type.fields[element ? 0 : position].storage {
                case .i8: [value.low & 0xFF]
                case .i16: [value.low & 0xFFFF]
                case .value(.v128): [value.low, value.high]
                default: [value.low]
                }
            }
        }
        func allocate(_ type: HeapObjectType, _ slots: [UInt64]) {
            stack.append((store.heap.allocate(type, slots: slots), 0))
        }
        switch instruction {
        case .structNew(let index):
            let type = compiled.heapTypes[Int(index)]!  // validated: a struct type
            allocate(type, pack(take(type.fields.count), type, element: false))
        case .structNewDefault(let index):
            let type = compiled.heapTypes[Int(index)]!
            allocate(type, Array(repeating: 0, count: type.slotCount))
        case .arrayNew(let index):
            let type = compiled.heapTypes[Int(index)]!
            let length = try GCOperations.arrayLength(stack.removeLast().low, type)
            let value = pack(take(1), type, element: true)
            allocate(type, GCOperations.repeated(value, count: length))
        case .arrayNewDefault(let index):
            let type = compiled.heapTypes[Int(index)]!
            let length = try GCOperations.arrayLength(stack.removeLast().low, type)
            allocate(type, Array(repeating: 0, count: length * type.slotCount))
        case .arrayNewFixed(let index, let count):
            let type = compiled.heapTypes[Int(index)]!
            allocate(type, pack(take(Int(count)), type, element: true))
        case .refI31:
            stack.append((GCReference.i31(stack.removeLast().low), 0))
        default:
            break  // the conversions keep the bits
        }
    }

    /// A constant instruction's high half: a vector's, 0 for everything else.
    private func highHalf(of instruction: Instruction) -> UInt64 {
        switch instruction {
        case .globalGet(let index): state.globalSlots[Int(index)][1]  // 0 in a cell that holds no vector
        default: instruction.constantSlots?.high ?? 0
        }
    }

    /// The high half of a vector constant expression: `v128.const` or
    /// `global.get` of a vector global (validation allows nothing else).
    func evaluateHighHalf(_ expression: ConstExpression) -> UInt64 {
        expression.single.map(highHalf) ?? 0
    }

    private func value(of instruction: Instruction) -> UInt64 {
        switch instruction {
        case .refFunc(let index): UInt64(state.functions[Int(index)].address) + 1
        case .globalGet(let index): state.globalSlots[Int(index)].pointee
        default: instruction.constantSlots?.low ?? 0
        }
    }

    /// Active element segments are `table.init` then `elem.drop`; declarative
    /// ones are only dropped (spec §4.5.4, steps 15-16).
    func applyElementSegments() throws(Trap) {
        for (index, segment) in module.elements.enumerated() {
            switch segment.mode {
            case .passive:
                continue
            case .declarative:
                state.elementSegments[index] = []
            case .active(let tableIndex, let offsetExpression):
                let table = state.tables[Int(tableIndex)]
                let raw = try evaluate(offsetExpression)
                let offset = table.type.limits.is64 ? Int(clamping: raw) : Int(UInt32(truncatingIfNeeded: raw))
                switch segment.items {
                case .functions(let indices):
                    guard offset <= table.count, indices.count <= table.count - offset else {
                        throw Trap(.outOfBoundsTableAccess)
                    }
                    writeReferences(indices, to: table.elements + offset)
                case .expressions:
                    let items = state.elementSegments[index]
                    guard offset <= table.count, items.count <= table.count - offset else {
                        throw Trap(.outOfBoundsTableAccess)
                    }
                    for (position, item) in items.enumerated() { table[offset + position] = item }
                }
                state.elementSegments[index] = []
            }
        }
    }

    func applyDataSegments() throws(Trap) {
        if let image = compiled.dataImage, let memory = state.memory, image.end <= memory.byteCount {
            try memory.apply(image)
            state.droppedData = image.droppedAfterApplying
            return
        }
        for (index, segment) in module.data.enumerated() {
            guard case .active(let memoryIndex, let offsetExpression) = segment.mode else { continue }
            let memory = state.memories[Int(memoryIndex)]
            // A 64-bit memory's offset is a whole i64; `copy` checks it.
            let raw = try evaluate(offsetExpression)
            let offset = memory.type.limits.is64 ? Int(clamping: raw) : Int(UInt32(truncatingIfNeeded: raw))
            // One memcpy from the module's bytes: a generic byte-by-byte write
            // retained and released per byte (Go's 1 MB of data: 15% of a request).
            let result: Result<Void, Trap> = module.bytes.withUnsafeBytes { bytes in
                Result { () throws(Trap) in
                    try memory.copy(from: UnsafeRawBufferPointer(rebasing: bytes[segment.range]), at: offset)
                }
            }
            try result.get()
            state.droppedData[index] = true
        }
    }
}

extension Instruction {
    /// Whether a constant instruction allocates (and so cannot be read off once).
    var allocates: Bool {
        if case .gc(let gc) = self { return gc.isConstant }
        return false
    }
}
