extension FunctionValidator {
    /// `ref.eq` and the `0xFB` instructions (Wasm 3.0, GC; spec §3.3.3).
    func validateGC(_ instruction: Instruction) throws(ModuleError) {
        guard case .gc(let gc) = instruction else {
            // ref.eq
            try pop(Self.eqReference)
            try pop(Self.eqReference)
            push(.i32)
            return
        }
        switch gc {
        case .structNew(let type):
            let fields = try structFields(type)
            for field in fields.reversed() { try pop(field.storage.unpacked) }
            push(reference(to: type))
        case .structNewDefault(let type):
            guard try structFields(type).allSatisfy({ $0.storage.unpacked.isDefaultable }) else {
                throw invalid("type mismatch: field type is not defaultable")
            }
            push(reference(to: type))
        case .structGet(let type, let index, let extension_):
            let field = try structField(type, index)
            try checkExtension(extension_, of: field)
            try pop(reference(to: type, nullable: true))
            push(field.storage.unpacked)
        case .structSet(let type, let index):
            let field = try structField(type, index)
            guard field.isMutable else { throw invalid("immutable field") }
            try pop(field.storage.unpacked)
            try pop(reference(to: type, nullable: true))
        case .arrayNew(let type):
            try pop(.i32)
            try pop(try arrayElement(type).storage.unpacked)
            push(reference(to: type))
        case .arrayNewDefault(let type):
            guard try arrayElement(type).storage.unpacked.isDefaultable else {
                throw invalid("type mismatch: array type is not defaultable")
            }
            try pop(.i32)
            push(reference(to: type))
        case .arrayNewFixed(let type, let count):
            let element = try arrayElement(type).storage.unpacked
            // Past the operands there, a pop fails, or in unreachable code
            // matches anything: no need to go on (count may be 2^32 - 1).
            let available = operands.types.count - controls[controls.count - 1].height
            for _ in 0..<min(Int(count), available + 1) { try pop(element) }
            push(reference(to: type))
        case .arrayNewData(let type, let data):
            try checkNumericElement(try arrayElement(type))
            try checkDataSegment(data, memory: nil)
            try pop(.i32)
            try pop(.i32)
            push(reference(to: type))
        case .arrayNewElem(let type, let element):
            try checkElementSegment(element, into: try arrayElement(type))
            try pop(.i32)
            try pop(.i32)
            push(reference(to: type))
        case .arrayGet(let type, let extension_):
            let element = try arrayElement(type)
            try checkExtension(extension_, of: element)
            try pop(.i32)
            try pop(reference(to: type, nullable: true))
            push(element.storage.unpacked)
        case .arraySet(let type):
            let element = try mutableArrayElement(type)
            try pop(element.storage.unpacked)
            try pop(.i32)
            try pop(reference(to: type, nullable: true))
        case .arrayLen:
            try pop(.reference(ReferenceType(isNullable: true, heapType: .array)))
            push(.i32)
        case .arrayFill(let type):
            let element = try mutableArrayElement(type)
            try pop(.i32)
            try pop(element.storage.unpacked)
            try pop(.i32)
            try pop(reference(to: type, nullable: true))
        case .arrayCopy(let destination, let source):
            let target = try mutableArrayElement(destination)
            let origin = try arrayElement(source)
            guard storageMatches(origin.storage, target.storage) else { throw invalid("array types do not match") }
            try pop(.i32)
            try pop(.i32)
            try pop(reference(to: source, nullable: true))
            try pop(.i32)
            try pop(reference(to: destination, nullable: true))
        case .arrayInitData(let type, let data):
            let element = try mutableArrayElement(type)
            try checkNumericElement(element)
            try checkDataSegment(data, memory: nil)
            try popArrayInitOperands(type)
        case .arrayInitElem(let type, let segment):
            try checkElementSegment(segment, into: try mutableArrayElement(type))
            try popArrayInitOperands(type)
        case .refTest(let target):
            try context.checkHeapType(target.heapType, at: offset)
            try pop(.reference(ReferenceType(isNullable: true, heapType: top(of: target.heapType))))
            push(.i32)
        case .refCast(let target):
            try context.checkHeapType(target.heapType, at: offset)
            try pop(.reference(ReferenceType(isNullable: true, heapType: top(of: target.heapType))))
            push(.reference(target))
        case .brOnCast(let depth, let from, let to, let onFailure):
            try context.checkHeapType(from.heapType, at: offset)
            try context.checkHeapType(to.heapType, at: offset)
            guard context.hierarchy.matches(to.valueType, from.valueType) else { throw typeMismatch() }
            let types = labelTypes(of: try label(depth))
            // What is left of `from` when the cast fails: non-null if the cast takes nulls.
            let difference = ReferenceType(isNullable: from.isNullable && !to.isNullable, heapType: from.heapType)
            let (branching, staying) = onFailure ? (difference, to) : (to, difference)
            guard let last = types.last, context.hierarchy.matches(branching.valueType, last) else {
                throw typeMismatch()
            }
            try pop(from.valueType)
            let below = types.dropLast()
            try pop(below)
            push(below)
            push(staying.valueType)
        case .anyConvertExtern:
            try convert(from: .extern, to: .any)
        case .externConvertAny:
            try convert(from: .any, to: .extern)
        case .refI31:
            try pop(.i32)
            push(.reference(ReferenceType(isNullable: false, heapType: .i31)))
        case .i31Get:
            try pop(.reference(ReferenceType(isNullable: true, heapType: .i31)))
            push(.i32)
        }
    }

    static let eqReference = ValueType.reference(ReferenceType(isNullable: true, heapType: .eq))

    func reference(to type: UInt32, nullable: Bool = false) -> ValueType {
        .reference(ReferenceType(isNullable: nullable, heapType: .concrete(type)))
    }

    func definedType(_ index: UInt32) throws(ModuleError) -> CompositeType {
        guard Int(index) < context.definedTypes.count else { throw invalid("unknown type \(index)") }
        return context.definedTypes[Int(index)].composite
    }

    func structFields(_ type: UInt32) throws(ModuleError) -> [FieldType] {
        guard case .structure(let fields) = try definedType(type) else { throw invalid("type mismatch: not a struct type") }
        return fields
    }

    func structField(_ type: UInt32, _ index: UInt32) throws(ModuleError) -> FieldType {
        let fields = try structFields(type)
        guard Int(index) < fields.count else { throw invalid("unknown field \(index)") }
        return fields[Int(index)]
    }

    func arrayElement(_ type: UInt32) throws(ModuleError) -> FieldType {
        guard case .array(let element) = try definedType(type) else { throw invalid("type mismatch: not an array type") }
        return element
    }

    func mutableArrayElement(_ type: UInt32) throws(ModuleError) -> FieldType {
        let element = try arrayElement(type)
        guard element.isMutable else { throw invalid("immutable array") }
        return element
    }

    /// `_s`/`_u` exactly when the field is packed.
    func checkExtension(_ extension_: FieldExtension, of field: FieldType) throws(ModuleError) {
        if field.storage.isPacked && extension_ == .none { throw invalid("field is packed") }
        if !field.storage.isPacked && extension_ != .none { throw invalid("field is unpacked") }
    }

    /// Arrays filled from a data segment hold numbers or vectors.
    func checkNumericElement(_ element: FieldType) throws(ModuleError) {
        if element.storage.unpacked.isReference { throw invalid("array type is not numeric or vector") }
    }

    func checkElementSegment(_ segment: UInt32, into element: FieldType) throws(ModuleError) {
        let type = try elementType(segment)
        guard context.hierarchy.matches(type, element.storage.unpacked) else { throw typeMismatch() }
    }

    func popArrayInitOperands(_ type: UInt32) throws(ModuleError) {
        try pop(.i32)
        try pop(.i32)
        try pop(.i32)
        try pop(reference(to: type, nullable: true))
    }

    func storageMatches(_ actual: StorageType, _ expected: StorageType) -> Bool {
        if case .value(let actualType) = actual, case .value(let expectedType) = expected {
            return context.hierarchy.matches(actualType, expectedType)
        }
        return actual == expected
    }

    /// The top of the hierarchy a heap type belongs to: `any`, `func`, `extern` or `exn`.
    func top(of type: HeapType) -> HeapType {
        if let index = type.typeIndex {
            guard Int(index) < context.definedTypes.count else { return .any }
            return context.definedTypes[Int(index)].functionType != nil ? .function : .any
        }
        switch type {
        case .function, .noFunction: return .function
        case .extern, .noExtern: return .extern
        case .exception, .noException: return .exception
        default: return .any
        }
    }

    /// `any.convert_extern` and `extern.convert_any` keep the operand's nullability.
    func convert(from source: HeapType, to target: HeapType) throws(ModuleError) {
        let reference = try popReference()
        if let reference, !context.hierarchy.matches(reference.heapType, source) { throw typeMismatch() }
        push(.reference(ReferenceType(isNullable: reference?.isNullable ?? false, heapType: target)))
    }
}
