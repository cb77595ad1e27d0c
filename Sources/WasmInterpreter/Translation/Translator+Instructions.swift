import WasmDecoder

extension FunctionTranslator {
    /// Translates one reachable instruction.
    mutating func translate(_ instruction: Instruction) throws(CompileError) {
        switch instruction {
        case .numeric(let operation):
            translateNumeric(operation)
        case .i32Const(let value):
            stack.push(.constant(UInt64(UInt32(bitPattern: value))))
        case .i64Const(let value):
            stack.push(.constant(UInt64(bitPattern: value)))
        case .f32Const(let bits):
            stack.push(.constant(UInt64(bits)))
        case .f64Const(let bits):
            stack.push(.constant(bits))
        case .localGet(let index):
            let (register, isVector) = local(index)
            stack.push(.local(register))
            if isVector { stack.push(.local(register + 1), highHalf: true) }
        case .localSet(let index):
            let (register, isVector) = local(index)
            if isVector { setVectorLocal(register, keepValue: false) } else { setLocal(register, keepValue: false) }
        case .localTee(let index):
            let (register, isVector) = local(index)
            if isVector { setVectorLocal(register, keepValue: true) } else { setLocal(register, keepValue: true) }
        case .globalGet(let index) where module.globalType(at: index)?.valueType == .v128:
            emitVectorResult { .v128GlobalGet(destination: $0, index: index) }
        case .globalGet(let index):
            emitPushingResult { .globalGet(destination: $0, index: index) }
        case .globalSet(let index) where module.globalType(at: index)?.valueType == .v128:
            emit(.v128GlobalSet(source: popVectorRegister(), index: index))
        case .globalSet(let index):
            emit(.globalSet(source: popRegister(), index: index))
        case .drop:
            if stack.vectorOnTop { _ = stack.pop() }
            _ = stack.pop()
        case .select, .typedSelect:
            let condition = popRegister()
            if stack.vectorOnTop {
                let ifFalse = popVectorRegister()
                let ifTrue = popVectorRegister()
                emitVectorResult { .v128Select(destination: $0, condition: condition, ifTrue: ifTrue, ifFalse: ifFalse) }
                break
            }
            let ifFalse = popRegister()
            let ifTrue = popRegister()
            emitPushingResult { .select(destination: $0, condition: condition, ifTrue: ifTrue, ifFalse: ifFalse) }
        case .nop:
            break
        case .unreachable:
            emit(.unreachable)
            markUnreachable()
        case .block(let blockType):
            translateBlock(.block, blockType)
        case .loop(let blockType):
            translateBlock(.loop, blockType)
        case .if(let blockType):
            translateIf(blockType)
        case .else:
            try translateElse()
        case .end:
            try translateEnd()
        case .br(let depth):
            emitBranch(depth: depth)
            markUnreachable()
        case .brIf(let depth):
            translateBrIf(depth: depth)
        case .brTable(let table):
            translateBrTable(table)
        case .return:
            emitReturn()
            markUnreachable()
        case .call(let function):
            let calleeType = module.functionType(ofFunction: function)!  // validated
            translateCall(type: calleeType) { .call(function: function, base: $0) }
        case .callIndirect(let typeIndex, let tableIndex):
            let index = popTableIndex(tableIndex)
            translateCall(type: module.types[Int(typeIndex)]) {
                .callIndirect(type: typeIndex, table: tableIndex, index: index, base: $0)
            }
        case .returnCall(let function):
            let calleeType = module.functionType(ofFunction: function)!  // validated
            translateCall(type: calleeType) { .returnCall(function: function, base: $0) }
            // Reached only after a host callee: its results are on top.
            emitReturn()
            markUnreachable()
        case .returnCallIndirect(let typeIndex, let tableIndex):
            let index = popTableIndex(tableIndex)
            translateCall(type: module.types[Int(typeIndex)]) {
                .returnCallIndirect(type: typeIndex, table: tableIndex, index: index, base: $0)
            }
            emitReturn()
            markUnreachable()
        case .callRef(let typeIndex):
            let reference = popRegister()
            translateCall(type: module.types[Int(typeIndex)]) { .callRef(reference: reference, base: $0) }
        case .returnCallRef(let typeIndex):
            let reference = popRegister()
            translateCall(type: module.types[Int(typeIndex)]) { .returnCallRef(reference: reference, base: $0) }
            emitReturn()
            markUnreachable()
        case .refAsNonNull:
            materialize(stack.height - 1)
            emit(.refAsNonNull(stack.register(at: stack.height - 1)))
        case .brOnNull(let depth):
            translateBranchOnNull(depth: depth, whenNull: true)
        case .brOnNonNull(let depth):
            translateBranchOnNull(depth: depth, whenNull: false)
        case .throw(let tag):
            let count = Slot.count(of: tagParameters(tag))
            let first = stack.height - count
            for position in first..<stack.height { materialize(position) }
            emit(.throw(tag: tag, first: stack.register(at: first), count: Register(count)))
            markUnreachable()
        case .throwRef:
            emit(.throwRef(popRegister()))
            markUnreachable()
        case .tryTable(let blockType, let clauses):
            translateTryTable(blockType, clauses.decoded(in: module))
        case .refNull:
            stack.push(.constant(0))
        case .refIsNull:
            let operand = popRegister()
            emitPushingResult { .i64Eqz($0, operand) }
        case .refFunc(let function):
            emitPushingResult { .refFunc(destination: $0, function: function) }
        case .load(let operation, let argument):
            translateLoad(operation, argument)
        case .store(let operation, let argument):
            translateStore(operation, argument)
        case .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy, .memoryFill,
             .tableGet, .tableSet, .tableInit, .elemDrop, .tableCopy, .tableGrow, .tableSize, .tableFill:
            translateBulk(instruction)
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdLoad, .simdStore, .simdLoadLane, .simdStoreLane:
            translateVector(instruction)
        case .refEq, .gc:
            translateGC(instruction)
        }
    }

    /// `local.set` / `local.tee`: the value goes straight into the local when
    /// the op that computed it can be retargeted.
    mutating func setLocal(_ local: Register, keepValue: Bool) {
        let top = stack.height - 1
        var pendingReads = false
        for position in 0..<top where stack[position] == .local(local) { pendingReads = true }
        if case .temporary = stack[top], !pendingReads, let last = lastResult, last.position == top,
           let retargeted = ops[last.op].withDestination(local) {
            ops[last.op] = retargeted
            lastResult = nil
            // Now that it writes the local, it may pair with the op before it.
            if last.op == ops.count - 1, last.op > 0, lastLabel < last.op,
               let fused = ops[last.op - 1].fused(adjacentTo: retargeted) {
                ops.removeLast()
                ops[last.op - 1] = fused
            }
            _ = stack.pop()
            if keepValue { stack.push(.local(local)) }
            return
        }
        // Earlier reads of the local must see its old value.
        if pendingReads {
            for position in 0..<top where stack[position] == .local(local) { materialize(position) }
        }
        switch stack[top] {
        case .temporary:
            emit(.copy(destination: local, source: stack.register(at: top)))
        case .local(let source):
            if source != local { emit(.copy(destination: local, source: source)) }
        case .constant(let bits):
            emitConstant(bits, into: local)
        }
        if !keepValue { _ = stack.pop() }
    }

    mutating func translateNumeric(_ operation: NumericOperation) {
        if translateWithImmediate(operation) { return }
        switch operation {
        case .i32Eqz: unary { .i32Eqz($0, $1) }
        case .i64Eqz: unary { .i64Eqz($0, $1) }
        case .i32Clz: unary { .i32Clz($0, $1) }
        case .i32Ctz: unary { .i32Ctz($0, $1) }
        case .i32Popcnt: unary { .i32Popcnt($0, $1) }
        case .i64Clz: unary { .i64Clz($0, $1) }
        case .i64Ctz: unary { .i64Ctz($0, $1) }
        case .i64Popcnt: unary { .i64Popcnt($0, $1) }
        case .f32Abs: unary { .f32Abs($0, $1) }
        case .f32Neg: unary { .f32Neg($0, $1) }
        case .f32Ceil: unary { .f32Ceil($0, $1) }
        case .f32Floor: unary { .f32Floor($0, $1) }
        case .f32Trunc: unary { .f32Trunc($0, $1) }
        case .f32Nearest: unary { .f32Nearest($0, $1) }
        case .f32Sqrt: unary { .f32Sqrt($0, $1) }
        case .f64Abs: unary { .f64Abs($0, $1) }
        case .f64Neg: unary { .f64Neg($0, $1) }
        case .f64Ceil: unary { .f64Ceil($0, $1) }
        case .f64Floor: unary { .f64Floor($0, $1) }
        case .f64Trunc: unary { .f64Trunc($0, $1) }
        case .f64Nearest: unary { .f64Nearest($0, $1) }
        case .f64Sqrt: unary { .f64Sqrt($0, $1) }
        case .i32WrapI64: unary { .i32WrapI64($0, $1) }
        case .i32TruncF32S: unary { .i32TruncF32S($0, $1) }
        case .i32TruncF32U: unary { .i32TruncF32U($0, $1) }
        case .i32TruncF64S: unary { .i32TruncF64S($0, $1) }
        case .i32TruncF64U: unary { .i32TruncF64U($0, $1) }
        case .i64ExtendI32S: unary { .i64ExtendI32S($0, $1) }
        case .i64ExtendI32U: unary { .i64ExtendI32U($0, $1) }
        case .i64TruncF32S: unary { .i64TruncF32S($0, $1) }
        case .i64TruncF32U: unary { .i64TruncF32U($0, $1) }
        case .i64TruncF64S: unary { .i64TruncF64S($0, $1) }
        case .i64TruncF64U: unary { .i64TruncF64U($0, $1) }
        case .f32ConvertI32S: unary { .f32ConvertI32S($0, $1) }
        case .f32ConvertI32U: unary { .f32ConvertI32U($0, $1) }
        case .f32ConvertI64S: unary { .f32ConvertI64S($0, $1) }
        case .f32ConvertI64U: unary { .f32ConvertI64U($0, $1) }
        case .f32DemoteF64: unary { .f32DemoteF64($0, $1) }
        case .f64ConvertI32S: unary { .f64ConvertI32S($0, $1) }
        case .f64ConvertI32U: unary { .f64ConvertI32U($0, $1) }
        case .f64ConvertI64S: unary { .f64ConvertI64S($0, $1) }
        case .f64ConvertI64U: unary { .f64ConvertI64U($0, $1) }
        case .f64PromoteF32: unary { .f64PromoteF32($0, $1) }
        case .i32ReinterpretF32: unary { .i32ReinterpretF32($0, $1) }
        case .i64ReinterpretF64: unary { .i64ReinterpretF64($0, $1) }
        case .f32ReinterpretI32: unary { .f32ReinterpretI32($0, $1) }
        case .f64ReinterpretI64: unary { .f64ReinterpretI64($0, $1) }
        case .i32Extend8S: unary { .i32Extend8S($0, $1) }
        case .i32Extend16S: unary { .i32Extend16S($0, $1) }
        case .i64Extend8S: unary { .i64Extend8S($0, $1) }
        case .i64Extend16S: unary { .i64Extend16S($0, $1) }
        case .i64Extend32S: unary { .i64Extend32S($0, $1) }
        case .i32TruncSatF32S: unary { .i32TruncSatF32S($0, $1) }
        case .i32TruncSatF32U: unary { .i32TruncSatF32U($0, $1) }
        case .i32TruncSatF64S: unary { .i32TruncSatF64S($0, $1) }
        case .i32TruncSatF64U: unary { .i32TruncSatF64U($0, $1) }
        case .i64TruncSatF32S: unary { .i64TruncSatF32S($0, $1) }
        case .i64TruncSatF32U: unary { .i64TruncSatF32U($0, $1) }
        case .i64TruncSatF64S: unary { .i64TruncSatF64S($0, $1) }
        case .i64TruncSatF64U: unary { .i64TruncSatF64U($0, $1) }
        case .i32Eq: binary { .i32Eq($0, $1, $2) }
        case .i32Ne: binary { .i32Ne($0, $1, $2) }
        case .i32LtS: binary { .i32LtS($0, $1, $2) }
        case .i32LtU: binary { .i32LtU($0, $1, $2) }
        case .i32GtS: binary { .i32GtS($0, $1, $2) }
        case .i32GtU: binary { .i32GtU($0, $1, $2) }
        case .i32LeS: binary { .i32LeS($0, $1, $2) }
        case .i32LeU: binary { .i32LeU($0, $1, $2) }
        case .i32GeS: binary { .i32GeS($0, $1, $2) }
        case .i32GeU: binary { .i32GeU($0, $1, $2) }
        case .i64Eq: binary { .i64Eq($0, $1, $2) }
        case .i64Ne: binary { .i64Ne($0, $1, $2) }
        case .i64LtS: binary { .i64LtS($0, $1, $2) }
        case .i64LtU: binary { .i64LtU($0, $1, $2) }
        case .i64GtS: binary { .i64GtS($0, $1, $2) }
        case .i64GtU: binary { .i64GtU($0, $1, $2) }
        case .i64LeS: binary { .i64LeS($0, $1, $2) }
        case .i64LeU: binary { .i64LeU($0, $1, $2) }
        case .i64GeS: binary { .i64GeS($0, $1, $2) }
        case .i64GeU: binary { .i64GeU($0, $1, $2) }
        case .f32Eq: binary { .f32Eq($0, $1, $2) }
        case .f32Ne: binary { .f32Ne($0, $1, $2) }
        case .f32Lt: binary { .f32Lt($0, $1, $2) }
        case .f32Gt: binary { .f32Gt($0, $1, $2) }
        case .f32Le: binary { .f32Le($0, $1, $2) }
        case .f32Ge: binary { .f32Ge($0, $1, $2) }
        case .f64Eq: binary { .f64Eq($0, $1, $2) }
        case .f64Ne: binary { .f64Ne($0, $1, $2) }
        case .f64Lt: binary { .f64Lt($0, $1, $2) }
        case .f64Gt: binary { .f64Gt($0, $1, $2) }
        case .f64Le: binary { .f64Le($0, $1, $2) }
        case .f64Ge: binary { .f64Ge($0, $1, $2) }
        case .i32Add: binary { .i32Add($0, $1, $2) }
        case .i32Sub: binary { .i32Sub($0, $1, $2) }
        case .i32Mul: binary { .i32Mul($0, $1, $2) }
        case .i32DivS: binary { .i32DivS($0, $1, $2) }
        case .i32DivU: binary { .i32DivU($0, $1, $2) }
        case .i32RemS: binary { .i32RemS($0, $1, $2) }
        case .i32RemU: binary { .i32RemU($0, $1, $2) }
        case .i32And: binary { .i32And($0, $1, $2) }
        case .i32Or: binary { .i32Or($0, $1, $2) }
        case .i32Xor: binary { .i32Xor($0, $1, $2) }
        case .i32Shl: binary { .i32Shl($0, $1, $2) }
        case .i32ShrS: binary { .i32ShrS($0, $1, $2) }
        case .i32ShrU: binary { .i32ShrU($0, $1, $2) }
        case .i32Rotl: binary { .i32Rotl($0, $1, $2) }
        case .i32Rotr: binary { .i32Rotr($0, $1, $2) }
        case .i64Add: binary { .i64Add($0, $1, $2) }
        case .i64Sub: binary { .i64Sub($0, $1, $2) }
        case .i64Mul: binary { .i64Mul($0, $1, $2) }
        case .i64DivS: binary { .i64DivS($0, $1, $2) }
        case .i64DivU: binary { .i64DivU($0, $1, $2) }
        case .i64RemS: binary { .i64RemS($0, $1, $2) }
        case .i64RemU: binary { .i64RemU($0, $1, $2) }
        case .i64And: binary { .i64And($0, $1, $2) }
        case .i64Or: binary { .i64Or($0, $1, $2) }
        case .i64Xor: binary { .i64Xor($0, $1, $2) }
        case .i64Shl: binary { .i64Shl($0, $1, $2) }
        case .i64ShrS: binary { .i64ShrS($0, $1, $2) }
        case .i64ShrU: binary { .i64ShrU($0, $1, $2) }
        case .i64Rotl: binary { .i64Rotl($0, $1, $2) }
        case .i64Rotr: binary { .i64Rotr($0, $1, $2) }
        case .f32Add: binary { .f32Add($0, $1, $2) }
        case .f32Sub: binary { .f32Sub($0, $1, $2) }
        case .f32Mul: binary { .f32Mul($0, $1, $2) }
        case .f32Div: binary { .f32Div($0, $1, $2) }
        case .f32Min: binary { .f32Min($0, $1, $2) }
        case .f32Max: binary { .f32Max($0, $1, $2) }
        case .f32Copysign: binary { .f32Copysign($0, $1, $2) }
        case .f64Add: binary { .f64Add($0, $1, $2) }
        case .f64Sub: binary { .f64Sub($0, $1, $2) }
        case .f64Mul: binary { .f64Mul($0, $1, $2) }
        case .f64Div: binary { .f64Div($0, $1, $2) }
        case .f64Min: binary { .f64Min($0, $1, $2) }
        case .f64Max: binary { .f64Max($0, $1, $2) }
        case .f64Copysign: binary { .f64Copysign($0, $1, $2) }
        }
    }

    mutating func unary(_ make: (Register, Register) -> Op) {
        let operand = popRegister()
        emitPushingResult { make($0, operand) }
    }

    mutating func binary(_ make: (Register, Register, Register) -> Op) {
        let rhs = popRegister()
        let lhs = popRegister()
        emitPushingResult { make($0, lhs, rhs) }
    }

    /// A binary operation with a constant operand, as one op with an
    /// immediate; false (nothing emitted) when there is no such form.
    mutating func translateWithImmediate(_ operation: NumericOperation) -> Bool {
        let top = stack.height - 1
        guard top >= 1 else { return false }
        if case .constant(let bits) = stack[top], Op.withImmediate(operation, destination: 0, lhs: 0, constant: bits) != nil {
            _ = stack.pop()
            let lhs = popRegister()
            emitPushingResult { Op.withImmediate(operation, destination: $0, lhs: lhs, constant: bits)! }
            return true
        }
        if case .constant(let bits) = stack[top - 1], let mirrored = operation.mirrored,
           Op.withImmediate(mirrored, destination: 0, lhs: 0, constant: bits) != nil {
            let rhs = popRegister()
            _ = stack.pop()
            emitPushingResult { Op.withImmediate(mirrored, destination: $0, lhs: rhs, constant: bits)! }
            return true
        }
        if case .constant(let bits) = stack[top - 1],
           Op.withImmediateMinuend(operation, destination: 0, rhs: 0, constant: bits) != nil {
            let rhs = popRegister()
            _ = stack.pop()
            emitPushingResult { Op.withImmediateMinuend(operation, destination: $0, rhs: rhs, constant: bits)! }
            return true
        }
        return false
    }
}
