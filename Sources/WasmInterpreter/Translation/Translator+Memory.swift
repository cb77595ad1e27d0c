import WasmDecoder

extension FunctionTranslator {
    mutating func translateLoad(_ operation: LoadOperation, _ argument: MemoryArgument) {
        let (address, offset) = accessAddress(popRegister(), argument)
        if needsBracket(argument.memory) {
            let destination = stack.register(at: stack.height)
            emit(Self.load(operation, destination: destination, address: address, offset: offset), onMemory: argument.memory)
            stack.push(.temporary)
            return
        }
        emitPushingResult { Self.load(operation, destination: $0, address: address, offset: offset) }
    }

    /// The load op for `operation`.
    static func load(_ operation: LoadOperation, destination: Register, address: Register, offset: UInt32) -> Op {
        switch operation {
        case .i32Load: .i32Load(destination: destination, address: address, offset: offset)
        case .i64Load: .i64Load(destination: destination, address: address, offset: offset)
        case .f32Load: .f32Load(destination: destination, address: address, offset: offset)
        case .f64Load: .f64Load(destination: destination, address: address, offset: offset)
        case .i32Load8S: .i32Load8S(destination: destination, address: address, offset: offset)
        case .i32Load8U: .i32Load8U(destination: destination, address: address, offset: offset)
        case .i32Load16S: .i32Load16S(destination: destination, address: address, offset: offset)
        case .i32Load16U: .i32Load16U(destination: destination, address: address, offset: offset)
        case .i64Load8S: .i64Load8S(destination: destination, address: address, offset: offset)
        case .i64Load8U: .i64Load8U(destination: destination, address: address, offset: offset)
        case .i64Load16S: .i64Load16S(destination: destination, address: address, offset: offset)
        case .i64Load16U: .i64Load16U(destination: destination, address: address, offset: offset)
        case .i64Load32S: .i64Load32S(destination: destination, address: address, offset: offset)
        case .i64Load32U: .i64Load32U(destination: destination, address: address, offset: offset)
        }
    }

    /// Whether memory `index` has 64-bit addresses (memory64).
    func isMemory64(_ index: UInt32) -> Bool { module.memoryType(at: index)?.limits.is64 == true }

    /// Accesses to another memory than 0, or to a 64-bit one, are emitted
    /// with `emit(_:onMemory:)` and fuse with nothing.
    func needsBracket(_ memory: UInt32) -> Bool { memory != 0 || isMemory64(memory) }

    /// The address register and static offset an access op takes: as they
    /// are for a 32-bit memory; for a 64-bit one, the sum checked by an
    /// `address64` op into the address's own position, and offset 0.
    mutating func accessAddress(_ address: Register, _ argument: MemoryArgument) -> (Register, UInt32) {
        guard isMemory64(argument.memory) else { return (address, UInt32(argument.offset)) }
        let checked = stack.register(at: stack.height)
        lastResult = nil
        ops.append(.address64(destination: checked, address: address, offset: argument.offset))
        return (checked, 0)
    }

    /// Pops the index of an indirect call through `table`: for a 64-bit
    /// table, checked by a `tableIndex64` op into the index's own position.
    mutating func popTableIndex(_ table: UInt32) -> Register {
        let index = popRegister()
        guard module.tableType(at: table)?.limits.is64 == true else { return index }
        let checked = stack.register(at: stack.height)
        emit(.tableIndex64(destination: checked, index: index))
        return checked
    }

    /// The memory field of a size or bulk op for memory `index`.
    func memoryField(_ index: UInt32) -> UInt32 { isMemory64(index) ? index | Op.memory64Flag : index }

    /// Emits `access`, a load or store of memory `memory`: between a
    /// `useMemory` of that memory and one of memory 0 when it is not memory
    /// 0. Nothing fuses into the access or out of it: it must stay an op the
    /// interpreter runs on the switched view, after its `address64`.
    @discardableResult
    mutating func emit(_ access: Op, onMemory memory: UInt32) -> Int {
        guard needsBracket(memory) else { return emit(access) }
        lastResult = nil
        if memory != 0 { ops.append(.useMemory(memory)) }
        ops.append(access)
        let index = ops.count - 1
        if memory != 0 { ops.append(.useMemory(0)) }
        lastLabel = ops.count
        return index
    }

    mutating func translateStore(_ operation: StoreOperation, _ argument: MemoryArgument) {
        let offset = UInt32(truncatingIfNeeded: argument.offset)
        if needsBracket(argument.memory) {
            let value = popRegister()
            let (address, offset) = accessAddress(popRegister(), argument)
            emit(Self.store(operation, value: value, address: address, offset: offset), onMemory: argument.memory)
            return
        }
        var store: Op
        if case .constant(let bits) = stack[stack.height - 1],
           let constantStore = Op.storingConstant(bits, operation, address: 0, offset: offset) {
            // The value is in the op: no register, no `const` op.
            _ = stack.pop()
            store = constantStore
            store.r1 = popRegister()
        } else {
            let value = popRegister()
            store = Self.store(operation, value: value, address: popRegister(), offset: offset)
        }
        // The ops just before computed temporaries that only this store reads
        // (the address plus a constant, a wrapped or extended address, a
        // loaded value moved or incremented): they may run as one op with it.
        store = fusedWithRecentResults(store, consumingAbove: stack.height).0
        emit(store)
    }

    /// The store op for `operation` with its value in a register.
    static func store(_ operation: StoreOperation, value: Register, address: Register, offset: UInt32) -> Op {
        switch operation {
        case .i32Store: .i32Store(value: value, address: address, offset: offset)
        case .i64Store: .i64Store(value: value, address: address, offset: offset)
        case .f32Store: .f32Store(value: value, address: address, offset: offset)
        case .f64Store: .f64Store(value: value, address: address, offset: offset)
        case .i32Store8: .i32Store8(value: value, address: address, offset: offset)
        case .i32Store16: .i32Store16(value: value, address: address, offset: offset)
        case .i64Store8: .i64Store8(value: value, address: address, offset: offset)
        case .i64Store16: .i64Store16(value: value, address: address, offset: offset)
        case .i64Store32: .i64Store32(value: value, address: address, offset: offset)
        }
    }

    /// Memory size and growth, bulk memory, tables.
    mutating func translateBulk(_ instruction: Instruction) {
        switch instruction {
        case .memorySize(let memory):
            let field = memoryField(memory)
            emitPushingResult { .memorySize(destination: $0, memory: field) }
        case .memoryGrow(let memory):
            let delta = popRegister()
            let field = memoryField(memory)
            emitPushingResult { .memoryGrow(destination: $0, delta: delta, memory: field) }
        case .memoryFill(let memory):
            let (destination, value, count) = popThree()
            emit(.memoryFill(destination: destination, value: value, count: count, memory: memoryField(memory)))
        case .memoryCopy(let destinationMemory, let sourceMemory):
            let (destination, source, count) = popThree()
            emit(.memoryCopy(destination: destination, source: source, count: count,
                             destinationMemory: memoryField(destinationMemory), sourceMemory: memoryField(sourceMemory)))
        case .memoryInit(let segment, let memory):
            let (destination, source, count) = popThree()
            emit(.memoryInit(segment: segment, destination: destination, source: source, count: count,
                             memory: memoryField(memory)))
        case .dataDrop(let segment):
            emit(.dataDrop(segment: segment))
        case .tableGet(let table):
            let index = popRegister()
            emitPushingResult { .tableGet(destination: $0, index: index, table: table) }
        case .tableSet(let table):
            let value = popRegister()
            let index = popRegister()
            emit(.tableSet(index: index, value: value, table: table))
        case .tableSize(let table):
            emitPushingResult { .tableSize(destination: $0, table: table) }
        case .tableGrow(let table):
            let delta = popRegister()
            let value = popRegister()
            emitPushingResult { .tableGrow(destination: $0, value: value, delta: delta, table: table) }
        case .tableFill(let table):
            let (index, value, count) = popThree()
            emit(.tableFill(index: index, value: value, count: count, table: table))
        case .tableCopy(let destinationTable, let sourceTable):
            let (destination, source, count) = popThree()
            emit(.tableCopy(destinationTable: destinationTable, sourceTable: sourceTable,
                            destination: destination, source: source, count: count))
        case .tableInit(let segment, let table):
            let (destination, source, count) = popThree()
            emit(.tableInit(table: table, segment: segment, destination: destination, source: source, count: count))
        case .elemDrop(let segment):
            emit(.elemDrop(segment: segment))
        default:
            preconditionFailure("not a bulk or table instruction")
        }
    }

    /// Pops three operands, returning them in stack order (deepest first).
    mutating func popThree() -> (Register, Register, Register) {
        let third = popRegister()
        let second = popRegister()
        let first = popRegister()
        return (first, second, third)
    }
}
