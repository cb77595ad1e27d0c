import WasmDecoder

/// A component function type's core signature under the canonical ABI
/// (`flatten_functype`) and where its values travel: worked out once per
/// definition, not per instance or per call. A class: instances share one,
/// which a struct of four arrays would have them retain four times over.
final class FlatSignature: Sendable {
    let coreType: FunctionType
    /// More than 16 flat parameters: they go through memory.
    let parametersInMemory: Bool
    /// More than 1 flat result: it goes through memory.
    let resultInMemory: Bool
    /// The layout figures of each parameter's type and the result's, for
    /// the lift and lower of every call to start from.
    let parameterFigures: [TypeFigures]
    let resultFigures: TypeFigures?
    /// The alignment of the parameters' tuple, when they go through memory.
    let parameterTupleAlignment: Int

    init(_ type: ComponentFunctionType, context: CanonicalLayout.Context, isAsync: Bool = false, hasCallback: Bool = false) {
        coreType = CanonicalLayout.coreType(of: type, context: context, isAsync: isAsync, hasCallback: hasCallback)
        var parameterFlatCount = 0
        for parameter in type.parameters {
            parameterFlatCount += CanonicalLayout.flatten(parameter.type, limit: CanonicalLayout.flatLimit).count
        }
        parametersInMemory = parameterFlatCount > CanonicalLayout.maxFlatParameters(context: context, isAsync: isAsync)
        let resultFlatCount = type.result.map { CanonicalLayout.flatten($0, limit: CanonicalLayout.flatLimit).count } ?? 0
        // An async lower always writes results through memory; an async lift
        // hands them to `task.return`, which decides for itself.
        resultInMemory = isAsync ? (context == .lower && resultFlatCount > 0) : resultFlatCount > CanonicalLayout.maxFlatResults
        parameterFigures = type.parameters.map { TypeFigures($0.type) }
        resultFigures = type.result.map(TypeFigures.init)
        parameterTupleAlignment = CanonicalLayout.alignment(.tuple(type.parameters.map(\.type)))
    }
}

/// A value type's size, alignment and, for a variant, where its payload
/// starts and how many flat values it takes: what the canonical ABI asks
/// of a parameter's or result's type on each call. Worked out once with the
/// signature, since a variant's answers walk all its cases, and `wasi:http`'s
/// 39-case `error-code` sits in the result of several calls a request makes.
/// Only the outermost type has figures; what it contains is laid out as met.
struct TypeFigures: Sendable {
    let size: Int
    let alignment: Int
    /// A variant's largest case alignment (its payload's offset follows).
    let caseAlignment: Int
    /// A variant's payload width in flat values.
    let payloadWidth: Int

    init(_ type: ComponentValueType) {
        (size, alignment) = CanonicalLayout.layout(type)
        caseAlignment = CanonicalLayout.maxCaseAlignment(type)
        payloadWidth = CanonicalLayout.payloadWidth(type)
    }
}
