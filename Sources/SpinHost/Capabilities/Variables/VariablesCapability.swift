public import ComponentModel
import WasmInterpreter

/// Component variables for guests: `fermyon:spin/variables@2.0.0` and
/// `wasi:config/store` (@0.2.0-draft-2024-09-27). A component sees only
/// the variables its `[component.x.variables]` table declares, expanded
/// from the application's variables at start-up. Spin 3's
/// `spin:variables/variables@3.0.0` is the same `get` made `async`.
///
/// See <https://spinframework.dev/v3/variables>.
public struct VariablesCapability: Capability {
    static let spinInterfaces = ["fermyon:spin/variables@2.0.0", "spin:variables/variables@3.0.0"]
    static let wasiConfig = "wasi:config/store@0.2.0-draft-2024-09-27"

    let variables: ApplicationVariables

    public init(app: CapabilityContext) throws(SpinError) {
        variables = app.variables
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        let values = ComponentVariables(component: component.id, try variables.componentVariables(component))
        return InstanceSetup { store in store[ComponentVariables.key] = values }
    }

    public static func define(in linker: inout ComponentLinker) {
        let error = ComponentValueType.variant([
            .init("invalid-name", .string), .init("undefined", .string), .init("provider", .string), .init("other", .string),
        ])
        for interface in spinInterfaces {
            let type = WASIComponentTypes.function([("name", .string)], .result(ok: .string, error: error))
            linker.define(interface, "get", type.async(interface.hasPrefix("spin:"))) {
                call, arguments throws(Trap) in
                let name = try arguments.string(0)
                // Spin's names: lower snake case, as in the manifest.
                if let problem = SpinIdentifier.problem(with: name, style: .lowerSnake) {
                    return .error(.variant(case: 0, payload: .string("\(quoted(name)): \(problem)")))
                }
                let variables = try ComponentVariables.of(call)
                guard let value = variables.values[name] else {
                    return .error(.variant(case: 1, payload: .string("no variable for \(quoted(variables.component)).\(quoted(name))")))
                }
                return .ok(.string(value))
            }
        }
        let configError = ComponentValueType.variant([.init("upstream", .string), .init("io", .string)])
        linker.define(wasiConfig, "get", WASIComponentTypes.function([("key", .string)], .result(ok: .option(.string), error: configError))) {
            call, arguments throws(Trap) in
            .ok(.option(try ComponentVariables.of(call).values[try arguments.string(0)].map { .string($0) }))
        }
        linker.define(wasiConfig, "get-all", WASIComponentTypes.function([], .result(ok: .list(.tuple([.string, .string])), error: configError))) {
            call, _ throws(Trap) in
            let values = try ComponentVariables.of(call).values.sorted { $0.key < $1.key }
            return .ok(.list(values.map { .tuple([.string($0.key), .string($0.value)]) }))
        }
    }
}

/// One component's variables, shared by all its instances.
final class ComponentVariables: Sendable {
    static let key = HostStateKey<ComponentVariables>()

    let component: String
    let values: [String: String]

    init(component: String, _ values: [String: String]) {
        self.component = component
        self.values = values
    }

    static func of(_ call: HostCall) throws(Trap) -> ComponentVariables {
        guard let variables = call.store[key] else { throw Trap(.host("variables are not set up for this instance")) }
        return variables
    }
}
