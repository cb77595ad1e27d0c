import ComponentModel
import WasmInterpreter

/// `incoming-body`, `future-trailers` and `outgoing-body`: bodies as
/// `wasi:io` streams.
extension WASIHTTP {
    static func defineBodies(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        let interface = WASIHTTPInterface.types
        linker.define(interface, "[method]incoming-body.stream",
                      WASIComponentTypes.method(types.incomingBody, [], .result(ok: .own(types.inputStream), error: nil))) {
            call, arguments throws(Trap) in
            let body: IncomingBodyResource = try arguments.resource(call, 0, "incoming-body")
            guard body.stream.take() else { return .error(nil) }
            let readiness = RequestBodyReadiness(body: body.body, wakeup: GuestWakeup.of(call.store))
            return .ok(call.own(InputStreamResource(.httpBody(readiness, call.store.interruptHandle))))
        }
        linker.define(interface, "[static]incoming-body.finish",
                      WASIComponentTypes.function([("this", .own(types.incomingBody))], .own(types.futureTrailers))) {
            call, arguments throws(Trap) in
            let body: IncomingBodyResource = try take(call, arguments, 0, "incoming-body")
            return call.own(FutureTrailersResource(body: body.body))
        }
        linker.define(interface, "[method]future-trailers.subscribe",
                      WASIComponentTypes.method(types.futureTrailers, [], .own(types.pollable))) { call, arguments throws(Trap) in
            let future: FutureTrailersResource = try arguments.resource(call, 0, "future-trailers")
            return call.own(PollableResource(.signalled(RequestBodyReadiness(body: future.body, wakeup: GuestWakeup.of(call.store), event: .complete))))
        }
        let trailersResult = ComponentValueType.option(.result(
            ok: .result(ok: .option(.own(types.fields)), error: WASIHTTPTypes.errorCode), error: nil))
        linker.define(interface, "[method]future-trailers.get",
                      WASIComponentTypes.method(types.futureTrailers, [], trailersResult)) { call, arguments throws(Trap) in
            let future: FutureTrailersResource = try arguments.resource(call, 0, "future-trailers")
            switch future.get() {
            case nil: return .option(nil)
            case .alreadyTaken?: return .option(.error(nil))
            case .failed(let code)?: return .option(.ok(.error(code)))
            case .trailers(let fields)?: return .option(.ok(.ok(.option(fields.map { call.own($0) }))))
            }
        }

        linker.define(interface, "[method]outgoing-body.write",
                      WASIComponentTypes.method(types.outgoingBody, [], .result(ok: .own(types.outputStream), error: nil))) {
            call, arguments throws(Trap) in
            let body: OutgoingBodyResource = try arguments.resource(call, 0, "outgoing-body")
            guard body.stream.take() else { return .error(nil) }
            return .ok(call.own(OutputStreamResource(.httpBody(body.state))))
        }
        linker.define(interface, "[static]outgoing-body.finish",
                      WASIComponentTypes.function([("this", .own(types.outgoingBody)), ("trailers", .option(.own(types.fields)))],
                                                  .result(ok: nil, error: WASIHTTPTypes.errorCode))) {
            call, arguments throws(Trap) in
            let body: OutgoingBodyResource = try take(call, arguments, 0, "outgoing-body")
            var trailers: HTTPFields?
            if case .option(let handle?) = try arguments.value(1), let rep = handle.handleValue {
                trailers = try HostArguments.object(call, rep, "fields", arguments.function)
                call.resources.remove(rep)
            }
            if let code = body.state.finish(trailers: trailers) { return .error(code) }
            return .ok(nil)
        }
    }

    static func defineErrors(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        // The `error-code` behind a stream's `error`, when an HTTP body failed.
        linker.define(WASIHTTPInterface.types, "http-error-code",
                      WASIComponentTypes.function([("err", .borrow(types.ioError))], .option(WASIHTTPTypes.errorCode))) {
            call, arguments throws(Trap) in
            let error: IOErrorResource = try arguments.resource(call, 0, "error")
            return .option(error.httpErrorCode)
        }
    }
}
