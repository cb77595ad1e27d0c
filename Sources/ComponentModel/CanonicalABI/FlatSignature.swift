import WasmDecoder

/// A component function type's core signature under the canonical ABI
/// (`flatten_functype`) and where its values travel: worked out once per
/// definition, not per instance or per call.
struct FlatSignature: Sendable {
    let coreType: FunctionType
    /// More than 16 flat parameters: they go through memory.
    let parametersInMemory: Bool
    /// More than 1 flat result: it goes through memory.
    let resultInMemory: Bool

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
    }
}
