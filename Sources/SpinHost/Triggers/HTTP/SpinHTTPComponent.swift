import Foundation
public import ComponentModel
public import WasmInterpreter

/// A component run by Spin's HTTP executor: validated and linked once,
/// instantiated per request. What it exports decides how a request
/// reaches it: `wasi:http/handler@0.3.x` (WASIp3: Spin 4 SDKs),
/// `wasi:http/incoming-handler@0.2.x` (every Spin SDK since Spin 2, and
/// plain `wasi:http/proxy` components) or Spin 2's
/// `fermyon:spin/inbound-http` (older Rust and Go SDK components).
public struct SpinHTTPComponent: Sendable {
    public enum Handler: Sendable, Equatable {
        /// `wasi:http/incoming-handler`, under the name it is exported as.
        case wasiHTTP(export: String)
        /// `wasi:http/handler@0.3` (WASIp3, Spin 4 SDKs), under the name it is exported as.
        case wasiHTTP3(export: String)
        /// `fermyon:spin/inbound-http`, under the name it is exported as.
        case inboundHTTP(export: String)
    }

    public let id: String
    public let engine: Engine
    public let handler: Handler
    /// The capabilities' state for each new instance (WASI, key-value grants, variables, ...).
    public let instanceSetups: [InstanceSetup]
    let linked: LinkedComponent
    /// Idle instances of a WASIp3 component, reused as Spin 4 does.
    let pool = InstancePool()

    /// Every interface a Spin component may import (`HostCapabilities.linker`).
    public static var linker: ComponentLinker { HostCapabilities.linker }

    /// Finds the handler and links the component; a component exporting
    /// no handler, or one whose imports cannot be served, fails here.
    /// - Parameter source: the component's file, for messages.
    public init(id: String, component: ValidatedComponent, engine: Engine, source: String,
                instanceSetups: [InstanceSetup]) throws(SpinError) {
        self.id = id
        self.engine = engine
        self.instanceSetups = instanceSetups
        handler = try Self.handler(of: component, id: id, source: source)
        do {
            linked = try Self.linker.link(component)
        } catch {
            throw .component(id, "\(source) cannot be linked: \(error)")
        }
    }

    static let inboundHTTPNames = ["fermyon:spin/inbound-http", "fermyon:spin/inbound-http@2.0.0"]

    /// The one HTTP handler `component` exports, as Spin picks it.
    static func handler(of component: ValidatedComponent, id: String, source: String) throws(SpinError) -> Handler {
        var candidates: [Handler] = []
        for (name, type) in component.type.exports {
            guard case .instance(let instance) = type else { continue }
            if name.hasPrefix("wasi:http/incoming-handler@0.2"), instance.export("handle") != nil {
                candidates.append(.wasiHTTP(export: name))
            } else if name.hasPrefix(WASIHTTP3Interface.handlerPrefix), instance.export("handle") != nil {
                candidates.append(.wasiHTTP3(export: name))
            } else if inboundHTTPNames.contains(name), instance.export("handle-request") != nil {
                candidates.append(.inboundHTTP(export: name))
            }
        }
        switch candidates.count {
        case 1:
            return candidates[0]
        case 0:
            let exported = component.type.exports.map(\.name)
            let what = exported.isEmpty ? "exports nothing" : "exports only \(exported.map { "`\($0)`" }.joined(separator: ", "))"
            throw .component(id, "\(source) is not an HTTP component: it \(what); Spin's HTTP executor needs "
                + "`wasi:http/handler@0.3.x`, `wasi:http/incoming-handler@0.2.x` or `fermyon:spin/inbound-http`")
        default:
            throw .component(id, "\(source) exports more than one HTTP handler; Spin expects exactly one")
        }
    }
}
