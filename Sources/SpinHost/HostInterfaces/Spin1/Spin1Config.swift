import ComponentModel
import WasmInterpreter

/// Spin 1's `spin-config` (`wit/ephemeral/spin-config.wit` of Spin 1.5):
/// `get-config(key) -> expected<string, error>`, the component's variables
/// (`[component.config]` in a version 1 manifest). As Spin 1's resolver
/// does, a key the component does not declare is `invalid-key(key)`.
enum Spin1Config {
    static let moduleName = "spin-config"
    static let error = ComponentValueType.variant([
        .init("provider", .string), .init("invalid-key", .string), .init("invalid-schema", .string), .init("other", .string),
    ])

    static func define(in linker: inout Linker) {
        linker.define(moduleName, "get-config", Spin1HostFunction.make([.string], .result(ok: .string, error: error)) {
            caller, arguments throws(Trap) in
            guard case .string(let key) = arguments[0] else { throw Trap(.host("get-config: the key is not a string")) }
            if let problem = SpinIdentifier.problem(with: key, style: .lowerSnake) {
                return .error(.variant(case: 1, payload: .string("\(quoted(key)): \(problem)")))
            }
            guard let variables = caller.store[ComponentVariables.key] else {
                throw Trap(.host("variables are not set up for this instance"))
            }
            guard let value = variables.values[key] else { return .error(.variant(case: 1, payload: .string(key))) }
            return .ok(.string(value))
        })
    }
}
