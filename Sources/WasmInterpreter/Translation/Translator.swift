import WasmDecoder

/// Translates one validated function body into register-based `Op`s in a
/// single pass (see ARCHITECTURE.md, "Translation").
///
/// Locals, parameters and constants are not copied onto a value stack: the
/// abstract `ValueStack` remembers where each value is, and consumers name
/// those registers directly. Temporaries live at fixed registers by stack
/// position, so control-flow merges need no register allocation.
struct FunctionTranslator {
    let module: Module
    let functionIndex: UInt32
    let type: FunctionType
    /// Slots (registers) of the parameters plus declared locals.
    let localCount: Int
    /// Each local's first register, when some local is a vector (which takes
    /// two); empty when local `i` is register `i`.
    let vectorLocalRegisters: [Register]
    /// Which locals are vectors, when some are.
    let vectorLocals: [Bool]
    var ops: [Op] = []
    var stack: ValueStack
    var frames: [TranslationFrame] = []
    var reachable = true
    /// Blocks opened inside unreachable code, whose ends must be skipped.
    var skippedDepth = 0
    /// The `try_table`s translated so far, each added at its end, so inner ones come first.
    var handlers: [ExceptionHandler] = []
    /// The last op, if it wrote the temporary at the top of the stack.
    var lastResult: (op: Int, position: Int)? {
        didSet {
            if lastResult == nil {
                resultsBeforeLast.removeAll(keepingCapacity: true)
                lastVectorResult = nil
            }
        }
    }
    /// The last op, if it wrote the vector at the top of the stack (whose low
    /// half is at `position`): `local.set` may retarget it.
    var lastVectorResult: (op: Int, position: Int)?
    /// The ops just before `lastResult`, each one op before the next, that
    /// also wrote temporaries: when the last op fuses into a new one, the new
    /// op may fuse again with them (`fusedWithRecentResults`).
    var resultsBeforeLast: [(op: Int, position: Int)] = []
    /// The highest op index a branch lands on so far: the op emitted there
    /// starts a new path and never fuses into the one before it (`emit`).
    var lastLabel = 0

    init(module: Module, functionIndex: UInt32, body: FunctionBody) throws(CompileError) {
        self.module = module
        self.functionIndex = functionIndex
        guard let type = module.functionType(ofFunction: functionIndex) else {
            throw CompileError(function: functionIndex, message: "function has no type")
        }
        self.type = type
        let declaredVectors = body.locals.reduce(0) { $0 + ($1.type == .v128 ? Int($1.count) : 0) }
        let parameterVectors = type.parameters.count { $0 == .v128 }
        let count = type.parameters.count + Int(body.localCount) + declaredVectors + parameterVectors
        guard count < Int(Register.max) / 2 else {
            throw CompileError(function: functionIndex, message: "too many locals (\(count))")
        }
        localCount = count
        stack = ValueStack(base: count)
        if declaredVectors + parameterVectors == 0 {
            (vectorLocalRegisters, vectorLocals) = ([], [])
        } else {
            var registers: [Register] = [], vectors: [Bool] = []
            var next = 0
            func add(_ type: ValueType) {
                registers.append(Register(next))
                vectors.append(type == .v128)
                next += Slot.count(of: type)
            }
            for parameter in type.parameters { add(parameter) }
            for declaration in body.locals {
                for _ in 0..<declaration.count { add(declaration.type) }
            }
            (vectorLocalRegisters, vectorLocals) = (registers, vectors)
        }
    }

    /// The first register of local `index`, and whether it is a vector.
    func local(_ index: UInt32) -> (register: Register, isVector: Bool) {
        if vectorLocals.isEmpty { return (Register(index), false) }
        return (vectorLocalRegisters[Int(index)], vectorLocals[Int(index)])
    }

    // MARK: Driver

    mutating func translate(_ body: FunctionBody) throws(CompileError) -> CompiledFunction {
        frames.append(TranslationFrame(kind: .function, parameterTypes: [], resultTypes: type.results,
                                       height: 0, resultBase: 0))
        var reader = CodeReader(reader: ByteReader(bytes: module.bytes, offset: body.code.lowerBound,
                                                   end: body.code.upperBound),
                                features: module.features)
        while !frames.isEmpty {
            let instruction: Instruction
            do {
                instruction = try reader.read()
            } catch {
                throw CompileError(function: functionIndex, message: "\(error)")
            }
            if !reachable {
                try skipUnreachable(instruction)
                continue
            }
            try translate(instruction)
        }
        threadConstantBranchesThroughTables()
        let registers = localCount + stack.maximumHeight
        guard registers < Int(Register.max) else {
            throw CompileError(function: functionIndex, message: "function needs \(registers) registers")
        }
        return CompiledFunction(ops: ops, frameSize: registers, parameterCount: Slot.count(of: type.parameters),
                                localCount: localCount, resultCount: Slot.count(of: type.results), handlers: handlers)
    }

    /// In unreachable code only the block structure matters.
    mutating func skipUnreachable(_ instruction: Instruction) throws(CompileError) {
        switch instruction {
        case .block, .loop, .if, .tryTable:
            skippedDepth += 1
        case .else where skippedDepth == 0:
            try translateElse()
        case .end:
            if skippedDepth > 0 { skippedDepth -= 1 } else { try translateEnd() }
        default:
            break
        }
    }

    // MARK: Emission

    @discardableResult
    mutating func emit(_ op: Op) -> Int {
        lastResult = nil
        // No branch lands on this op: it may run as one with the op before.
        if lastLabel < ops.count, let previous = ops.last, let fused = previous.fused(adjacentTo: op) {
            ops[ops.count - 1] = fused
            return ops.count - 1
        }
        ops.append(op)
        return ops.count - 1
    }

    /// Emits an op that writes the temporary of the stack's next position and pushes it.
    mutating func emitPushingResult(_ make: (Register) -> Op) {
        let position = stack.height
        let (op, unfused) = fusedWithRecentResults(make(stack.register(at: position)), consumingAbove: position)
        let index = emit(op)
        stack.push(.temporary)
        // `emit` cleared the chain; it goes on unless `op` fused into the op before it.
        lastResult = (index, position)
        if let previous = unfused.last, previous.op == index - 1 { resultsBeforeLast = unfused }
    }

    /// `op` fused with the ops just before it that computed temporaries it
    /// consumed (no longer on the stack: at or above `position`) with no label
    /// between (labels clear `lastResult`), the newest first, for as long as
    /// each pair has a fused form; and those recent results left unfused.
    /// Each fusion removes the earlier op, which only the fused op read.
    mutating func fusedWithRecentResults(_ op: Op, consumingAbove position: Int) -> (Op, [(op: Int, position: Int)]) {
        var op = op
        var recent = resultsBeforeLast
        if let last = lastResult { recent.append(last) }
        while let last = recent.last, last.op == ops.count - 1, last.position >= position,
              let fused = ops[last.op].fused(with: op) {
            ops.removeLast()
            recent.removeLast()
            op = fused
        }
        if recent.last?.op != ops.count - 1 { recent.removeAll() }
        // A short chain is all the fusions need.
        return (op, Array(recent.suffix(3)))
    }

    /// The register holding the operand at `position`, materialising a constant.
    mutating func use(_ position: Int) -> Register {
        switch stack[position] {
        case .temporary:
            return stack.register(at: position)
        case .local(let register):
            return register
        case .constant(let bits):
            let register = stack.register(at: position)
            emitConstant(bits, into: register)
            stack[position] = .temporary
            return register
        }
    }

    mutating func emitConstant(_ bits: UInt64, into register: Register) {
        if bits <= UInt64(UInt32.max) {
            emit(.const32(destination: register, value: UInt32(bits)))
        } else {
            emit(.const64(value: bits, destination: register))
        }
    }

    /// Pops the top operand, returning its register.
    mutating func popRegister() -> Register {
        let register = use(stack.height - 1)
        _ = stack.pop()
        return register
    }

    /// Makes the operand at `position` a temporary in its own register.
    mutating func materialize(_ position: Int) {
        switch stack[position] {
        case .temporary:
            return
        case .local(let source):
            emit(.copy(destination: stack.register(at: position), source: source))
        case .constant(let bits):
            emitConstant(bits, into: stack.register(at: position))
        }
        stack[position] = .temporary
    }

    /// Copies every pending local read into its own temporary. Needed before
    /// a block, whose code may assign those locals on only some paths.
    mutating func materializeLocals() {
        for position in 0..<stack.height {
            if case .local = stack[position] { materialize(position) }
        }
    }

    /// Copies the values at the top `count` positions into registers from
    /// position `base` on, without changing the stack. Sources are never below
    /// their destinations, so copying upwards never overwrites a pending source.
    mutating func copyTop(_ count: Int, to base: Int) {
        let first = stack.height - count
        for index in 0..<count {
            let source = first + index
            let destination = stack.register(at: base + index)
            switch stack[source] {
            case .temporary:
                if source != base + index {
                    emit(.copy(destination: destination, source: stack.register(at: source)))
                }
            case .local(let register):
                emit(.copy(destination: destination, source: register))
            case .constant(let bits):
                emitConstant(bits, into: destination)
            }
        }
    }

    /// True when the top `count` values (below the `skipping` topmost ones)
    /// already sit, as temporaries, at `base`.
    func topIsInPlace(_ count: Int, at base: Int, skipping: Int = 0) -> Bool {
        let height = stack.height - skipping
        guard height - count == base else { return count == 0 }
        for position in base..<height where stack[position] != .temporary { return false }
        return true
    }

    /// Emits a return of the function's results, which are on top of the stack.
    mutating func emitReturn() {
        let count = Slot.count(of: type.results)
        switch count {
        case 0:
            emit(.return0)
        case 1:
            emit(.return1(value: use(stack.height - 1)))
        default:
            let first = stack.height - count
            for position in first..<stack.height { materialize(position) }
            emit(.returnMany(first: stack.register(at: first), count: UInt16(count)))
        }
    }

    mutating func markUnreachable() {
        reachable = false
        stack.truncate(to: frames[frames.count - 1].height)
        lastResult = nil
    }

    func unsupported(_ what: String) -> CompileError {
        CompileError(function: functionIndex, message: "\(what) is not supported by the interpreter yet")
    }
}
