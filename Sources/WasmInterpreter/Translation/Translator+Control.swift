import WasmDecoder

extension FunctionTranslator {
    func arity(_ blockType: BlockType) -> (parameters: [ValueType], results: [ValueType]) {
        switch blockType {
        case .empty: return ([], [])
        case .value(let type): return ([], [type])
        case .typeIndex(let index):
            let type = module.types[Int(index)]
            return (type.parameters, type.results)
        }
    }

    mutating func translateBlock(_ kind: TranslationFrame.Kind, _ blockType: BlockType) {
        let (parameterTypes, resultTypes) = arity(blockType)
        materializeLocals()
        let height = stack.height - Slot.count(of: parameterTypes)
        for position in height..<stack.height { materialize(position) }
        var frame = TranslationFrame(kind: kind, parameterTypes: parameterTypes, resultTypes: resultTypes,
                                     height: height, resultBase: height)
        frame.loopStart = ops.count
        lastLabel = ops.count
        lastResult = nil
        frames.append(frame)
    }

    /// `try_table`: a block whose body's exceptions go to its clauses. Each
    /// clause gets a landing pad before the body (normal flow jumps over
    /// them): the unwinder writes the exception's values into the registers
    /// above the block's operands and jumps there, and the pad branches to
    /// the clause's label as `br` would.
    mutating func translateTryTable(_ blockType: BlockType, _ catches: [CatchClause]) {
        materializeLocals()
        let parameterSlots = Slot.count(of: arity(blockType).parameters)
        let padHeight = stack.height - parameterSlots
        let skip = emit(.br(offset: 0))
        var clauses: [ExceptionHandler.Clause] = []
        for clause in catches {
            var delivered = clause.tag.map { tagParameters($0) } ?? []
            if clause.passesReference { delivered.append(.reference(ReferenceType(isNullable: false, heapType: .exception))) }
            let landing = ops.count
            lastLabel = max(lastLabel, landing)
            lastResult = nil
            let saved = stack
            stack.truncate(to: padHeight)
            stack.pushTemporaries(of: delivered)
            emitBranch(depth: clause.label)
            stack = saved
            // The restored stack forgot the pad's height: the frame must still hold its registers.
            stack.reserve(max(0, padHeight + Slot.count(of: delivered) - stack.height))
            clauses.append(ExceptionHandler.Clause(tag: clause.tag, passesReference: clause.passesReference,
                                                   landing: landing, payloadBase: stack.register(at: padHeight)))
        }
        patch(skip, to: ops.count)
        lastResult = nil
        translateBlock(.block, blockType)
        frames[frames.count - 1].handler = (ops.count, clauses)
    }

    /// The types of the values an exception of tag `index` carries.
    func tagParameters(_ index: UInt32) -> [ValueType] {
        module.types[Int(module.tagTypeIndex(index)!)].parameters  // validated
    }

    mutating func translateIf(_ blockType: BlockType) {
        let condition = popCondition(whenTrue: false)
        let (parameterTypes, resultTypes) = arity(blockType)
        let parameters = Slot.count(of: parameterTypes)
        materializeLocals()
        let base = stack.height - parameters
        for position in base..<stack.height { materialize(position) }
        var frame = TranslationFrame(kind: .if, parameterTypes: parameterTypes, resultTypes: resultTypes,
                                     height: base + parameters, resultBase: base)
        frame.elseBranch = emit(condition.branch(offset: 0))
        // The then part consumes its parameters; it works on copies above the
        // originals, which the else part (or the end, without else) still needs.
        // The copies come after the branch: the condition may sit where they go.
        for index in 0..<parameters {
            emit(.copy(destination: stack.register(at: stack.height), source: stack.register(at: base + index)))
            stack.push(.temporary, highHalf: stack.isHighHalf(base + index))
        }
        frames.append(frame)
    }

    mutating func translateElse() throws(CompileError) {
        let frame = frames.removeLast()
        var pendingBranches = frame.pendingBranches
        if reachable {
            copyTop(frame.resultCount, to: frame.resultBase)
            pendingBranches.append(emit(.br(offset: 0)))
        }
        if let elseBranch = frame.elseBranch { patch(elseBranch, to: ops.count) }
        // The else part runs only when the then part did not, so the original
        // parameters are intact; it is their last user and consumes them in place.
        stack.truncate(to: frame.resultBase)
        stack.pushTemporaries(of: frame.parameterTypes)
        frames.append(TranslationFrame(kind: .else, parameterTypes: frame.parameterTypes,
                                       resultTypes: frame.resultTypes, height: frame.resultBase,
                                       resultBase: frame.resultBase, pendingBranches: pendingBranches))
        reachable = true
        lastResult = nil
    }

    mutating func translateEnd() throws(CompileError) {
        let frame = frames.removeLast()
        if frame.kind == .function {
            if reachable { emitReturn() }
            return
        }
        if reachable { copyTop(frame.resultCount, to: frame.resultBase) }
        let end = ops.count
        if let handler = frame.handler {
            handlers.append(ExceptionHandler(body: handler.bodyStart..<end, clauses: handler.clauses))
            // Nothing after the body may fuse into it.
            lastLabel = max(lastLabel, end)
        }
        for branch in frame.pendingBranches { patch(branch, to: end) }
        var fallsThroughElse = false
        if let elseBranch = frame.elseBranch {
            // An `if` without `else`: its parameters are its results, already in place.
            patch(elseBranch, to: end)
            fallsThroughElse = true
        }
        reachable = reachable || !frame.pendingBranches.isEmpty || fallsThroughElse
        stack.truncate(to: frame.resultBase)
        stack.pushTemporaries(of: frame.resultTypes)
        lastResult = nil
    }

    /// Sets the offset of the branch at `index` so that it lands on `target`.
    mutating func patch(_ index: Int, to target: Int) {
        guard let patched = ops[index].withBranchOffset(Int32(target - index)) else {
            preconditionFailure("patching a non-branch op")
        }
        ops[index] = patched
        lastLabel = max(lastLabel, target)
    }

    /// An unconditional branch to label `depth`, values included.
    mutating func emitBranch(depth: UInt32) {
        let targetIndex = frames.count - 1 - Int(depth)
        let target = frames[targetIndex]
        if target.kind == .function {
            // A branch may be one of several paths (br_if, br_table): what it
            // materialises must not change the stack the other paths see.
            let saved = stack
            emitReturn()
            stack = saved
            return
        }
        copyTop(target.labelArity, to: target.resultBase)
        if target.kind == .loop {
            let here = ops.count
            emit(.br(offset: Int32(target.loopStart - here)))
        } else {
            frames[targetIndex].pendingBranches.append(emit(.br(offset: 0)))
        }
    }

    mutating func translateBrIf(depth: UInt32) {
        let targetIndex = frames.count - 1 - Int(depth)
        let target = frames[targetIndex]
        let inPlace = target.kind != .function && topIsInPlace(target.labelArity, at: target.resultBase, skipping: 1)
        // Copies happen only on the taken path: otherwise branch around them.
        let condition = popCondition(whenTrue: inPlace)
        if inPlace && target.kind == .loop {
            let here = ops.count
            emit(condition.branch(offset: Int32(target.loopStart - here)))
        } else if inPlace {
            frames[targetIndex].pendingBranches.append(emit(condition.branch(offset: 0)))
        } else {
            let skip = emit(condition.branch(offset: 0))
            emitBranch(depth: depth)
            patch(skip, to: ops.count)
            lastResult = nil
        }
    }

    /// `br_on_null` (the reference stays for the fall-through path) and
    /// `br_on_non_null` (the reference goes to the label, or is dropped):
    /// a test of the reference's slot against 0 that skips a branch.
    mutating func translateBranchOnNull(depth: UInt32, whenNull: Bool) {
        let top = stack.height - 1
        materialize(top)
        let reference = stack.register(at: top)
        if whenNull { _ = stack.pop() }
        // The skip is taken on the path that does not branch.
        let skip = emit(whenNull ? .brIfI64NeImmediate(reference, 0, offset: 0) : .brIfI64EqImmediate(reference, 0, offset: 0))
        emitBranch(depth: depth)
        patch(skip, to: ops.count)
        lastResult = nil
        if whenNull { stack.push(.temporary) } else { _ = stack.pop() }
    }

    mutating func translateBrTable(_ table: BranchTable) {
        let index = popRegister()
        let labels = Array(BranchTableLabels(module: module, table: table)) + [table.defaultLabel]
        emit(.brTable(index: index, count: table.count))
        // Each entry is a plain `br`, which the interpreter takes without dispatching it.
        var entries: [(entry: Int, depth: UInt32)] = []
        for depth in labels {
            let targetIndex = frames.count - 1 - Int(depth)
            let target = frames[targetIndex]
            let entry = emit(.br(offset: 0))
            if target.kind != .function && topIsInPlace(target.labelArity, at: target.resultBase) {
                if target.kind == .loop {
                    ops[entry] = .br(offset: Int32(target.loopStart - entry))
                } else {
                    frames[targetIndex].pendingBranches.append(entry)
                }
            } else {
                entries.append((entry, depth))
            }
        }
        // Entries that must move values first jump to a stub that does so.
        for (entry, depth) in entries {
            patch(entry, to: ops.count)
            emitBranch(depth: depth)
        }
        markUnreachable()
    }

    mutating func translateCall(type: FunctionType, makeOp: (Register) -> Op) {
        let base = stack.height - Slot.count(of: type.parameters)
        for position in base..<stack.height { materialize(position) }
        let op = makeOp(stack.register(at: base))
        stack.truncate(to: base)
        emit(op)
        // The callee's frame starts at `base`; its results come back there.
        stack.pushTemporaries(of: type.results)
    }
}
