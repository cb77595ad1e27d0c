public import ComponentModel
import WasmInterpreter

/// `wasi:http/types@0.2.0`
/// ([types.wit](https://github.com/WebAssembly/wasi-http/blob/v0.2.0/wit/types.wit))
/// as host definitions for components: fields, requests, responses, their
/// bodies as `wasi:io` streams with trailers, `response-outparam` and the
/// error codes, for guests that export `wasi:http/incoming-handler`.
///
/// The request a guest handles is the store's `HTTPExchange`; the
/// resources it hands out are Swift objects in the store's
/// `HostResources`. Bodies stream: a guest reads its request body while it
/// still arrives (`RequestBody`) and its response goes to the client while
/// it writes (`OutgoingBodyState`). Outgoing requests are sent by the
/// outbound HTTP capability (`wasi:http/outgoing-handler`).
public enum WASIHTTP {
    /// Defines `wasi:http/types` in `linker`, which must already hold the
    /// `wasi:io` resources (`WASIComponent.define`).
    public static func define(in linker: inout ComponentLinker) {
        let types = WASIHTTPTypes(defining: &linker)
        defineFields(in: &linker, types)
        defineIncomingRequest(in: &linker, types)
        defineOutgoingRequest(in: &linker, types)
        defineResponses(in: &linker, types)
        defineBodies(in: &linker, types)
        defineErrors(in: &linker, types)
    }

    /// The exchange of the calling store (set by the executor before `handle`).
    static func exchange(_ call: HostCall) throws(Trap) -> HTTPExchange {
        guard let exchange = call.store[HTTPExchange.key] else {
            throw Trap(.host("a wasi:http function needing a request was called outside an HTTP request"))
        }
        return exchange
    }

    /// Takes an owned handle the guest passed in: the object leaves the
    /// store's table (the host owns it now).
    static func take<Object: AnyObject>(_ call: HostCall, _ arguments: HostArguments, _ index: Int, _ name: String,
                                        as type: Object.Type = Object.self) throws(Trap) -> Object {
        let object: Object = try arguments.resource(call, index, name)
        if let rep = try arguments.value(index).handleValue { call.resources.remove(rep) }
        return object
    }
}

/// Reading `option` and `result` arguments.
extension HostArguments {
    func option(_ index: Int) throws(Trap) -> ComponentValue?? {
        guard case .option(let inner) = try value(index) else { throw Trap(.host("\(function): argument \(index) is not an option")) }
        return .some(inner)
    }

    func optionalString(_ index: Int) throws(Trap) -> String? {
        guard let inner = try option(index) else { return nil }
        guard let inner else { return nil }
        guard case .string(let text) = inner else { throw Trap(.host("\(function): argument \(index) is not option<string>")) }
        return text
    }

    func optionalU64(_ index: Int) throws(Trap) -> UInt64? {
        guard let inner = try option(index), let inner else { return nil }
        guard case .u64(let number) = inner else { throw Trap(.host("\(function): argument \(index) is not option<u64>")) }
        return number
    }
}
