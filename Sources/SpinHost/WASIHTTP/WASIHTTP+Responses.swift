import ComponentModel
import WasmInterpreter

/// `outgoing-response`, `response-outparam`, and the outbound side's
/// `incoming-response` and `future-incoming-response`.
extension WASIHTTP {
    static func defineResponses(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        let interface = WASIHTTPInterface.types
        let response = types.outgoingResponse
        let unit = ComponentValueType.result(ok: nil, error: nil)
        linker.define(interface, "[constructor]outgoing-response",
                      WASIComponentTypes.function([("headers", .own(types.fields))], .own(response))) {
            call, arguments throws(Trap) in
            let headers: HTTPFields = try take(call, arguments, 0, "fields")
            let state = OutgoingBodyState(headers: headers, wakeup: GuestWakeup.of(call.store))
            state.use(call.store.interruptHandle)
            return call.own(OutgoingResponseResource(state: state))
        }
        linker.define(interface, "[method]outgoing-response.status-code",
                      WASIComponentTypes.method(response, [], .u16)) { call, arguments throws(Trap) in
            let target: OutgoingResponseResource = try arguments.resource(call, 0, "outgoing-response")
            return .u16(target.state.status)
        }
        // `http::StatusCode` accepts 100 through 999.
        linker.define(interface, "[method]outgoing-response.set-status-code",
                      WASIComponentTypes.method(response, [("status-code", .u16)], unit)) { call, arguments throws(Trap) in
            let target: OutgoingResponseResource = try arguments.resource(call, 0, "outgoing-response")
            guard case .u16(let status) = try arguments.value(1), (100...999).contains(status) else { return .error(nil) }
            target.state.status = status
            return .ok(nil)
        }
        linker.define(interface, "[method]outgoing-response.headers",
                      WASIComponentTypes.method(response, [], .own(types.fields))) { call, arguments throws(Trap) in
            let target: OutgoingResponseResource = try arguments.resource(call, 0, "outgoing-response")
            return call.own(HTTPFields(copying: target.state.headers, isImmutable: true))
        }
        linker.define(interface, "[method]outgoing-response.body",
                      WASIComponentTypes.method(response, [], .result(ok: .own(types.outgoingBody), error: nil))) {
            call, arguments throws(Trap) in
            let target: OutgoingResponseResource = try arguments.resource(call, 0, "outgoing-response")
            guard !target.state.bodyTaken else { return .error(nil) }
            target.state.bodyTaken = true
            return .ok(call.own(OutgoingBodyResource(state: target.state)))
        }

        // Once per request: a second outparam (or a second call) traps in wasmtime too.
        linker.define(interface, "[static]response-outparam.set",
                      WASIComponentTypes.function([("param", .own(types.responseOutparam)),
                                                   ("response", .result(ok: .own(response), error: WASIHTTPTypes.errorCode))])) {
            call, arguments throws(Trap) in
            let outparam: ResponseOutparamResource = try take(call, arguments, 0, "response-outparam")
            guard !outparam.exchange.outparamWasSet else {
                throw Trap(.host("\(arguments.function): the response was already set"))
            }
            switch try arguments.value(1) {
            case .ok(let handle?):
                guard let rep = handle.handleValue,
                      let target = call.resources.object(rep, as: OutgoingResponseResource.self) else {
                    throw Trap(.host("\(arguments.function): not a live outgoing-response"))
                }
                call.resources.remove(rep)
                outparam.exchange.respond(with: target.state)
            case .error(let code?):
                outparam.exchange.fail(with: code)
            default:
                throw Trap(.host("\(arguments.function): argument 1 is not a result"))
            }
            return nil
        }

        linker.define(interface, "[method]incoming-response.status",
                      WASIComponentTypes.method(types.incomingResponse, [], .u16)) { call, arguments throws(Trap) in
            let target: IncomingResponseResource = try arguments.resource(call, 0, "incoming-response")
            return .u16(target.status)
        }
        linker.define(interface, "[method]incoming-response.headers",
                      WASIComponentTypes.method(types.incomingResponse, [], .own(types.fields))) { call, arguments throws(Trap) in
            let target: IncomingResponseResource = try arguments.resource(call, 0, "incoming-response")
            return call.own(HTTPFields(copying: target.headers, isImmutable: true))
        }
        linker.define(interface, "[method]incoming-response.consume",
                      WASIComponentTypes.method(types.incomingResponse, [], .result(ok: .own(types.incomingBody), error: nil))) {
            call, arguments throws(Trap) in
            let target: IncomingResponseResource = try arguments.resource(call, 0, "incoming-response")
            return target.consume().map { .ok(call.own($0)) } ?? .error(nil)
        }
        linker.define(interface, "[method]future-incoming-response.subscribe",
                      WASIComponentTypes.method(types.futureIncomingResponse, [], .own(types.pollable))) {
            call, arguments throws(Trap) in
            let target: FutureIncomingResponseResource = try arguments.resource(call, 0, "future-incoming-response")
            return call.own(PollableResource(.signalled(target.future)))
        }
        let incomingResult = ComponentValueType.option(.result(
            ok: .result(ok: .own(types.incomingResponse), error: WASIHTTPTypes.errorCode), error: nil))
        linker.define(interface, "[method]future-incoming-response.get",
                      WASIComponentTypes.method(types.futureIncomingResponse, [], incomingResult)) {
            call, arguments throws(Trap) in
            let target: FutureIncomingResponseResource = try arguments.resource(call, 0, "future-incoming-response")
            switch target.future.take() {
            case nil:
                return .option(nil)
            case .alreadyTaken?:
                return .option(.error(nil))
            case .failed(let code)?:
                return .option(.ok(.error(code)))
            case .response(let status, let headers, let body)?:
                let response = IncomingResponseResource(
                    status: status, headers: HTTPFields(trusted: headers, isImmutable: true), body: body)
                return .option(.ok(.ok(call.own(response))))
            }
        }
    }
}
