import WasmDecoder

extension FunctionTranslator {
    mutating func translateLoad(_ operation: LoadOperation, _ argument: MemoryArgument) {
        let address = popRegister()
        let offset = UInt32(argument.offset)
        switch operation {
        case .i32Load: emitPushingResult { .i32Load(destination: $0, address: address, offset: offset) }
        case .i64Load: emitPushingResult { .i64Load(destination: $0, address: address, offset: offset) }
        case .f32Load: emitPushingResult { .f32Load(destination: $0, address: address, offset: offset) }
        case .f64Load: emitPushingResult { .f64Load(destination: $0, address: address, offset: offset) }
        case .i32Load8S: emitPushingResult { .i32Load8S(destination: $0, address: address, offset: offset) }
        case .i32Load8U: emitPushingResult { .i32Load8U(destination: $0, address: address, offset: offset) }
        case .i32Load16S: emitPushingResult { .i32Load16S(destination: $0, address: address, offset: offset) }
        case .i32Load16U: emitPushingResult { .i32Load16U(destination: $0, address: address, offset: offset) }
        case .i64Load8S: emitPushingResult { .i64Load8S(destination: $0, address: address, offset: offset) }
        case .i64Load8U: emitPushingResult { .i64Load8U(destination: $0, address: address, offset: offset) }
        case .i64Load16S: emitPushingResult { .i64Load16S(destination: $0, address: address, offset: offset) }
        case .i64Load16U: emitPushingResult { .i64Load16U(destination: $0, address: address, offset: offset) }
        case .i64Load32S: emitPushingResult { .i64Load32S(destination: $0, address: address, offset: offset) }
        case .i64Load32U: emitPushingResult { .i64Load32U(destination: $0, address: address, offset: offset) }
        }
    }

    mutating func translateStore(_ operation: StoreOperation, _ argument: MemoryArgument) {
        let offset = UInt32(argument.offset)
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
        case .memorySize:
            emitPushingResult { .memorySize(destination: $0) }
        case .memoryGrow:
            let delta = popRegister()
            emitPushingResult { .memoryGrow(destination: $0, delta: delta) }
        case .memoryFill:
            let (destination, value, count) = popThree()
            emit(.memoryFill(destination: destination, value: value, count: count))
        case .memoryCopy:
            let (destination, source, count) = popThree()
            emit(.memoryCopy(destination: destination, source: source, count: count))
        case .memoryInit(let segment):
            let (destination, source, count) = popThree()
            emit(.memoryInit(segment: segment, destination: destination, source: source, count: count))
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
