import ComponentModel
import Foundation
import WasmInterpreter

/// An outgoing response and its body as the guest writes it: the status
/// and headers, the bytes written, and once `response-outparam.set` has
/// been called, the sink they go to.
///
/// The head and the first bytes are held back while the guest keeps
/// computing, so that a small response goes out whole, with a
/// `content-length`, in one write. They go out as soon as the body is
/// finished, `holdLimit` bytes are waiting, the guest waits for something
/// (`release`, from `GuestWakeup.beforeWaiting`) or `holdTime` has passed
/// since the first held byte. After that every write goes straight to the
/// sink, and a guest that writes faster than the client reads is held up
/// by `check-write` permits and blocking writes (`roomLimit` unsent bytes).
final class OutgoingBodyState {
    static let holdLimit = 64 << 10
    static let holdTime: Duration = .milliseconds(10)
    /// Unsent bytes a writer may run ahead of the client.
    static let roomLimit = 256 << 10

    var status: UInt16 = 200
    var headers: HTTPFields
    /// Whether `outgoing-response.body` was called (the body may be written).
    var bodyTaken = false
    private(set) var isFinished = false
    /// The `content-length` the guest gave, which the body must match.
    let declaredLength: Int?
    private(set) var written = 0
    private var held: [UInt8] = []
    private var heldSince: ContinuousClock.Instant?
    private var sink: (any ResponseSink)?
    private var headSent = false
    private(set) var interruption: Interruption?
    let wakeup: GuestWakeup

    init(headers: HTTPFields, wakeup: GuestWakeup) {
        self.headers = headers
        self.wakeup = wakeup
        declaredLength = headers.get("content-length").first
            .flatMap { Int(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces)) }
    }

    /// The response was handed to `response-outparam.set`.
    func attach(_ sink: any ResponseSink) {
        self.sink = sink
        if !bodyTaken { isFinished = true }  // no body can be written any more: an empty one
        if isFinished || held.count >= Self.holdLimit { startSending() }
    }

    func use(_ interruption: Interruption) { self.interruption = interruption }

    enum WriteFailure: Error {
        /// More bytes than the `content-length` the guest gave.
        case overLength
        /// The client is gone.
        case closed
    }

    /// Body bytes from the guest.
    func write(_ bytes: [UInt8]) throws(WriteFailure) {
        if let declaredLength, written + bytes.count > declaredLength { throw .overLength }
        written += bytes.count
        if headSent, let sink {
            guard sink.sendBody(bytes) else { throw .closed }
            return
        }
        held += bytes
        if heldSince == nil { heldSince = .now }
        if sink != nil, held.count >= Self.holdLimit || ContinuousClock.now - heldSince! >= Self.holdTime {
            startSending()
        }
        if sink?.isClosed == true { throw .closed }
    }

    /// `outgoing-body.finish`: nil when the body is complete, else the
    /// error code to return (a `content-length` that was not met).
    func finish(trailers: HTTPFields?) -> ComponentValue? {
        if let declaredLength, declaredLength != written {
            // Left unfinished: the executor answers 500, or cuts the connection if the head went out.
            return HTTPErrorCode.responseBodySize(written)
        }
        isFinished = true
        finishTrailers = trailers?.pairs ?? []
        if sink != nil { startSending() }
        return nil
    }

    private var finishTrailers: [(name: String, value: String)] = []

    /// Sends the head and everything held; ends the response if finished.
    private func startSending() {
        guard let sink else { return }
        if !headSent {
            headSent = true
            // A finished body without trailers goes with its length; otherwise chunked.
            let length = declaredLength ?? (isFinished && finishTrailers.isEmpty ? held.count : nil)
            sink.sendHead(status: Int(status), headers: headers.pairs, bodyLength: length)
        }
        if !held.isEmpty {
            sink.sendBody(held)
            held = []
            heldSince = nil
        }
        if isFinished { sink.finish(trailers: finishTrailers) }
    }

    /// The guest waits for something: what it wrote goes out now.
    func release() {
        if sink != nil, !headSent || !held.isEmpty { startSending() }
    }

    // MARK: room to write

    /// How many bytes `write` may take now (`check-write`).
    var permit: Int {
        guard headSent, let sink else { return Self.holdLimit }
        return max(0, Self.roomLimit - sink.unsentBytes)
    }

    var isClosed: Bool { sink?.isClosed ?? false }

    /// Waits until there is room to write again (blocking writes and
    /// flushes), or the store's deadline passes.
    func waitForRoom() throws(Trap) {
        guard headSent, let sink else { return }
        while sink.unsentBytes >= Self.roomLimit && !sink.isClosed {
            if interruption?.isSet == true { throw Trap(.interrupted) }
            sink.waitForRoom(below: Self.roomLimit, seconds: 0.1)
        }
    }
}

extension OutgoingBodyState: ReadinessSource {
    var isReady: Bool { permit > 0 || isClosed }
}
