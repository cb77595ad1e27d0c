import ComponentModel
import Foundation
import WasmInterpreter

/// One request served by a `wasi:http/handler@0.3` guest, kept in the
/// store: the request body flowing from the client into the guest's
/// stream, and the guest's response flowing to the client. Stream
/// completions only note what happened; the event loop's idle handler
/// (`idle`) fires due timers (`HostTimers`), moves the next bytes, and
/// waits for the client or the next timer when nothing can move.
final class HTTP3Exchange {
    static let key = HostStateKey<HTTP3Exchange>()
    /// Bytes per copy, each way.
    static let chunkSize = 64 * 1024
    /// Body bytes waiting in the sink before the guest's writes are held back.
    static let unsentLimit = 256 * 1024

    let body: RequestBody
    let sink: any ResponseSink
    let interruption: Interruption
    let wakeup: GuestWakeup
    private unowned let store: Store

    // The request body, from `consume-body` on.
    private var requestStream: HostStream?
    private var requestTrailers: HostFuture?
    private var leftover: ArraySlice<UInt8> = []
    private var requestBodyDone = false

    // The response, once `handle` returned it.
    private var responseStream: HostStream?
    private var responseTrailers: HostFuture?
    private var received: [[UInt8]] = []
    private var responseBodyEnded = false
    private var trailersRequested = false
    private(set) var isFinished = false
    private(set) var failure: String?

    init(body: RequestBody, sink: any ResponseSink, interruption: Interruption, store: Store) {
        self.body = body
        self.sink = sink
        self.interruption = interruption
        self.store = store
        wakeup = GuestWakeup.of(store)
        body.attach(wakeup)
        sink.onProgress { [wakeup] in wakeup.signal() }
    }

    // MARK: Request body

    /// `consume-body` of the incoming request: a stream the host fills from
    /// the client, and a trailers future written when the body ends.
    func startRequestBody(_ call: HostCall, _ types: WASIHTTP3Types) -> ComponentValue {
        let (stream, streamValue) = HostStream.make(elementType: .u8, in: call.store)
        let (trailers, trailersValue) = HostFuture.make(elementType: .result(ok: .option(.own(types.fields)), error: WASIHTTP3Types.errorCode),
                                                        in: call.store)
        requestStream = stream
        requestTrailers = trailers
        return .tuple([streamValue, trailersValue])
    }

    /// Offers the guest the next bytes that came; true when something moved.
    private func pumpRequestBody() throws(Trap) -> Bool {
        guard let stream = requestStream, !requestBodyDone, !stream.isCopying else { return false }
        if leftover.isEmpty {
            let result: RequestBody.ReadResult
            do throws(RequestBody.ReadFailure) {
                result = try body.read(upTo: Self.chunkSize, blocking: false)
            } catch {
                endRequestBody(stream, trailers: .error(HTTPErrorCode.requestBodySize(body.receivedCount)))
                return true
            }
            switch result {
            case .end:
                let trailers = body.trailers.map { HTTPFields(trusted: $0, isImmutable: true) }
                endRequestBody(stream, trailers: .ok(.option(trailers.map { .own(HostResources.of(store).insert($0)) })))
                return true
            case .bytes(let bytes) where bytes.isEmpty:
                return false
            case .bytes(let bytes):
                leftover = bytes[...]
            }
        }
        let offered = Array(leftover)
        try stream.write(bytes: offered) { [weak self] written, outcome in
            guard let self else { return }
            if outcome == .dropped {
                requestBodyDone = true
                leftover = []
            } else {
                leftover = leftover.dropFirst(written)
            }
        }
        return true
    }

    private func endRequestBody(_ stream: HostStream, trailers: ComponentValue) {
        requestBodyDone = true
        stream.drop()
        try? requestTrailers?.write(trailers)
    }

    // MARK: Response

    /// `handle` returned `ok(response)`: the head goes out now, the body as the guest writes it.
    func respond(with response: HTTP3Response) {
        let pairs = response.headers.pairs
        let length = pairs.first { $0.name == "content-length" }.flatMap { Int($0.value) }
        sink.sendHead(status: Int(response.status), headers: pairs, bodyLength: length)
        responseStream = response.contents
        responseTrailers = response.trailers
        if response.contents == nil { responseBodyEnded = true }
    }

    func fail(_ message: String) {
        failure = message
    }

    /// Sends what the guest wrote and asks for more while the client keeps up.
    private func pumpResponse() throws(Trap) -> Bool {
        var moved = false
        for chunk in received where !chunk.isEmpty { sink.sendBody(chunk) }
        if !received.isEmpty { moved = true }
        received.removeAll()
        if let stream = responseStream, !responseBodyEnded, !stream.isCopying, sink.unsentBytes < Self.unsentLimit {
            try stream.read(upTo: Self.chunkSize) { [weak self] (bytes: [UInt8], outcome) in
                guard let self else { return }
                received.append(bytes)
                if outcome == .dropped { responseBodyEnded = true }
            }
            moved = true
        }
        if responseBodyEnded, !trailersRequested, responseStream != nil || responseTrailers != nil, received.isEmpty {
            trailersRequested = true
            if let trailers = responseTrailers {
                try trailers.read { [weak self] value, _ in self?.finish(trailers: value) }
            } else {
                finish(trailers: nil)
            }
            moved = true
        }
        return moved
    }

    /// The trailers future resolved (or there was none): the response ends.
    private func finish(trailers value: ComponentValue?) {
        var pairs: [(name: String, value: String)] = []
        if case .ok(.option(let handle?)?)? = value, let rep = handle.handleValue,
           let fields = HostResources.of(store).object(rep, as: HTTPFields.self) {
            pairs = fields.pairs
            HostResources.of(store).remove(rep)
        }
        sink.finish(trailers: pairs)
        isFinished = true
    }

    // MARK: The event loop's idle handler

    /// No task can go on: move bytes either way, or wait for the client
    /// (bytes arriving, room to send); false when nothing is pending from it.
    func idle() throws(Trap) -> Bool {
        if interruption.isSet { throw Trap(.interrupted) }
        let seen = wakeup.current
        let timers = HostTimers.of(store)
        if try timers.fireDue(now: HostClock.monotonicNow()) { return true }
        let movedRequest = try pumpRequestBody()
        let movedResponse = try pumpResponse()
        if movedRequest || movedResponse { return true }
        let awaitingClient = requestStream != nil && !requestBodyDone && !(requestStream?.isCopying ?? false)
        let awaitingRoom = responseStream != nil && !responseBodyEnded && sink.unsentBytes >= Self.unsentLimit && !sink.isClosed
        let nextTimer = timers.nextDeadline
        guard awaitingClient || awaitingRoom || nextTimer != nil else { return false }
        var wait: UInt64 = 50_000_000
        if let nextTimer { wait = min(wait, nextTimer &- min(nextTimer, HostClock.monotonicNow())) }
        wakeup.wait(after: seen, nanoseconds: wait)
        return true
    }
}
