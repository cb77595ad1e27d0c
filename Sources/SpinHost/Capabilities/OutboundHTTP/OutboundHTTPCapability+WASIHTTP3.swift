import ComponentModel
import WasmInterpreter

/// `wasi:http/client@0.3.0` `send` (WASIp3; and its release candidate's): the same policy, client and
/// service chaining as the 0.2 outgoing handler. The call is async: the
/// guest's task waits while the request goes out; its body is the guest's
/// stream (`BodyFromGuest`) or, for a request the guest got and passes on,
/// the client's body (`BodyRelay`). The response resolves the call once its
/// head arrived (`OutboundResponseArrival`), and its body reaches the guest
/// through a stream the host writes as it comes (`BodyIntoGuest`).
extension OutboundHTTPCapability {
    static func defineWASIHTTP3Client(in linker: inout ComponentLinker) {
        for version in WASIHTTP3Interface.versions { defineWASIHTTP3Client(version, in: &linker) }
    }

    static func defineWASIHTTP3Client(_ version: String, in linker: inout ComponentLinker) {
        let types = WASIHTTP3Interface.types(version)
        guard let request = linker.resource(types, "request"), let response = linker.resource(types, "response"),
              let fields = linker.resource(types, "fields") else { return }
        let trailersResult = WASIHTTP3Types.trailersResult(fields)
        let type = WASIComponentTypes.function([("request", .own(request))],
                                               .result(ok: .own(response), error: WASIHTTP3Types.errorCode)).async()
        let function = "\(WASIHTTP3Interface.client(version))#send"
        linker.define(WASIHTTP3Interface.client(version), "send", type: type) { call, values, done throws(Trap) in
            let arguments = HostArguments(values: values, function: function)
            guard let access = call.store[OutboundHTTPAccess.key] else { throw Trap(.host("outbound HTTP is not set up for this instance")) }
            let outgoing: HTTP3Request = try WASIHTTP.take(call, arguments, 0, "request")
            let store = call.store
            let pumps = HostPumps.of(store)
            var message = OutboundMessage(
                method: methodText(outgoing.method), scheme: schemeText(outgoing.scheme), authority: outgoing.authority,
                pathWithQuery: outgoing.pathWithQuery, headers: outgoing.headers.pairs,
                declaredLength: outgoing.headers.pairs.first { $0.name == "content-length" }.flatMap { Int($0.value) })
            // Ends the guest's side of a body that never went out.
            var dropUnsentBody: () -> Void = {}
            switch outgoing.body {
            case .guest(let contents?, let trailers, let transmitted):
                message.attachBody = { sink in
                    pumps.add(BodyFromGuest(stream: contents, trailers: trailers, sink: sink, store: store) { sent in
                        try? transmitted.write(sent ? .ok(nil) : .error(HTTPErrorCode.connectionTerminated))
                    })
                }
                dropUnsentBody = {
                    contents.drop()
                    trailers.drop()
                    try? transmitted.write(.error(HTTPErrorCode.connectionTerminated))
                }
            case .guest(nil, let trailers, let transmitted):
                trailers.drop()
                try? transmitted.write(.ok(nil))
            case .incoming(let exchange):
                guard let body = exchange.takeBodyForForwarding() else {
                    throw Trap(.host("\(arguments.function): the request's body was consumed already"))
                }
                message.attachBody = { sink in pumps.add(BodyRelay(source: body, sink: sink, store: store) { _ in }) }
            case .consumed:
                throw Trap(.host("\(arguments.function): the request's body was consumed already"))
            }
            outgoing.body = .consumed
            let options = outgoing.options
            let timeouts = OutboundTimeouts(connect: options?.connectTimeout, firstByte: options?.firstByteTimeout,
                                            betweenBytes: options?.betweenBytesTimeout)
            switch send(message, timeouts: timeouts, access: access, store: store) {
            case .success(let future):
                pumps.add(OutboundResponseArrival(future: future, done: done, trailersResult: trailersResult, store: store))
            case .failure(let code):
                dropUnsentBody()
                try done.resolve(.error(code.value))
            }
        }
    }
}
