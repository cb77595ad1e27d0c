import WasmDecoder

/// Sizes, alignments and flattened core types of component value types
/// (CanonicalABI.md, "Alignment", "Element Size", "Flattening"), for 32-bit
/// memories; validation asks for sizes with 64-bit pointers too (`pointerSize: 8`).
enum CanonicalLayout {
    static let maxFlatParameters = 16
    static let maxFlatResults = 1

    static func alignment(_ type: ComponentValueType, pointerSize: Int = 4) -> Int {
        layout(type, pointerSize: pointerSize).alignment
    }

    static func size(_ type: ComponentValueType, pointerSize: Int = 4) -> Int {
        layout(type, pointerSize: pointerSize).size
    }

    /// Size and alignment together, each part of the type visited once
    /// (asked separately, a variant's cases were walked several times over,
    /// and lifting `wasi:http`'s 39-case `error-code` showed it).
    static func layout(_ type: ComponentValueType, pointerSize: Int = 4) -> (size: Int, alignment: Int) {
        switch type {
        case .bool, .s8, .u8: return (1, 1)
        case .s16, .u16: return (2, 2)
        case .s32, .u32, .f32, .char, .own, .borrow, .stream, .future, .errorContext: return (4, 4)
        case .s64, .u64, .f64: return (8, 8)
        case .string, .list, .map: return (2 * pointerSize, pointerSize)
        case .fixedLengthList(let element, let length):
            let element = layout(element, pointerSize: pointerSize)
            return (length * element.size, element.alignment)
        case .record(let fields): return recordLayout(fields.lazy.map(\.type), pointerSize: pointerSize)
        case .tuple(let elements): return recordLayout(elements, pointerSize: pointerSize)
        case .enum(let names):
            let size = discriminantSize(names.count)
            return (size, size)
        case .variant, .option, .result:
            let discriminant = discriminantSize(caseCount(type))
            var caseAlignment = 1
            var largest = 0
            forEachCase(type) { payload in
                guard let payload else { return }
                let payloadLayout = layout(payload, pointerSize: pointerSize)
                caseAlignment = max(caseAlignment, payloadLayout.alignment)
                largest = max(largest, payloadLayout.size)
            }
            let alignment = max(discriminant, caseAlignment)
            return (alignUp(alignUp(discriminant, caseAlignment) + largest, alignment), alignment)
        case .flags(let labels):
            let size = flagsSize(labels.count)
            return (size, size)
        }
    }

    static func recordLayout(_ types: some Sequence<ComponentValueType>, pointerSize: Int = 4) -> (size: Int, alignment: Int) {
        var size = 0
        var align = 1
        for type in types {
            let field = layout(type, pointerSize: pointerSize)
            size = alignUp(size, field.alignment) + field.size
            align = max(align, field.alignment)
        }
        return (alignUp(size, align), align)
    }

    /// A map's entries are laid out as `tuple<K, V>` (`despecialize`).
    static func mapEntry(_ key: ComponentValueType, _ value: ComponentValueType) -> ComponentValueType {
        .tuple([key, value])
    }

    static func recordSize(_ types: some Sequence<ComponentValueType>, pointerSize: Int = 4) -> Int {
        recordLayout(types, pointerSize: pointerSize).size
    }

    static func alignUp(_ value: Int, _ alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }

    static func flagsSize(_ count: Int) -> Int {
        count <= 8 ? 1 : count <= 16 ? 2 : 4
    }

    /// Cases of a variant-like type (enum, option and result included).
    static func caseCount(_ type: ComponentValueType) -> Int {
        switch type {
        case .variant(let cases): cases.count
        case .enum(let names): names.count
        case .option, .result: 2
        default: 0
        }
    }

    /// Calls `body` with each case's payload type, in case order.
    static func forEachCase(_ type: ComponentValueType, _ body: (ComponentValueType?) -> Void) {
        switch type {
        case .variant(let cases): cases.forEach { body($0.type) }
        case .enum(let names): names.forEach { _ in body(nil) }
        case .option(let element): body(nil); body(element)
        case .result(let ok, let error): body(ok); body(error)
        default: break
        }
    }

    static func payloadType(_ type: ComponentValueType, case index: Int) -> ComponentValueType? {
        switch type {
        case .variant(let cases): cases[index].type
        case .option(let element): index == 1 ? element : nil
        case .result(let ok, let error): index == 0 ? ok : error
        default: nil
        }
    }

    static func discriminantSize(_ count: Int) -> Int {
        count <= 256 ? 1 : count <= 65536 ? 2 : 4
    }

    static func alignment(discriminant count: Int) -> Int { discriminantSize(count) }

    static func maxCaseAlignment(_ type: ComponentValueType, pointerSize: Int = 4) -> Int {
        var result = 1
        forEachCase(type) { payload in if let payload { result = max(result, alignment(payload, pointerSize: pointerSize)) } }
        return result
    }

    /// How many flat values a variant's payload takes: the length of
    /// `joinedPayload`, without building it.
    static func payloadWidth(_ type: ComponentValueType) -> Int {
        var width = 0
        forEachCase(type) { payload in if let payload { width = max(width, flatCount(payload)) } }
        return width
    }

    /// The length of `flatten(type)`.
    static func flatCount(_ type: ComponentValueType) -> Int {
        switch type {
        case .string, .list, .map: 2
        case .fixedLengthList(let element, let length): length * flatCount(element)
        case .record(let fields): fields.reduce(0) { $0 + flatCount($1.type) }
        case .tuple(let elements): elements.reduce(0) { $0 + flatCount($1) }
        case .variant, .option, .result: 1 + payloadWidth(type)
        default: 1
        }
    }

    // MARK: Flattening

    /// Appends the flat types of `type`, stopping once `flat` holds more
    /// than `limit`. Deciding between flat values and memory needs only to
    /// know that there are too many (`flatLimit`), and `list<u8, 268435455>`
    /// must not build a quarter-billion-entry array to find it out.
    static func flatten(_ type: ComponentValueType, into flat: inout [ValueType], limit: Int = .max) {
        guard flat.count <= limit else { return }
        switch type {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .char, .own, .borrow, .flags, .enum,
             .stream, .future, .errorContext: flat.append(.i32)
        case .s64, .u64: flat.append(.i64)
        case .f32: flat.append(.f32)
        case .f64: flat.append(.f64)
        case .string, .list, .map: flat.append(.i32); flat.append(.i32)
        case .fixedLengthList(let element, let length):
            var index = 0
            while index < length, flat.count <= limit {
                flatten(element, into: &flat, limit: limit)
                index += 1
            }
        case .record(let fields): for field in fields { flatten(field.type, into: &flat, limit: limit) }
        case .tuple(let elements): for element in elements { flatten(element, into: &flat, limit: limit) }
        case .variant, .option, .result:
            flat.append(.i32)
            flat.append(contentsOf: joinedPayload(type, limit: limit))
        }
    }

    static func flatten(_ type: ComponentValueType, limit: Int = .max) -> [ValueType] {
        var flat: [ValueType] = []
        flatten(type, into: &flat, limit: limit)
        return flat
    }

    /// Enough flat values to tell that a signature has too many
    /// (`maxFlatParameters` is the larger of the two maxima).
    static let flatLimit = maxFlatParameters

    /// The payload part of a variant's flattening: each position joined over the cases.
    static func joinedPayload(_ type: ComponentValueType, limit: Int = .max) -> [ValueType] {
        var joined: [ValueType] = []
        forEachCase(type) { payload in
            guard let payload else { return }
            for (index, flat) in flatten(payload, limit: limit).enumerated() {
                if index < joined.count { joined[index] = join(joined[index], flat) } else { joined.append(flat) }
            }
        }
        return joined
    }

    static func join(_ a: ValueType, _ b: ValueType) -> ValueType {
        if a == b { return a }
        if (a == .i32 && b == .f32) || (a == .f32 && b == .i32) { return .i32 }
        return .i64
    }

    enum Context { case lift, lower }

    /// The core type of a lifted or lowered function (`flatten_functype`).
    /// Async lowers pass at most 4 flat parameters and return their results
    /// through memory, with a status as the core result; async lifts return
    /// results through `task.return`, and a callback code when `hasCallback`.
    static func coreType(of function: ComponentFunctionType, context: Context,
                         isAsync: Bool = false, hasCallback: Bool = false) -> FunctionType {
        var parameters: [ValueType] = []
        for parameter in function.parameters { flatten(parameter.type, into: &parameters, limit: flatLimit) }
        if parameters.count > maxFlatParameters(context: context, isAsync: isAsync) { parameters = [.i32] }
        var results = function.result.map { flatten($0, limit: flatLimit) } ?? []
        if isAsync {
            switch context {
            case .lift: results = hasCallback ? [.i32] : []
            case .lower:
                if !results.isEmpty { parameters.append(.i32) }
                results = [.i32]
            }
        } else if results.count > maxFlatResults {
            switch context {
            case .lift: results = [.i32]
            case .lower:
                parameters.append(.i32)
                results = []
            }
        }
        return FunctionType(parameters: parameters, results: results)
    }

    /// Flat parameters beyond this many go through memory.
    static func maxFlatParameters(context: Context, isAsync: Bool) -> Int {
        isAsync && context == .lower ? maxFlatAsyncParameters : maxFlatParameters
    }

    static let maxFlatAsyncParameters = 4

    /// Whether lifting or lowering a value of `type` touches memory.
    static func needsMemory(_ type: ComponentValueType) -> Bool {
        switch type {
        case .string, .list, .map: true
        case .fixedLengthList(let element, _): needsMemory(element)
        case .record(let fields): fields.contains { needsMemory($0.type) }
        case .tuple(let elements): elements.contains(where: needsMemory)
        case .variant, .option, .result:
            {
                var result = false
                forEachCase(type) { if let payload = $0, needsMemory(payload) { result = true } }
                return result
            }()
        default: false
        }
    }
}
