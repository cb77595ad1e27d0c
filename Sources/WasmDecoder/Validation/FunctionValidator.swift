/// Validates one function body (spec §3.3) with the spec appendix's algorithm:
/// an operand stack with an "unknown" type for unreachable code and a control
/// stack of frames. It decodes the body as it goes, so validation reads a body
/// once (translation reads it again: RATIONALE.md#why-are-function-bodies-decoded-twice).
///
/// Reuse one validator for many functions: its stacks keep their capacity.
/// A class, not a struct: helper methods then share `self` by reference instead
/// of copying a few hundred bytes (and retaining every array) per call.
final class FunctionValidator {
    let context: ValidationContext
    var operands = OperandStack()
    var controls: [ControlFrame] = []
    /// Parameter and local types when there are few enough to list; otherwise
    /// `localRuns` answers by binary search.
    var localTypes: [ValueType] = []
    var localRuns: [(end: UInt64, type: ValueType)] = []
    var localCount: UInt64 = 0
    /// Non-nullable locals set so far, in order, and as a set (spec §3.3.5).
    var initializationOrder: [UInt32] = []
    var initialized = Set<UInt32>()
    /// `[t]` for block types of one value type, so block types never allocate.
    var singleTypes: [ValueType: [ValueType]] = [:]
    /// Offset of the instruction being validated, for errors.
    var offset = 0
    var parameterCount: UInt32 = 0
    static let emptyTypes: [ValueType] = []

    init(context: ValidationContext) {
        self.context = context
        controls.reserveCapacity(64)
    }

    func validate(function index: UInt32, body: FunctionBody) throws(ModuleError) {
        guard let type = context.functionType(ofFunction: index) else {
            throw ModuleError.invalid("unknown type", at: body.code.lowerBound)
        }
        try setLocals(parameters: type.parameters, body: body)
        parameterCount = UInt32(type.parameters.count)
        operands.types.removeAll(keepingCapacity: true)
        controls.removeAll(keepingCapacity: true)
        let typeIndex = context.functionTypeIndices[Int(index)]
        initializationOrder.removeAll(keepingCapacity: true)
        initialized.removeAll(keepingCapacity: true)
        controls.append(ControlFrame(kind: .function, unreachable: false, type: .typeIndex(typeIndex), height: 0,
                                     initializedLocals: 0))
        var code = CodeReader(reader: ByteReader(bytes: context.module.bytes, offset: body.code.lowerBound,
                                                 end: body.code.upperBound),
                              features: context.module.features)
        while !controls.isEmpty {
            offset = code.offset
            if code.isAtEnd {
                throw ModuleError.malformed("END opcode expected", at: offset)
            }
            let instruction = try code.read()
            try validate(instruction)
        }
        guard code.isAtEnd else {
            throw ModuleError.malformed("section size mismatch", at: code.offset)
        }
    }

    func setLocals(parameters: [ValueType], body: FunctionBody) throws(ModuleError) {
        for declaration in body.locals { try context.checkValueType(declaration.type, at: body.code.lowerBound) }
        localCount = UInt64(parameters.count) + UInt64(body.localCount)
        localTypes.removeAll(keepingCapacity: true)
        localRuns.removeAll(keepingCapacity: true)
        if localCount <= 4096 {
            localTypes.append(contentsOf: parameters)
            for declaration in body.locals {
                localTypes.append(contentsOf: repeatElement(declaration.type, count: Int(declaration.count)))
            }
        } else {
            var end: UInt64 = 0
            for parameter in parameters {
                end += 1
                localRuns.append((end, parameter))
            }
            for declaration in body.locals where declaration.count > 0 {
                end += UInt64(declaration.count)
                localRuns.append((end, declaration.type))
            }
        }
    }

    func localType(_ index: UInt32) throws(ModuleError) -> ValueType {
        guard UInt64(index) < localCount else {
            throw ModuleError.invalid("unknown local \(index)", at: offset)
        }
        if !localTypes.isEmpty || localRuns.isEmpty { return localTypes[Int(index)] }
        var low = 0
        var high = localRuns.count - 1
        while low < high {
            let middle = (low + high) / 2
            if localRuns[middle].end > UInt64(index) { high = middle } else { low = middle + 1 }
        }
        return localRuns[low].type
    }

    // MARK: Stack primitives

    /// A local's type, for `local.get`: a non-nullable local must have been set.
    func readableLocalType(_ index: UInt32) throws(ModuleError) -> ValueType {
        let type = try localType(index)
        if !type.isDefaultable && index >= parameterCount && !initialized.contains(index) {
            throw invalid("uninitialized local \(index)")
        }
        return type
    }

    /// Records that `local.set` or `local.tee` set a local.
    func markInitialized(_ index: UInt32, type: ValueType) {
        if !type.isDefaultable && initialized.insert(index).inserted { initializationOrder.append(index) }
    }

    @inline(__always)
    func push(_ type: ValueType) {
        operands.types.append(type)
    }

    /// Pops any operand; returns `OperandStack.unknown` in unreachable code.
    @inline(__always)
    func pop() throws(ModuleError) -> ValueType {
        let frame = controls[controls.count - 1]
        if operands.types.count == frame.height {
            if frame.unreachable { return OperandStack.unknown }
            throw typeMismatch()
        }
        return operands.types.removeLast()
    }

    @inline(__always)
    func pop(_ expected: ValueType) throws(ModuleError) {
        let actual = try pop()
        if actual != expected && actual != OperandStack.unknown && !context.hierarchy.matches(actual, expected) {
            throw typeMismatch()
        }
    }

    /// Pops a reference of any type; nil in unreachable code.
    func popReference() throws(ModuleError) -> ReferenceType? {
        let actual = try pop()
        if actual == OperandStack.unknown { return nil }
        guard let reference = actual.referenceType else { throw typeMismatch() }
        return reference
    }

    func pop(_ expected: ArraySlice<ValueType>) throws(ModuleError) {
        for type in expected.reversed() { try pop(type) }
    }

    func push(_ types: ArraySlice<ValueType>) {
        for type in types { push(type) }
    }

    @inline(never)
    func typeMismatch() -> ModuleError {
        ModuleError.invalid("type mismatch", at: offset)
    }

    @inline(never)
    func invalid(_ message: String) -> ModuleError {
        ModuleError.invalid(message, at: offset)
    }

    // MARK: Control primitives

    func pushControl(_ kind: ControlFrame.Kind, _ type: BlockType) throws(ModuleError) {
        let parameters = try blockTypes(type).parameters
        try pop(parameters)
        controls.append(ControlFrame(kind: kind, unreachable: false, type: type, height: operands.types.count,
                                     initializedLocals: initializationOrder.count))
        push(parameters)
    }

    func popControl() throws(ModuleError) -> ControlFrame {
        let frame = controls[controls.count - 1]
        try pop(results(of: frame))
        guard operands.types.count == frame.height else { throw typeMismatch() }
        controls.removeLast()
        while initializationOrder.count > frame.initializedLocals {
            initialized.remove(initializationOrder.removeLast())
        }
        return frame
    }

    /// Block result types ("end types").
    func results(of frame: ControlFrame) -> ArraySlice<ValueType> {
        // The type was checked when the frame was pushed.
        (try? blockTypes(frame.type).results) ?? []
    }

    func parameters(of frame: ControlFrame) -> ArraySlice<ValueType> {
        (try? blockTypes(frame.type).parameters) ?? []
    }

    /// Types a branch to this frame must provide: a loop's start, any other's end.
    func labelTypes(of frame: ControlFrame) -> ArraySlice<ValueType> {
        frame.kind == .loop ? parameters(of: frame) : results(of: frame)
    }

    func markUnreachable() {
        let last = controls.count - 1
        operands.types.removeSubrange(controls[last].height...)
        controls[last].unreachable = true
    }

    func blockTypes(_ type: BlockType) throws(ModuleError)
        -> (parameters: ArraySlice<ValueType>, results: ArraySlice<ValueType>) {
        switch type {
        case .empty:
            return ([], [])
        case .value(let value):
            if value.isNumericOrVector { return ([], Self.numericSingles[Int(value.bits)][...]) }
            if let types = singleTypes[value] { return ([], types[...]) }
            try context.checkValueType(value, at: offset)
            singleTypes[value] = [value]
            return ([], [value])
        case .typeIndex(let index):
            let type = try functionType(index)
            return (type.parameters[...], type.results[...])
        }
    }

    /// `[t]` for each number and vector type, by binary code: the common block types, without hashing.
    static let numericSingles: [[ValueType]] = (0..<0x80).map { code in
        ValueType(numericCode: UInt8(code)).map { [$0] } ?? []
    }

    func label(_ depth: UInt32) throws(ModuleError) -> ControlFrame {
        guard Int(depth) < controls.count else { throw invalid("unknown label \(depth)") }
        return controls[controls.count - 1 - Int(depth)]
    }
}
