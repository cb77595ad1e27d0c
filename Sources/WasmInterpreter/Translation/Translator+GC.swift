import WasmDecoder

extension FunctionTranslator {
    /// `ref.eq` and the GC instructions (`GCOperations` runs them).
    mutating func translateGC(_ instruction: Instruction) {
        guard case .gc(let gc) = instruction else {
            // ref.eq: references are equal exactly when their slots are.
            let right = popRegister()
            let left = popRegister()
            emitPushingResult { .i64Eq($0, left, right) }
            return
        }
        switch gc {
        case .structNew(let type):
            let count = fieldSlotCount(type)
            emitAtBase(count, pushing: 1) { .structNew(base: $0, type: type) }
        case .structNewDefault(let type):
            emitPushingResult { .structNewDefault(destination: $0, type: type) }
        case .structGet(let type, let field, let extension_):
            let reference = popRegister()
            let result = fieldType(type, field).storage.unpacked
            let code = Register(extensionCode(extension_))
            emitPushing(result) { .structGet(destination: $0, reference: reference, type: type, field: field, widening: code) }
        case .structSet(let type, let field):
            let value = popValue(fieldType(type, field).storage.unpacked)
            let reference = popRegister()
            emit(.structSet(reference: reference, value: value, type: type, field: field))
        case .arrayNew(let type):
            let length = popRegister()
            let value = popValue(elementType(type).storage.unpacked)
            emitPushingResult { .arrayNew(destination: $0, value: value, length: length, type: type) }
        case .arrayNewDefault(let type):
            let length = popRegister()
            emitPushingResult { .arrayNewDefault(destination: $0, length: length, type: type) }
        case .arrayNewFixed(let type, let count):
            let slots = Slot.count(of: elementType(type).storage.unpacked) * Int(count)
            emitAtBase(slots, pushing: 1) { .arrayNewFixed(base: $0, type: type, count: count) }
        case .arrayNewData(let type, let segment):
            let length = popRegister()
            let offset = popRegister()
            emitPushingResult { .arrayNewData(destination: $0, offset: offset, length: length, type: type, segment: segment) }
        case .arrayNewElem(let type, let segment):
            let length = popRegister()
            let offset = popRegister()
            emitPushingResult { .arrayNewElem(destination: $0, offset: offset, length: length, type: type, segment: segment) }
        case .arrayGet(let type, let extension_):
            let index = popRegister()
            let reference = popRegister()
            let result = elementType(type).storage.unpacked
            let code = extensionCode(extension_)
            emitPushing(result) { .arrayGet(destination: $0, reference: reference, index: index, type: type, widening: code) }
        case .arraySet(let type):
            let value = popValue(elementType(type).storage.unpacked)
            let index = popRegister()
            let reference = popRegister()
            emit(.arraySet(reference: reference, index: index, value: value, type: type))
        case .arrayLen:
            let reference = popRegister()
            emitPushingResult { .arrayLen(destination: $0, reference: reference) }
        case .arrayFill(let type):
            let slots = 3 + Slot.count(of: elementType(type).storage.unpacked)
            emitAtBase(slots, pushing: 0) { .arrayFill(base: $0, type: type) }
        case .arrayCopy(let destination, let source):
            emitAtBase(5, pushing: 0) { .arrayCopy(base: $0, destinationType: destination, sourceType: source) }
        case .arrayInitData(let type, let segment):
            emitAtBase(4, pushing: 0) { .arrayInitData(base: $0, type: type, segment: segment) }
        case .arrayInitElem(let type, let segment):
            emitAtBase(4, pushing: 0) { .arrayInitElem(base: $0, type: type, segment: segment) }
        case .refTest(let target):
            let reference = popRegister()
            let (heapType, nullable) = (castTarget(target.heapType), UInt32(target.isNullable ? 1 : 0))
            emitPushingResult { .refTest(destination: $0, reference: reference, target: heapType, nullable: nullable) }
        case .refCast(let target):
            materialize(stack.height - 1)
            emit(.refCast(reference: stack.register(at: stack.height - 1), target: castTarget(target.heapType),
                          nullable: target.isNullable ? 1 : 0))
        case .brOnCast(let depth, _, let to, let onFailure):
            translateBranchOnCast(depth: depth, to: to, onFailure: onFailure)
        case .anyConvertExtern, .externConvertAny:
            break  // the same bits in either hierarchy (`GCReference`)
        case .refI31:
            let value = popRegister()
            emitPushingResult { .refI31(destination: $0, value: value) }
        case .i31Get(let extension_):
            let reference = popRegister()
            emitPushingResult { .i31Get(destination: $0, reference: reference, signed: extension_ == .signed ? 1 : 0) }
        }
    }

    /// `br_on_cast` and `br_on_cast_fail`: a `ref.test` into a scratch
    /// register above the stack, then a branch around the label's moves,
    /// taken on the path that stays.
    mutating func translateBranchOnCast(depth: UInt32, to target: ReferenceType, onFailure: Bool) {
        let top = stack.height - 1
        materialize(top)
        let reference = stack.register(at: top)
        let scratch = stack.register(at: stack.height)
        stack.reserve(1)
        emit(.refTest(destination: scratch, reference: reference, target: castTarget(target.heapType),
                      nullable: target.isNullable ? 1 : 0))
        // Skip the branch when the cast fails (br_on_cast) or holds (br_on_cast_fail).
        let skip = emit(onFailure ? .brIfNez(condition: scratch, offset: 0) : .brIfEqz(condition: scratch, offset: 0))
        emitBranch(depth: depth)
        patch(skip, to: ops.count)
        lastResult = nil
    }

    /// Ops whose operands sit in consecutive registers from the first of
    /// the top `count` positions, and whose `pushing` results (0 or 1) are written there.
    mutating func emitAtBase(_ count: Int, pushing results: Int, _ make: (Register) -> Op) {
        let base = stack.height - count
        for position in base..<stack.height { materialize(position) }
        // A struct of no fields or an empty fixed array still writes its result at `base`.
        stack.reserve(max(results - count, 0))
        let op = make(stack.register(at: base))
        stack.truncate(to: base)
        emit(op)
        for _ in 0..<results { stack.push(.temporary) }
    }

    /// Pops an operand of `type`, a vector's two halves into consecutive registers.
    mutating func popValue(_ type: ValueType) -> Register {
        type == .v128 ? popVectorRegister() : popRegister()
    }

    /// Emits an op writing a result of `type` at the next position (two for a vector).
    mutating func emitPushing(_ type: ValueType, _ make: (Register) -> Op) {
        if type == .v128 {
            let position = stack.height
            stack.reserve(2)
            emit(make(stack.register(at: position)))
            stack.pushTemporaries(of: [.v128])
        } else {
            emitPushingResult(make)
        }
    }

    func extensionCode(_ extension_: FieldExtension) -> UInt32 {
        switch extension_ {
        case .none: 0
        case .signed: 1
        case .unsigned: 2
        }
    }

    func castTarget(_ heapType: HeapType) -> UInt32 {
        if let index = heapType.typeIndex { return index }
        return Op.abstractTarget | UInt32(heapType.abstractCode ?? 0)
    }

    func fieldType(_ type: UInt32, _ field: UInt32) -> FieldType {
        guard case .structure(let fields) = module.definedTypes[Int(type)].composite else { preconditionFailure("validated") }
        return fields[Int(field)]
    }

    func elementType(_ type: UInt32) -> FieldType {
        guard case .array(let element) = module.definedTypes[Int(type)].composite else { preconditionFailure("validated") }
        return element
    }

    func fieldSlotCount(_ type: UInt32) -> Int {
        guard case .structure(let fields) = module.definedTypes[Int(type)].composite else { preconditionFailure("validated") }
        return fields.reduce(0) { $0 + Slot.count(of: $1.storage.unpacked) }
    }
}
