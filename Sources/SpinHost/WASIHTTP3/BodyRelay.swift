import ComponentModel
import WasmInterpreter

/// A client's request body sent straight on to a server, for a guest that
/// passes the request it handles to `send` (a proxy): no guest stream in
/// between, the server's pace holds the client back.
final class BodyRelay: HostPump {
    private let source: RequestBody
    private let sink: any ResponseSink
    /// Runs once the sink has the whole body; false when it failed first.
    private let onEnd: (Bool) -> Void
    private(set) var isDone = false

    init(source: RequestBody, sink: any ResponseSink, store: Store, onEnd: @escaping (Bool) -> Void) {
        self.source = source
        self.sink = sink
        self.onEnd = onEnd
        let wakeup = GuestWakeup.of(store)
        source.attach(wakeup)
        sink.onProgress { [wakeup] in wakeup.signal() }
    }

    /// Always waiting for the client's bytes or the server's room, until the body ended.
    var isWaiting: Bool { !isDone }

    func pump() throws(Trap) -> Bool {
        guard !isDone else { return false }
        guard !sink.isClosed else { return end(sent: false) }
        guard sink.unsentBytes < BodyFromGuest.unsentLimit else { return false }
        let result: RequestBody.ReadResult
        do throws(RequestBody.ReadFailure) {
            result = try source.read(upTo: BodyFromGuest.chunkSize, blocking: false)
        } catch {
            sink.abort()
            return end(sent: false)
        }
        switch result {
        case .end:
            sink.finish(trailers: source.trailers ?? [])
            return end(sent: true)
        case .bytes(let bytes) where bytes.isEmpty:
            return false
        case .bytes(let bytes):
            sink.sendBody(bytes)
            return true
        }
    }

    private func end(sent: Bool) -> Bool {
        isDone = true
        onEnd(sent)
        return true
    }
}
