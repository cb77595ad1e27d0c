import ComponentModel
import WasmInterpreter

/// `wasi:http/handler@0.3.x#handle` (WASIp3): an async export. The store's
/// event loop runs the guest's task; its idle handler (`HostPumps`) moves
/// the request body in and the response body out (`HTTP3Exchange`), and
/// the bodies of the guest's own requests. The task may go on
/// after it returned the response (writing the body), so the loop runs
/// until the response is sent and the task has exited.
extension ComponentHTTPExecutor {
    static func handleP3(_ instance: ComponentInstance, export: String, _ component: SpinHTTPComponent,
                         _ request: IncomingRequest, _ headers: SpinRequestHeaders, _ sink: any ResponseSink) throws -> Outcome {
        guard let handle = instance.function(export, "handle") else {
            return .failed("component \"\(component.id)\" has no \(export)#handle")
        }
        let store = instance.store
        let exchange = HTTP3Exchange(body: request.body, sink: sink, store: store)
        store[HTTP3Exchange.key] = exchange
        let incoming = HTTP3Request(method: method(request.method), pathWithQuery: request.target,
                                    scheme: .variant(case: 0, payload: nil), authority: request.host,
                                    headers: HTTPFields(trusted: guestHeaders(request, headers), isImmutable: true),
                                    options: nil, body: .incoming(exchange))
        let resources = HostResources.of(store)
        let loop = ComponentEventLoop(store)
        let pumps = HostPumps.of(store)
        loop.setIdleHandler { () throws(Trap) -> Bool in try pumps.idle() }
        var resolved = false
        do {
            try handle.start([.own(resources.insert(incoming))]) { result in
                resolved = true
                switch result {
                case .ok(let response?)?:
                    guard let rep = response.handleValue, let made = resources.object(rep, as: HTTP3Response.self) else {
                        exchange.fail("component \"\(component.id)\" returned an unknown response handle")
                        return
                    }
                    resources.remove(rep)
                    exchange.respond(with: made)
                case .error(let code)?:
                    exchange.fail("component \"\(component.id)\" answered with an error code: \(code.map { "\($0)" } ?? "none")")
                default:
                    exchange.fail("component \"\(component.id)\" returned no response")
                }
            }
            try loop.run { resolved && (exchange.isFinished || exchange.failure != nil) }
            // The task may still be finishing (its trailers written, its EXIT to come).
            if exchange.failure == nil { try loop.run { !loop.hasParkedTasks } }
        } catch {
            if case .exit(0) = error.reason {} else {
                if exchange.isFinished { return .answered }
                return outcome(of: error, component)
            }
        }
        if let failure = exchange.failure { return .failed(failure) }
        return .answered
    }

    /// A method as `wasi:http` encodes it: a case of its own, or `other`.
    static func method(_ name: String) -> ComponentValue {
        if let index = WASIHTTPTypes.methodNames.firstIndex(of: name.uppercased()) {
            return .variant(case: UInt32(index), payload: nil)
        }
        return .variant(case: UInt32(WASIHTTPTypes.methodNames.count), payload: .string(name))
    }
}
