import ComponentModel
import Foundation
import WasmInterpreter

/// One request served by a `wasi:http/incoming-handler` guest: what the
/// guest is given and where its response goes. Kept in the store
/// (`store[HTTPExchange.key]`); the resources of `wasi:http/types` that
/// belong to this request point at it.
final class HTTPExchange {
    static let key = HostStateKey<HTTPExchange>()

    /// The request as the guest sees it.
    struct Request {
        var method: String
        var pathWithQuery: String
        var scheme: String
        var authority: String
        var headers: [(name: String, value: String)]
    }

    let request: Request
    let body: RequestBody
    let sink: any ResponseSink
    let interruption: Interruption
    /// Set by `response-outparam.set`.
    private(set) var response: OutgoingBodyState?
    /// `response-outparam.set` with an error code instead of a response.
    private(set) var errorResponse: ComponentValue?
    var outparamWasSet: Bool { response != nil || errorResponse != nil }

    init(request: Request, body: RequestBody, sink: any ResponseSink, interruption: Interruption) {
        self.request = request
        self.body = body
        self.sink = sink
        self.interruption = interruption
    }

    /// `response-outparam.set(ok(response))`: the response goes to the
    /// client as soon as there is something to send.
    func respond(with state: OutgoingBodyState) {
        response = state
        state.attach(sink)
    }

    /// `response-outparam.set(error(code))`: answered 500, as Spin does.
    func fail(with code: ComponentValue) {
        errorResponse = code
    }

    /// The guest is about to wait: send what it wrote.
    func release() {
        response?.release()
    }
}

/// What a guest's `handle` left behind, for the executor to act on.
enum ExchangeOutcome: Equatable {
    /// The response was sent whole.
    case complete
    /// The guest never set the response outparam.
    case noResponse
    /// The guest set the outparam to an error code.
    case errorCode(String)
    /// The body was not finished (dropped, or the guest returned first).
    case incompleteBody
}

extension HTTPExchange {
    /// Once `handle` has returned: sends what is still held and says how
    /// the exchange ended.
    func settle() -> ExchangeOutcome {
        if let errorResponse { return .errorCode("\(errorResponse)") }
        guard let response else { return .noResponse }
        return response.isFinished ? .complete : .incompleteBody
    }
}
