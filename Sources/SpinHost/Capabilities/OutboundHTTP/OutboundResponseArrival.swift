import ComponentModel
import WasmInterpreter

/// The response to a guest's `wasi:http@0.3` `send`: once its head came,
/// the guest's call returns it, with a body the host writes as it arrives.
final class OutboundResponseArrival: HostPump {
    private let future: OutboundResponseFuture
    private let done: HostReturn
    private let trailersResult: ComponentValueType
    private unowned let store: Store

    init(future: OutboundResponseFuture, done: HostReturn, trailersResult: ComponentValueType, store: Store) {
        self.future = future
        self.done = done
        self.trailersResult = trailersResult
        self.store = store
        // A guest that cancels its `send` gets no response: the request stops.
        done.whenCancelled { [unowned done] () throws(Trap) in
            future.stop?()
            try done.resolveCancelled()
        }
    }

    var isDone: Bool { done.isDone }
    var isWaiting: Bool { !done.isDone }

    func pump() throws(Trap) -> Bool {
        guard !done.isDone, let outcome = future.take() else { return false }
        switch outcome {
        case .response(let status, let headers, let body):
            let contents = HostStream(writing: .u8)
            let trailers = HostFuture(writing: trailersResult)
            let response = HTTP3Response(headers: HTTPFields(trusted: headers, isImmutable: true), contents: contents,
                                         trailers: trailers, transmitted: nil)
            response.status = status
            HostPumps.of(store).add(BodyIntoGuest(source: body, stream: contents, trailers: trailers, store: store) { body in
                if case .tooLarge(let limit)? = body.failureReason { return HTTPErrorCode.responseBodySize(limit) }
                return HTTPErrorCode.connectionTerminated
            })
            try done.resolve(.ok(.own(HostResources.of(store).insert(response))))
        case .failed(let code):
            try done.resolve(.error(code))
        case .alreadyTaken:
            return false
        }
        return true
    }
}
