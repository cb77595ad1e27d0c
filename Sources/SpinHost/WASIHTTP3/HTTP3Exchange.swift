import ComponentModel
import Foundation
import WasmInterpreter

/// One request served by a `wasi:http/handler@0.3` guest: the request body flowing from the client into the guest's
/// stream (`BodyIntoGuest`), and the guest's response flowing to the client
/// (`BodyFromGuest`). Both are pumps of the store's `HostPumps`, which the
/// event loop's idle handler runs.
final class HTTP3Exchange {
    let body: RequestBody
    let sink: any ResponseSink
    private unowned let store: Store
    private var requestBodyTaken = false
    private(set) var isFinished = false
    private(set) var failure: String?

    init(body: RequestBody, sink: any ResponseSink, store: Store) {
        self.body = body
        self.sink = sink
        self.store = store
    }

    /// `consume-body` of the incoming request: a stream the host fills from
    /// the client, and a trailers future written when the body ends.
    func startRequestBody(_ call: HostCall, _ types: WASIHTTP3Types) throws(Trap) -> ComponentValue {
        guard !requestBodyTaken else { throw Trap(.host("the request's body was consumed already")) }
        requestBodyTaken = true
        let (stream, streamValue) = HostStream.make(elementType: .u8, in: call.store)
        let (trailers, trailersValue) = HostFuture.make(elementType: types.trailersResult, in: call.store)
        HostPumps.of(store).add(BodyIntoGuest(source: body, stream: stream, trailers: trailers, store: store) { body in
            HTTPErrorCode.requestBodySize(body.receivedCount)
        })
        return .tuple([streamValue, trailersValue])
    }

    /// The client's body, for a guest that sends the request it got on
    /// (a proxy); nil when the guest took it already.
    func takeBodyForForwarding() -> RequestBody? {
        guard !requestBodyTaken else { return nil }
        requestBodyTaken = true
        return body
    }

    /// `handle` returned `ok(response)`: the head goes out now, the body as the guest writes it.
    func respond(with response: HTTP3Response) {
        let pairs = response.headers.pairs
        let length = pairs.first { $0.name == "content-length" }.flatMap { Int($0.value) }
        sink.sendHead(status: Int(response.status), headers: pairs, bodyLength: length)
        // Handles of our own: the host may be writing this body too (a response from `send` passed straight back).
        let (contents, trailers) = response.takeBody()
        let transmitted = response.transmitted
        HostPumps.of(store).add(BodyFromGuest(stream: contents?.anotherHandle(), trailers: trailers?.anotherHandle(), sink: sink, store: store) { [weak self] sent in
            try? transmitted?.write(sent ? .ok(nil) : .error(HTTPErrorCode.connectionTerminated))
            guard let self else { return }
            if !sent, failure == nil { failure = "the response body did not reach the client" }
            isFinished = true
        })
    }

    func fail(_ message: String) {
        failure = message
    }
}
