import ComponentModel
import WasmInterpreter

/// Spin 1's `wasi-outbound-http` (`wit/ephemeral/wasi-outbound-http.wit` of
/// Spin 1.5): `request(req) -> expected<response, http-error>`, the same
/// request as Spin 2's `fermyon:spin/http` `send-request`, under the same
/// `allowed_outbound_hosts` (a version 1 manifest's `allowed_http_hosts`).
enum Spin1OutboundHTTP {
    static func define(in linker: inout Linker) {
        let type = ComponentValueType.result(ok: SpinHTTPTypes.response, error: SpinHTTPTypes.httpError)
        linker.define("wasi-outbound-http", "request", Spin1HostFunction.make([SpinHTTPTypes.request], type) {
            caller, arguments throws(Trap) in
            try OutboundHTTPCapability.sendWholeRequest(arguments[0], store: caller.store)
        })
    }
}
