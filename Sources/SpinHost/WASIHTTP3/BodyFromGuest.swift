import ComponentModel
import WasmInterpreter

/// A body a guest writes (its `stream<u8>`, then its trailers future) sent
/// on to a sink: the client of the request it answers, or the server of a
/// request it makes. The guest's writes are held back while the sink has
/// `unsentLimit` bytes it has not sent yet.
final class BodyFromGuest: HostPump {
    static let chunkSize = 64 * 1024
    /// Body bytes waiting in the sink before the guest's writes are held back.
    static let unsentLimit = 256 * 1024

    private let stream: HostStream?
    private let trailers: HostFuture?
    private let sink: any ResponseSink
    private unowned let store: Store
    /// Runs once the sink has the whole body; false when it failed first.
    private let onEnd: (Bool) -> Void
    private var received: [[UInt8]] = []
    private var bodyEnded: Bool
    private var trailersRequested = false
    private(set) var isDone = false

    init(stream: HostStream?, trailers: HostFuture?, sink: any ResponseSink, store: Store, onEnd: @escaping (Bool) -> Void) {
        self.stream = stream
        self.trailers = trailers
        self.sink = sink
        self.store = store
        self.onEnd = onEnd
        bodyEnded = stream == nil
        let wakeup = GuestWakeup.of(store)
        sink.onProgress { [wakeup] in wakeup.signal() }
    }

    /// Waiting for the sink to make room.
    var isWaiting: Bool { !isDone && !bodyEnded && sink.unsentBytes >= Self.unsentLimit && !sink.isClosed }

    func pump() throws(Trap) -> Bool {
        guard !isDone else { return false }
        if sink.isClosed {
            // Nobody takes the rest: the guest's next write sees its reader gone.
            stream?.drop()
            trailers?.drop()
            isDone = true
            onEnd(false)
            return true
        }
        var moved = false
        for chunk in received where !chunk.isEmpty { sink.sendBody(chunk) }
        if !received.isEmpty { moved = true }
        received.removeAll()
        if let stream, !bodyEnded, !stream.isCopying, sink.unsentBytes < Self.unsentLimit {
            try stream.read(upTo: Self.chunkSize) { [weak self] (bytes: [UInt8], outcome) in
                guard let self else { return }
                received.append(bytes)
                if outcome == .dropped { bodyEnded = true }
            }
            moved = true
        }
        if bodyEnded, !trailersRequested, received.isEmpty {
            trailersRequested = true
            if let trailers {
                try trailers.read { [weak self] value, _ in self?.finish(trailers: value) }
            } else {
                finish(trailers: nil)
            }
            moved = true
        }
        return moved
    }

    /// The trailers future resolved (or there was none): the body ends,
    /// cut short when the guest said it failed.
    private func finish(trailers value: ComponentValue?) {
        isDone = true
        if case .error? = value {
            sink.abort()
            onEnd(false)
            return
        }
        var pairs: [(name: String, value: String)] = []
        if case .ok(.option(let handle?)?)? = value, let rep = handle.handleValue,
           let fields = HostResources.of(store).object(rep, as: HTTPFields.self) {
            pairs = fields.pairs
            HostResources.of(store).remove(rep)
        }
        sink.finish(trailers: pairs)
        onEnd(true)
    }
}
