extension FunctionValidator {
    /// Checks one instruction against the stacks (spec §3.3).
    func validate(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .numeric(let operation):
            let signature = NumericOperation.signatures[Int(operation.rawValue)]
            if signature.count == 2 { try pop(signature.second) }
            try pop(signature.first)
            push(signature.result)
        case .i32Const: push(.i32)
        case .i64Const: push(.i64)
        case .f32Const: push(.f32)
        case .f64Const: push(.f64)
        case .localGet(let index):
            push(try readableLocalType(index))
        case .localSet(let index):
            let type = try localType(index)
            try pop(type)
            markInitialized(index, type: type)
        case .localTee(let index):
            let type = try localType(index)
            try pop(type)
            markInitialized(index, type: type)
            push(type)
        case .globalGet(let index):
            push(try globalType(index).valueType)
        case .globalSet(let index):
            let type = try globalType(index)
            guard type.isMutable else { throw invalid("global is immutable") }
            try pop(type.valueType)
        case .load(let operation, let argument):
            try checkMemory(argument, naturalAlignment: operation.naturalAlignment)
            try pop(addressType(argument.memory))
            push(operation.resultType)
        case .store(let operation, let argument):
            try checkMemory(argument, naturalAlignment: operation.naturalAlignment)
            try pop(operation.valueType)
            try pop(addressType(argument.memory))
        case .unreachable, .nop, .block, .loop, .if, .else, .end, .br, .brIf, .brTable, .return,
             .call, .callIndirect, .returnCall, .returnCallIndirect, .drop, .select, .typedSelect,
             .callRef, .returnCallRef, .brOnNull, .brOnNonNull, .throw, .throwRef, .tryTable:
            try validateControl(instruction)
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdLoad, .simdStore, .simdLoadLane,
             .simdStoreLane:
            try validateVector(instruction)
        case .refNull, .refIsNull, .refFunc, .refAsNonNull, .tableGet, .tableSet, .tableInit, .elemDrop, .tableCopy,
             .tableGrow, .tableSize, .tableFill:
            try validateReferenceOrTable(instruction)
        case .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy, .memoryFill:
            try validateMemory(instruction)
        case .refEq, .gc:
            try validateGC(instruction)
        }
    }

    func globalType(_ index: UInt32) throws(ModuleError) -> GlobalType {
        guard Int(index) < context.globals.count else { throw invalid("unknown global \(index)") }
        return context.globals[Int(index)]
    }

    func checkMemory(_ argument: MemoryArgument, naturalAlignment: UInt32) throws(ModuleError) {
        try checkMemoryIndex(argument.memory)
        guard argument.alignment <= naturalAlignment else {
            throw invalid("alignment must not be larger than natural")
        }
        guard argument.offset <= UInt64(UInt32.max) || context.memories[Int(argument.memory)].limits.is64 else {
            throw invalid("offset out of range")
        }
    }

    /// The type a `call_indirect` through `table` calls with.
    func indirectCalleeType(_ typeIndex: UInt32, table tableIndex: UInt32) throws(ModuleError) -> FunctionType {
        guard Int(tableIndex) < context.tables.count else { throw invalid("unknown table \(tableIndex)") }
        guard context.hierarchy.matches(context.tables[Int(tableIndex)].elementType.valueType, .funcref) else {
            throw typeMismatch()
        }
        return try functionType(typeIndex)
    }

    /// The function type `typeIndex` names; a struct or array type there is invalid.
    func functionType(_ typeIndex: UInt32) throws(ModuleError) -> FunctionType {
        guard Int(typeIndex) < context.types.count else { throw invalid("unknown type \(typeIndex)") }
        guard context.definedTypes[Int(typeIndex)].functionType != nil else { throw typeMismatch() }
        return context.types[Int(typeIndex)]
    }

    /// A tail call returns the callee's results as the caller's own.
    func checkTailCallResults(_ callee: FunctionType) throws(ModuleError) {
        let expected = results(of: controls[0])
        guard callee.results.count == expected.count,
              zip(callee.results, expected).allSatisfy({ context.hierarchy.matches($0, $1) }) else {
            throw typeMismatch()
        }
    }

    /// The function type a `call_ref` names; the reference operand must be one to it.
    func referencedFunctionType(_ typeIndex: UInt32) throws(ModuleError) -> FunctionType {
        let type = try functionType(typeIndex)
        try pop(.reference(ReferenceType(isNullable: true, heapType: .concrete(typeIndex))))
        return type
    }

    func validateControl(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .unreachable:
            markUnreachable()
        case .nop:
            break
        case .block(let type):
            try pushControl(.block, type)
        case .loop(let type):
            try pushControl(.loop, type)
        case .if(let type):
            try pop(.i32)
            try pushControl(.if, type)
        case .else:
            let frame = try popControl()
            guard frame.kind == .if else { throw invalid("else without matching if") }
            controls.append(ControlFrame(kind: .else, unreachable: false, type: frame.type, height: operands.types.count,
                                         initializedLocals: initializationOrder.count))
            push(parameters(of: frame))
        case .end:
            let frame = try popControl()
            // An `if` without `else` behaves as if its else passed the parameters through.
            let results = results(of: frame)
            if frame.kind == .if && !parameters(of: frame).elementsEqual(results, by: context.hierarchy.matches) {
                throw typeMismatch()
            }
            push(results)
        case .br(let depth):
            try pop(labelTypes(of: try label(depth)))
            markUnreachable()
        case .brIf(let depth):
            let types = labelTypes(of: try label(depth))
            try pop(.i32)
            try pop(types)
            push(types)
        case .brTable(let table):
            try validateBranchTable(table)
        case .return:
            try pop(results(of: controls[0]))
            markUnreachable()
        case .call(let index):
            guard let type = context.functionType(ofFunction: index) else {
                throw invalid("unknown function \(index)")
            }
            try pop(type.parameters[...])
            push(type.results[...])
        case .callIndirect(let typeIndex, let tableIndex):
            let type = try indirectCalleeType(typeIndex, table: tableIndex)
            try pop(tableAddressType(tableIndex))
            try pop(type.parameters[...])
            push(type.results[...])
        case .returnCall(let index):
            guard let type = context.functionType(ofFunction: index) else {
                throw invalid("unknown function \(index)")
            }
            try checkTailCallResults(type)
            try pop(type.parameters[...])
            markUnreachable()
        case .returnCallIndirect(let typeIndex, let tableIndex):
            let type = try indirectCalleeType(typeIndex, table: tableIndex)
            try checkTailCallResults(type)
            try pop(tableAddressType(tableIndex))
            try pop(type.parameters[...])
            markUnreachable()
        case .callRef(let typeIndex):
            let type = try referencedFunctionType(typeIndex)
            try pop(type.parameters[...])
            push(type.results[...])
        case .returnCallRef(let typeIndex):
            let type = try referencedFunctionType(typeIndex)
            try checkTailCallResults(type)
            try pop(type.parameters[...])
            markUnreachable()
        case .brOnNull(let depth):
            let types = labelTypes(of: try label(depth))
            let reference = try popReference()
            try pop(types)
            push(types)
            push(.reference(ReferenceType(isNullable: false, heapType: reference?.heapType ?? .bottom)))
        case .brOnNonNull(let depth):
            // The label takes the operands below plus the reference, non-null.
            let types = labelTypes(of: try label(depth))
            guard let last = types.last, last.isReference else { throw typeMismatch() }
            let reference = try popReference()
            if let reference {
                let nonNull = ValueType.reference(ReferenceType(isNullable: false, heapType: reference.heapType))
                guard context.hierarchy.matches(nonNull, last) else { throw typeMismatch() }
            }
            let below = types.dropLast()
            try pop(below)
            push(below)
        case .throw(let tag):
            guard let parameters = context.tagParameters(tag) else { throw invalid("unknown tag \(tag)") }
            try pop(parameters[...])
            markUnreachable()
        case .throwRef:
            try pop(.reference(ReferenceType(isNullable: true, heapType: .exception)))
            markUnreachable()
        case .tryTable(let type, let clauses):
            // Clause labels count from outside the try_table.
            for clause in clauses.decoded(in: context.module) { try validateCatchClause(clause) }
            try pushControl(.block, type)
        case .drop:
            _ = try pop()
        case .select:
            try pop(.i32)
            let first = try pop()
            let second = try pop()
            let isNumeric = { (type: ValueType) in type == OperandStack.unknown || type.isNumericOrVector }
            guard isNumeric(first), isNumeric(second) else { throw typeMismatch() }
            guard first == second || first == OperandStack.unknown || second == OperandStack.unknown else {
                throw typeMismatch()
            }
            push(first == OperandStack.unknown ? second : first)
        case .typedSelect(let types):
            guard types.count == 1, let type = types.first else { throw invalid("invalid result arity") }
            try context.checkValueType(type, at: offset)
            try pop(.i32)
            try pop(type)
            try pop(type)
            push(type)
        default:
            preconditionFailure("not a control or parametric instruction")
        }
    }

    /// A catch clause delivers the tag's values, then the exception's
    /// reference for the `_ref` forms, to its label (Wasm 3.0).
    func validateCatchClause(_ clause: CatchClause) throws(ModuleError) {
        var delivered: [ValueType] = []
        if let tag = clause.tag {
            guard let parameters = context.tagParameters(tag) else { throw invalid("unknown tag \(tag)") }
            delivered = parameters
        }
        if clause.passesReference {
            delivered.append(.reference(ReferenceType(isNullable: false, heapType: .exception)))
        }
        let expected = labelTypes(of: try label(clause.label))
        guard delivered.count == expected.count,
              zip(delivered, expected).allSatisfy({ context.hierarchy.matches($0, $1) }) else {
            throw typeMismatch()
        }
    }

    /// `br_table` as the spec appendix does it, so that unreachable code keeps
    /// the most precise types (spec §3.3.8.8).
    func validateBranchTable(_ table: BranchTable) throws(ModuleError) {
        try pop(.i32)
        let defaultTypes = labelTypes(of: try label(table.defaultLabel))
        let arity = defaultTypes.count
        for depth in BranchTableLabels(module: context.module, table: table) {
            let types = labelTypes(of: try label(depth))
            guard types.count == arity else { throw typeMismatch() }
            // Pop then push back: checks the operands without consuming them.
            var popped: [ValueType] = []
            for type in types.reversed() {
                let actual = try pop()
                if actual != OperandStack.unknown && !context.hierarchy.matches(actual, type) { throw typeMismatch() }
                popped.append(actual)
            }
            for type in popped.reversed() { push(type) }
        }
        try pop(defaultTypes)
        markUnreachable()
    }

    func validateReferenceOrTable(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .refNull(let heapType):
            try context.checkHeapType(heapType, at: offset)
            push(.reference(ReferenceType(isNullable: true, heapType: heapType)))
        case .refIsNull:
            _ = try popReference()
            push(.i32)
        case .refAsNonNull:
            let reference = try popReference()
            push(.reference(ReferenceType(isNullable: false, heapType: reference?.heapType ?? .bottom)))
        case .refFunc(let index):
            guard Int(index) < context.functionTypeIndices.count else { throw invalid("unknown function \(index)") }
            guard context.declaredReferences[Int(index)] else { throw invalid("undeclared function reference") }
            push(context.referenceType(ofFunction: index))
        case .tableGet(let index):
            let type = try tableType(index)
            try pop(tableAddressType(index))
            push(type)
        case .tableSet(let index):
            let type = try tableType(index)
            try pop(type)
            try pop(tableAddressType(index))
        case .tableSize(let index):
            _ = try tableType(index)
            push(tableAddressType(index))
        case .tableGrow(let index):
            let type = try tableType(index)
            try pop(tableAddressType(index))
            try pop(type)
            push(tableAddressType(index))
        case .tableFill(let index):
            let type = try tableType(index)
            try pop(tableAddressType(index))
            try pop(type)
            try pop(tableAddressType(index))
        case .tableCopy(let destination, let source):
            let destinationType = try tableType(destination)
            let sourceType = try tableType(source)
            guard context.hierarchy.matches(sourceType, destinationType) else { throw typeMismatch() }
            // The count is i64 only when both tables are 64-bit.
            let (target, origin) = (tableAddressType(destination), tableAddressType(source))
            try pop(target == .i64 && origin == .i64 ? .i64 : .i32)
            try pop(origin)
            try pop(target)
        case .tableInit(let segment, let table):
            let tableElementType = try tableType(table)
            let segmentType = try elementType(segment)
            guard context.hierarchy.matches(segmentType, tableElementType) else { throw typeMismatch() }
            try pop(.i32)
            try pop(.i32)
            try pop(tableAddressType(table))
        case .elemDrop(let segment):
            _ = try elementType(segment)
        default:
            preconditionFailure("not a reference or table instruction")
        }
    }

    /// The type of table `index`'s indices and sizes (checked to exist first).
    func tableAddressType(_ index: UInt32) -> ValueType {
        Int(index) < context.tables.count && context.tables[Int(index)].limits.is64 ? .i64 : .i32
    }

    func tableType(_ index: UInt32) throws(ModuleError) -> ValueType {
        guard Int(index) < context.tables.count else { throw invalid("unknown table \(index)") }
        return context.tables[Int(index)].elementType.valueType
    }

    func elementType(_ index: UInt32) throws(ModuleError) -> ValueType {
        guard Int(index) < context.elementTypes.count else { throw invalid("unknown elem segment \(index)") }
        return context.elementTypes[Int(index)].valueType
    }

    func checkMemoryIndex(_ index: UInt32) throws(ModuleError) {
        guard Int(index) < context.memories.count else { throw invalid("unknown memory \(index)") }
    }

    /// The type of memory `index`'s addresses (checked to exist first).
    func addressType(_ index: UInt32) -> ValueType {
        Int(index) < context.memories.count ? context.memories[Int(index)].addressType : .i32
    }

    /// `memory.init` and `data.drop` need the data count section.
    func checkDataSegment(_ segment: UInt32, memory: UInt32?) throws(ModuleError) {
        guard let count = context.dataCount else {
            throw ModuleError.malformed("data count section required", at: offset)
        }
        if let memory { try checkMemoryIndex(memory) }
        guard segment < count else { throw invalid("unknown data segment \(segment)") }
    }

    func validateMemory(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .memoryInit(let segment, let memory):
            try checkDataSegment(segment, memory: memory)
            try pop(.i32)
            try pop(.i32)
            try pop(addressType(memory))
        case .dataDrop(let segment):
            try checkDataSegment(segment, memory: nil)
        case .memorySize(let memory):
            try checkMemoryIndex(memory)
            push(addressType(memory))
        case .memoryGrow(let memory):
            try checkMemoryIndex(memory)
            try pop(addressType(memory))
            push(addressType(memory))
        case .memoryFill(let memory):
            try checkMemoryIndex(memory)
            try pop(addressType(memory))
            try pop(.i32)
            try pop(addressType(memory))
        case .memoryCopy(let destination, let source):
            try checkMemoryIndex(destination)
            try checkMemoryIndex(source)
            // The count is i64 only when both memories are 64-bit.
            let (target, origin) = (addressType(destination), addressType(source))
            try pop(target == .i64 && origin == .i64 ? .i64 : .i32)
            try pop(origin)
            try pop(target)
        default:
            preconditionFailure("not a memory instruction")
        }
    }
}
