import ComponentModel
import WasmInterpreter

/// Spin 2's `fermyon:spin/inbound-http`: `handle-request(request) -> response`
/// with the whole body in one value, as Spin's `SpinHttpExecutor` calls it.
extension ComponentHTTPExecutor {
    static func handleInbound(_ instance: ComponentInstance, export: String, _ component: SpinHTTPComponent,
                              _ request: IncomingRequest, _ headers: SpinRequestHeaders, _ sink: any ResponseSink) throws -> Outcome {
        guard let handle = instance.function(export, "handle-request") else {
            return .failed("component \"\(component.id)\" has no \(export)#handle-request")
        }
        guard let method = SpinHTTPTypes.methods.firstIndex(of: request.method) else {
            sink.respond(OutgoingResponse(status: 405))
            return .answered
        }
        let body: [UInt8]
        do {
            body = try request.body.readAll(interruption: instance.store.interruptHandle)
        } catch .interrupted {
            return .timedOut
        } catch {
            return .failed("request body: \(error)")
        }
        let result = try handle.call([inboundRequest(request, method: method, headers: headers, body: body)])
        return respondInbound(result, componentID: component.id, sink)
    }

    /// The `http-types.request` Spin passes: every request header (but
    /// `connection`) and its own, the path with the query as `uri`, an empty
    /// `params`, and the whole body. `method` indexes `SpinHTTPTypes.methods`;
    /// other methods are answered 405.
    static func inboundRequest(_ request: IncomingRequest, method: Int, headers: SpinRequestHeaders,
                               body: [UInt8]) -> ComponentValue {
        let pairs = request.headers.filter { $0.name.lowercased() != "connection" }.map { ($0.name.lowercased(), $0.value) }
            + headers.all
        return .record([
            .enum(UInt32(method)),
            .string(request.target),
            .list(pairs.map { .tuple([.string($0.0), .string($0.1)]) }),
            .list([]),
            .option(.bytes(body)),
        ])
    }

    /// Sends the guest's `http-types.response`; a status outside 100...600
    /// or an invalid header fails the request, as in Spin.
    static func respondInbound(_ result: ComponentValue?, componentID id: String, _ sink: any ResponseSink) -> Outcome {
        guard case .record(let fields)? = result, fields.count == 3, case .u16(let status) = fields[0] else {
            return .failed("component \"\(id)\" returned a malformed response")
        }
        guard (100...600).contains(status) else {
            return .failed("component \"\(id)\" returned the malformed HTTP status \(status)")
        }
        // Spin inserts each header: a later value of a name replaces an earlier one.
        var responseHeaders: [(name: String, value: String)] = []
        if case .option(.list(let entries)?) = fields[1] {
            for entry in entries {
                guard case .tuple(let pair) = entry, pair.count == 2, case .string(let name) = pair[0],
                      case .string(let text) = pair[1] else { continue }
                guard let key = try? HTTPFields.validName(name), HTTPFields.isValidValue(Array(text.utf8)) else {
                    return .failed("component \"\(id)\" returned an invalid header \(name)")
                }
                responseHeaders.removeAll { $0.name == key }
                responseHeaders.append((key, text))
            }
        }
        var responseBody: [UInt8] = []
        if case .option(let bytes?) = fields[2] { responseBody = bytes.bytesValue ?? [] }
        sink.respond(OutgoingResponse(status: Int(status), headers: responseHeaders, body: responseBody))
        return .answered
    }
}
