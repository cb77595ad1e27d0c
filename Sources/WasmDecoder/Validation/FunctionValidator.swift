/// Validates one function body (spec §3.3) with the spec appendix's algorithm:
/// an operand stack with an "unknown" type for unreachable code and a control
/// stack of frames. It decodes the body as it goes, so a body is read once.
///
/// Reuse one validator for many functions: its stacks keep their capacity.
struct FunctionValidator {
    let context: ValidationContext
    var operands = OperandStack()
    var controls: [ControlFrame] = []
    /// Parameter and local types when there are few enough to list; otherwise
    /// `localRuns` answers by binary search.
    var localTypes: [ValueType] = []
    var localRuns: [(end: UInt64, type: ValueType)] = []
    var localCount: UInt64 = 0
    /// Offset of the instruction being validated, for errors.
    var offset = 0
    static let emptyTypes: [ValueType] = []

    init(context: ValidationContext) {
        self.context = context
        controls.reserveCapacity(64)
    }

    mutating func validate(function index: UInt32, body: FunctionBody) throws(ModuleError) {
        guard let type = context.functionType(ofFunction: index) else {
            throw ModuleError.invalid("unknown type", at: body.code.lowerBound)
        }
        setLocals(parameters: type.parameters, body: body)
        operands.types.removeAll(keepingCapacity: true)
        controls.removeAll(keepingCapacity: true)
        controls.append(ControlFrame(kind: .function, parameters: type.parameters[...],
                                     results: type.results[...], height: 0, unreachable: false))
        var code = CodeReader(reader: ByteReader(bytes: context.module.bytes, offset: body.code.lowerBound,
                                                 end: body.code.upperBound),
                              features: context.module.features)
        while !controls.isEmpty {
            offset = code.offset
            if code.isAtEnd {
                throw ModuleError.malformed("END opcode expected", at: offset)
            }
            let instruction = try code.read()
            try validate(instruction, code: code)
        }
        guard code.isAtEnd else {
            throw ModuleError.malformed("section size mismatch", at: code.offset)
        }
    }

    mutating func setLocals(parameters: [ValueType], body: FunctionBody) {
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

    @inline(__always)
    mutating func push(_ type: ValueType) {
        operands.types.append(type.rawValue)
    }

    @inline(__always)
    mutating func pushRaw(_ type: UInt8) {
        operands.types.append(type)
    }

    /// Pops any operand; returns `OperandStack.unknown` in unreachable code.
    @inline(__always)
    mutating func pop() throws(ModuleError) -> UInt8 {
        let frame = controls[controls.count - 1]
        if operands.types.count == frame.height {
            if frame.unreachable { return OperandStack.unknown }
            throw typeMismatch()
        }
        return operands.types.removeLast()
    }

    @inline(__always)
    mutating func pop(_ expected: ValueType) throws(ModuleError) {
        let actual = try pop()
        if actual != expected.rawValue && actual != OperandStack.unknown { throw typeMismatch() }
    }

    mutating func pop(_ expected: ArraySlice<ValueType>) throws(ModuleError) {
        for type in expected.reversed() { try pop(type) }
    }

    mutating func push(_ types: ArraySlice<ValueType>) {
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

    mutating func pushControl(_ kind: ControlFrame.Kind, _ type: BlockType) throws(ModuleError) {
        let (parameters, results) = try blockTypes(type)
        try pop(parameters)
        controls.append(ControlFrame(kind: kind, parameters: parameters, results: results,
                                     height: operands.types.count, unreachable: false))
        push(parameters)
    }

    mutating func popControl() throws(ModuleError) -> ControlFrame {
        let frame = controls[controls.count - 1]
        try pop(frame.results)
        guard operands.types.count == frame.height else { throw typeMismatch() }
        controls.removeLast()
        return frame
    }

    mutating func markUnreachable() {
        let last = controls.count - 1
        operands.types.removeSubrange(controls[last].height...)
        controls[last].unreachable = true
    }

    func blockTypes(_ type: BlockType) throws(ModuleError) -> (ArraySlice<ValueType>, ArraySlice<ValueType>) {
        switch type {
        case .empty:
            return (Self.emptyTypes[...], Self.emptyTypes[...])
        case .value(let value):
            return (Self.emptyTypes[...], Self.singleTypes[Int(value.rawValue)][...])
        case .typeIndex(let index):
            guard Int(index) < context.types.count else { throw invalid("unknown type \(index)") }
            let type = context.types[Int(index)]
            return (type.parameters[...], type.results[...])
        }
    }

    /// `[t]` for each value type, indexed by raw value, so block types never allocate.
    static let singleTypes: [[ValueType]] = (0..<256).map { raw in
        ValueType(rawValue: UInt8(raw)).map { [$0] } ?? []
    }

    func label(_ depth: UInt32) throws(ModuleError) -> ControlFrame {
        guard Int(depth) < controls.count else { throw invalid("unknown label \(depth)") }
        return controls[controls.count - 1 - Int(depth)]
    }
}
