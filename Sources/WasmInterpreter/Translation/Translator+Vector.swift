import WasmDecoder

// Vector (v128) instructions. A vector lives in two consecutive registers, low
// half first, so the value stack gives it two positions and moves, copies,
// branches and calls carry it like two scalars. Every vector operation is a
// `vector` or `vectorMemory` op; `select`, globals and `local.set` have the
// moves `v128Select`, `v128Global*` and `v128Copy`; constants are a constant
// op per half. See RATIONALE.md#vectors-in-register-pairs.

extension FunctionTranslator {
    mutating func translateVector(_ instruction: Instruction) {
        switch instruction {
        case .v128Const(let vector):
            pushVectorConstant(vector)
        case .i8x16Shuffle(let lanes):
            // The lane indices travel as a third vector operand: an op has no
            // room for 16 bytes. It goes on top, so that making it a register
            // cannot overwrite the other two.
            pushVectorConstant(lanes)
            let indices = popVectorRegister()
            let b = popVectorRegister()
            let a = popVectorRegister()
            emitVectorResult { .vector(.i8x16Shuffle, result: $0, a, b, indices) }
        case .simd(let operation):
            translateVectorOperation(operation)
        case .simdLane(let operation, let lane):
            if case .extractLane = operation.signature {
                let vector = popVectorRegister()
                emitScalarResult { .vector(operation, lane: lane, result: $0, vector) }
            } else {
                let scalar = popRegister()
                let vector = popVectorRegister()
                emitVectorResult { .vector(operation, lane: lane, result: $0, vector, scalar) }
            }
        case .simdLoad(let operation, let argument):
            let (address, offset) = accessAddress(popRegister(), argument)
            emitVectorLoad(argument) { .vectorMemory(operation, value: $0, address: address, offset: offset) }
        case .simdStore(let argument):
            let value = popVectorRegister()
            let (address, offset) = accessAddress(popRegister(), argument)
            emit(.vectorMemory(.v128Store, value: value, address: address, offset: offset), onMemory: argument.memory)
        case .simdLoadLane(let operation, let argument, let lane):
            let vector = popVectorRegister()
            let (address, offset) = accessAddress(popRegister(), argument)
            emitVectorLoad(argument) {
                .vectorMemory(operation, lane: lane, value: $0, address: address, offset: offset, vector: vector)
            }
        case .simdStoreLane(let operation, let argument, let lane):
            let value = popVectorRegister()
            let (address, offset) = accessAddress(popRegister(), argument)
            emit(.vectorMemory(operation, lane: lane, value: value, address: address, offset: offset),
                 onMemory: argument.memory)
        default:
            preconditionFailure("not a vector instruction")
        }
    }

    /// A vector instruction without immediates, by how it uses the stack.
    mutating func translateVectorOperation(_ operation: SIMDOperation) {
        switch operation.signature {
        case .unary:
            let a = popVectorRegister()
            emitVectorResult { .vector(operation, result: $0, a) }
        case .binary:
            let b = popVectorRegister()
            let a = popVectorRegister()
            emitVectorResult { .vector(operation, result: $0, a, b) }
        case .ternary:
            let c = popVectorRegister()
            let b = popVectorRegister()
            let a = popVectorRegister()
            emitVectorResult { .vector(operation, result: $0, a, b, c) }
        case .test:
            let a = popVectorRegister()
            emitScalarResult { .vector(operation, result: $0, a) }
        case .shift:
            let count = popRegister()
            let a = popVectorRegister()
            emitVectorResult { .vector(operation, result: $0, a, count) }
        case .splat:
            let scalar = popRegister()
            emitVectorResult { .vector(operation, result: $0, scalar) }
        case .constant, .extractLane, .replaceLane, .load, .store, .loadLane, .storeLane:
            preconditionFailure("\(operation) has immediates")
        }
    }

    mutating func pushVectorConstant(_ vector: V128) {
        stack.push(.constant(vector.low))
        stack.push(.constant(vector.high), highHalf: true)
    }

    /// `local.set` / `local.tee` of a vector local at `local` and `local + 1`.
    mutating func setVectorLocal(_ local: Register, keepValue: Bool) {
        let high = stack.height - 1, low = high - 1
        // Earlier reads of the local must see its old value.
        for position in 0..<low where stack[position] == .local(local) || stack[position] == .local(local + 1) {
            materialize(position)
        }
        if case .constant(let lowBits) = stack[low], case .constant(let highBits) = stack[high] {
            _ = stack.pop()
            _ = stack.pop()
            emitVectorConstant(V128(low: lowBits, high: highBits), into: local)
        } else if let last = lastVectorResult, last.position == low, stack[low] == .temporary, stack[high] == .temporary {
            // The op that computed the vector writes the local instead (every
            // vector op reads its operands before it writes its result).
            ops[last.op].r0 = local
            lastVectorResult = nil
            _ = stack.pop()
            _ = stack.pop()
        } else {
            // Moved whole: two 8-byte moves would make the next 16-byte load wait.
            let source = popVectorRegister()
            if source != local { emit(.v128Copy(destination: local, source: source)) }
        }
        if keepValue {
            stack.push(.local(local))
            stack.push(.local(local + 1), highHalf: true)
        }
    }

    /// Pops the vector on top, returning its first register: both halves sit
    /// in consecutive registers, as a vector local's or as temporaries.
    mutating func popVectorRegister() -> Register {
        let high = stack.height - 1, low = high - 1
        if case .local(let first) = stack[low], stack[high] == .local(first + 1) {
            _ = stack.pop()
            _ = stack.pop()
            return first
        }
        if case .constant(let lowBits) = stack[low], case .constant(let highBits) = stack[high] {
            emitVectorConstant(V128(low: lowBits, high: highBits), into: stack.register(at: low))
        } else {
            materialize(low)
            materialize(high)
        }
        _ = stack.pop()
        _ = stack.pop()
        return stack.register(at: low)
    }

    /// A vector constant into `register` and the one above: a constant op per half.
    mutating func emitVectorConstant(_ vector: V128, into register: Register) {
        emitConstant(vector.low, into: register)
        emitConstant(vector.high, into: register + 1)
    }

    /// Emits an op that writes a vector to the next two positions, and pushes it.
    mutating func emitVectorResult(_ make: (Register) -> Op) {
        let position = stack.height
        let index = emit(make(stack.register(at: position)))
        stack.push(.temporary)
        stack.push(.temporary, highHalf: true)
        lastVectorResult = (index, position)
    }

    /// Emits a vector load from `argument`'s memory, and pushes the vector.
    mutating func emitVectorLoad(_ argument: MemoryArgument, _ make: (Register) -> Op) {
        guard needsBracket(argument.memory) else { return emitVectorResult(make) }
        emit(make(stack.register(at: stack.height)), onMemory: argument.memory)
        stack.push(.temporary)
        stack.push(.temporary, highHalf: true)
    }

    /// Emits a vector op with a scalar result (lane extraction, tests), and
    /// pushes it. It is not a retargetable result: its opcode writes two
    /// registers for other operations.
    mutating func emitScalarResult(_ make: (Register) -> Op) {
        let position = stack.height
        emit(make(stack.register(at: position)))
        stack.push(.temporary)
    }
}
