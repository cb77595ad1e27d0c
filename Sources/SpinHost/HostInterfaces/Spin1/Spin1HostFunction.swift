import ComponentModel
import WasmDecoder
import WasmInterpreter

/// A host function a Spin 1 module imports, typed as its WIT of Spin 1.5
/// declares it: arguments lifted and the result lowered by the canonical
/// ABI over the caller's memory and `canonical_abi_realloc` (wit-bindgen
/// 0.2), a result of more than one flat value written to the return area
/// whose address is the last argument.
enum Spin1HostFunction {
    typealias Body = @Sendable (Caller, [ComponentValue]) throws(Trap) -> ComponentValue?

    static func make(_ parameters: [ComponentValueType], _ result: ComponentValueType?,
                     _ body: @escaping Body) -> HostFunction {
        let coreType = CoreModuleABI.coreType(parameters: parameters, result: result, imported: true)
        let resultFlatCount = coreType.results.count
        let usesReturnArea = result != nil && resultFlatCount == 0
        let argumentSlots = coreType.parameters.count - (usesReturnArea ? 1 : 0)
        return HostFunction(type: coreType, raw: { (caller, slots) throws(Trap) in
            guard let memory = caller.memory else { throw Trap(.host("a Spin 1 module must export its memory")) }
            var realloc: Function?
            if case .function(let function)? = caller.export(named: Spin1Module.reallocName) { realloc = function }
            let abi = CoreModuleABI(store: caller.store, memory: memory, realloc: realloc)
            let arguments = try abi.liftArguments(Array(slots.prefix(argumentSlots)), parameters)
            let value = try body(caller, arguments)
            guard let result else { return }
            guard let value else { throw Trap(.host("host function returned no value for a result of type \(result)")) }
            if usesReturnArea {
                try abi.store(value, result, at: slots[argumentSlots])
            } else {
                slots[0] = try abi.lowerFlatResult(value, result)
            }
        })
    }
}
