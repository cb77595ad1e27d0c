import ComponentModel
import WasmInterpreter

/// One request served by a WASIp3 instance: an async call of the
/// component's `wasi:http/handler@0.3.x#handle`, settled once its response
/// is sent or it failed. Several calls may share an instance (Spin 4's
/// per-instance concurrency); the thread that drives the instance's event
/// loop starts them and settles them, each as soon as it is done.
final class HTTP3Call: @unchecked Sendable {
    // @unchecked: made on the thread that admits it, then touched only by
    // the thread driving its instance (handed over under the pool's lock).
    typealias Outcome = ComponentHTTPExecutor.Outcome

    let request: IncomingRequest
    let headers: SpinRequestHeaders
    let sink: any ResponseSink
    /// Runs once, with how the request ended.
    private let whenDone: @Sendable (Outcome) -> Void
    /// The request's deadline on the instance it runs in.
    var ticket: Int?
    private var exchange: HTTP3Exchange?
    private var resolved = false
    private(set) var outcome: Outcome?

    init(request: IncomingRequest, headers: SpinRequestHeaders, sink: any ResponseSink,
         whenDone: @escaping @Sendable (Outcome) -> Void) {
        self.request = request
        self.headers = headers
        self.sink = sink
        self.whenDone = whenDone
    }

    var isSettled: Bool { outcome != nil }

    /// Starts `handle(request)` in `instance`; its guest code runs as the
    /// store's event loop lets it.
    func start(in instance: ComponentInstance, export: String, _ component: SpinHTTPComponent) throws(Trap) {
        guard let handle = instance.function(export, "handle") else {
            return settle(.failed("component \"\(component.id)\" has no \(export)#handle"))
        }
        let store = instance.store
        let exchange = HTTP3Exchange(body: request.body, sink: sink, store: store)
        self.exchange = exchange
        let incoming = HTTP3Request(method: ComponentHTTPExecutor.method(request.method), pathWithQuery: request.target,
                                    scheme: .variant(case: 0, payload: nil), authority: request.host,
                                    headers: HTTPFields(trusted: ComponentHTTPExecutor.guestHeaders(request, headers),
                                                        isImmutable: true),
                                    options: nil, body: .incoming(exchange))
        let resources = HostResources.of(store)
        try handle.start([.own(resources.insert(incoming))]) { [self] result in
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
    }

    /// Settles the call if its response is done (sent whole, or failed).
    func settleIfDone() {
        guard !isSettled, resolved, let exchange else { return }
        if let failure = exchange.failure {
            settle(.failed(failure))
        } else if exchange.isFinished {
            settle(.answered)
        }
    }

    /// The instance's event loop ended with `trap` while this call was not
    /// done: a response already sent whole stays answered.
    func settle(after trap: Trap, _ component: SpinHTTPComponent) {
        if exchange?.isFinished == true, exchange?.failure == nil { return settle(.answered) }
        if case .exit(0) = trap.reason, exchange?.failure == nil {
            return settle(.failed("component \"\(component.id)\" exited before its response was sent"))
        }
        settle(ComponentHTTPExecutor.outcome(of: trap, component))
    }

    func settle(_ outcome: Outcome) {
        guard !isSettled else { return }
        self.outcome = outcome
        whenDone(outcome)
    }
}
