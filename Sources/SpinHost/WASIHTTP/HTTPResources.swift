import ComponentModel
/// The Swift objects behind the resources of `wasi:http/types` (each in
/// the store's `HostResources`, keyed by the handle's `rep`).

/// `incoming-request`: the request a guest's `handle` is given.
final class IncomingRequestResource {
    let exchange: HTTPExchange
    let headers: HTTPFields
    private(set) var consumed = false

    init(exchange: HTTPExchange) {
        self.exchange = exchange
        headers = HTTPFields(trusted: exchange.request.headers, isImmutable: true)
    }

    /// `consume`: the body, once.
    func consume() -> IncomingBodyResource? {
        guard !consumed else { return nil }
        consumed = true
        return IncomingBodyResource(body: exchange.body)
    }
}

/// What a body resource hands out once: its stream (a second `stream` or
/// `write` is an error, as in wasmtime).
struct OnceOnly {
    private var taken = false

    /// True the first time only.
    mutating func take() -> Bool {
        defer { taken = true }
        return !taken
    }
}

/// `incoming-body`: hands out its stream once, and its trailers when finished.
final class IncomingBodyResource {
    let body: RequestBody
    var stream = OnceOnly()

    init(body: RequestBody) {
        self.body = body
    }
}

/// `future-trailers`: the request's trailers once its body has ended.
final class FutureTrailersResource {
    let body: RequestBody
    private(set) var taken = false

    init(body: RequestBody) {
        self.body = body
    }

    /// `get`: nil while the body is still arriving; then the outcome, once.
    enum Outcome {
        case trailers(HTTPFields?)
        case failed(ComponentValue)
        case alreadyTaken
    }

    func get() -> Outcome? {
        guard body.isComplete else { return nil }
        guard !taken else { return .alreadyTaken }
        taken = true
        if let failure = body.failureReason {
            switch failure {
            case .tooLarge(let limit): return .failed(HTTPErrorCode.requestBodySize(limit))
            case .connectionClosed: return .failed(HTTPErrorCode.connectionTerminated)
            }
        }
        return .trailers(body.trailers.map { HTTPFields(trusted: $0, isImmutable: true) })
    }
}

/// A `ReadinessSource` over a request body: ready when a read would not
/// wait (an input stream), or once the body has ended (its trailers).
final class RequestBodyReadiness: ReadinessSource {
    enum Event { case readable, complete }

    let body: RequestBody
    let wakeup: GuestWakeup
    let event: Event

    init(body: RequestBody, wakeup: GuestWakeup, event: Event = .readable) {
        self.body = body
        self.wakeup = wakeup
        self.event = event
        body.attach(wakeup)
    }

    var isReady: Bool { event == .readable ? body.isReadable : body.isComplete }
}

/// `outgoing-response`: status and headers until the guest hands it to
/// `response-outparam.set`; its body state lives on in `outgoing-body`.
final class OutgoingResponseResource {
    let state: OutgoingBodyState

    init(state: OutgoingBodyState) {
        self.state = state
    }
}

/// `outgoing-body`: the body of an outgoing response (or request).
final class OutgoingBodyResource {
    let state: OutgoingBodyState
    var stream = OnceOnly()

    init(state: OutgoingBodyState) {
        self.state = state
    }
}

/// `response-outparam`: where the response goes; usable once.
final class ResponseOutparamResource {
    let exchange: HTTPExchange

    init(exchange: HTTPExchange) {
        self.exchange = exchange
    }
}

/// `outgoing-request`: a request a guest builds for `outgoing-handler`.
final class OutgoingRequestResource {
    var method: ComponentValue = .variant(case: 0, payload: nil)
    var pathWithQuery: String?
    var scheme: ComponentValue?
    var authority: String?
    let headers: HTTPFields
    let body: OutgoingBodyState
    var bodyTaken = false

    init(headers: HTTPFields, wakeup: GuestWakeup) {
        self.headers = headers
        body = OutgoingBodyState(headers: headers, wakeup: wakeup)
    }
}

/// `request-options`: the three timeouts (nanoseconds), kept and read back.
final class RequestOptionsResource {
    var connectTimeout: UInt64?
    var firstByteTimeout: UInt64?
    var betweenBytesTimeout: UInt64?
}

/// `future-incoming-response`: the answer to an outbound request.
final class FutureIncomingResponseResource {
    let future: OutboundResponseFuture

    init(future: OutboundResponseFuture) {
        self.future = future
    }
}

/// `incoming-response`: the head of an outbound request's response; its
/// body streams in as the server sends it.
final class IncomingResponseResource {
    let status: UInt16
    let headers: HTTPFields
    let body: RequestBody
    private(set) var consumed = false

    init(status: UInt16, headers: HTTPFields, body: RequestBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `consume`: the body, once.
    func consume() -> IncomingBodyResource? {
        guard !consumed else { return nil }
        consumed = true
        return IncomingBodyResource(body: body)
    }
}
