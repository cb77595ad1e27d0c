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

    init(_ type: ComponentFunctionType, context: CanonicalLayout.Context) {
        coreType = CanonicalLayout.coreType(of: type, context: context)
        var parameterFlatCount = 0
        for parameter in type.parameters {
            parameterFlatCount += CanonicalLayout.flatten(parameter.type, limit: CanonicalLayout.flatLimit).count
        }
        parametersInMemory = parameterFlatCount > CanonicalLayout.maxFlatParameters
        resultInMemory = (type.result.map { CanonicalLayout.flatten($0, limit: CanonicalLayout.flatLimit).count } ?? 0)
            > CanonicalLayout.maxFlatResults
    }
}
