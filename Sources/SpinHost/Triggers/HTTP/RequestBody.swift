import Foundation
import WasmInterpreter

/// A request body as it arrives: the server's event loop appends what the
/// connection delivers while a guest's thread reads it, so a guest sees the
/// first bytes of a large upload before the last ones are sent. The server
/// stops reading the socket while `highWater` bytes wait unread and starts
/// again once the reader has taken them (`onDrained`): a slow guest slows
/// its client instead of filling our memory.
public final class RequestBody: @unchecked Sendable {
    // @unchecked: every mutable property is guarded by `condition`.

    /// Why the body cannot be read to its end.
    public enum Failure: Error, Sendable, Equatable {
        /// More than the server's limit arrived (answered 413).
        case tooLarge(limit: Int)
        /// The client went away before the end.
        case connectionClosed
    }

    /// Unread bytes above which the server stops reading the socket.
    static let highWater = 1 << 20
    /// ... and below which it starts again.
    static let lowWater = 256 << 10

    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var firstChunk = 0
    /// Offset into `chunks[firstChunk]` already read.
    private var chunkOffset = 0
    private var unread = 0
    private var ended = false
    private var failure: Failure?
    private var endTrailers: [(name: String, value: String)]?
    private var throttled = false
    private var readerWakeup: GuestWakeup?
    /// Bytes received so far.
    public private(set) var receivedCount = 0
    /// Called (on the reader's thread) when a throttled body has been read
    /// down to `lowWater`: the server reads the socket again.
    var onDrained: (@Sendable () -> Void)?

    /// A body still arriving; the server feeds it.
    init() {}

    /// A body that is already whole.
    public init(_ bytes: [UInt8], trailers: [(name: String, value: String)]? = nil) {
        if !bytes.isEmpty { chunks = [bytes] }
        unread = bytes.count
        receivedCount = bytes.count
        ended = true
        endTrailers = trailers
    }

    // MARK: the server's side

    /// Adds bytes from the connection; true when the reader is far enough
    /// behind that the server should stop reading the socket.
    func append(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !ended, failure == nil else { return false }
        chunks.append(bytes)
        unread += bytes.count
        receivedCount += bytes.count
        if unread >= Self.highWater { throttled = true }
        notify()
        return throttled
    }

    /// The body is complete, with the request's trailers if it had any.
    func finish(trailers: [(name: String, value: String)]?) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended, failure == nil else { return }
        ended = true
        endTrailers = trailers
        notify()
    }

    /// The body will never be complete.
    func fail(_ reason: Failure) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended, failure == nil else { return }
        failure = reason
        notify()
    }

    private func notify() {
        condition.broadcast()
        readerWakeup?.signal()
    }

    // MARK: the reader's side

    /// What a read returned: bytes (maybe none, for a read that may not
    /// wait), or the end.
    enum ReadResult: Equatable {
        case bytes([UInt8])
        case end
    }

    /// Wakes `wakeup` whenever bytes arrive or the body ends, for a guest
    /// waiting on a pollable.
    func attach(_ wakeup: GuestWakeup) {
        condition.lock()
        readerWakeup = wakeup
        condition.unlock()
    }

    /// Whether a read would return without waiting.
    var isReadable: Bool {
        condition.lock()
        defer { condition.unlock() }
        return unread > 0 || ended || failure != nil
    }

    /// Up to `count` bytes. A blocking read waits for at least one byte or
    /// the end; it gives up with the `interrupted` trap when `interruption`
    /// is set (the request's deadline passed).
    func read(upTo count: Int, blocking: Bool, interruption: Interruption? = nil) throws(ReadFailure) -> ReadResult {
        condition.lock()
        var drained: (@Sendable () -> Void)?
        defer {
            condition.unlock()
            drained?()
        }
        while unread == 0 {
            if let failure { throw .body(failure) }
            if ended { return .end }
            if !blocking || count == 0 { return .bytes([]) }
            if interruption?.isSet == true { throw .interrupted }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
        }
        var result: [UInt8] = []
        result.reserveCapacity(min(count, unread))
        while result.count < count, firstChunk < chunks.count {
            let chunk = chunks[firstChunk]
            let take = min(count - result.count, chunk.count - chunkOffset)
            result.append(contentsOf: chunk[chunkOffset..<(chunkOffset + take)])
            chunkOffset += take
            if chunkOffset == chunk.count {
                chunks[firstChunk] = []
                firstChunk += 1
                chunkOffset = 0
            }
        }
        if firstChunk > 64 && firstChunk * 2 > chunks.count {
            chunks.removeFirst(firstChunk)
            firstChunk = 0
        }
        unread -= result.count
        if throttled && unread <= Self.lowWater {
            throttled = false
            drained = onDrained
        }
        return .bytes(result)
    }

    enum ReadFailure: Error {
        case body(Failure)
        case interrupted
    }

    /// The whole body (the WAGI executor puts it on stdin), waiting for it.
    func readAll(interruption: Interruption? = nil) throws(ReadFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        while case .bytes(let chunk) = try read(upTo: 1 << 20, blocking: true, interruption: interruption) {
            bytes += chunk
        }
        return bytes
    }

    /// The trailers, once the body has ended (nil before, or if it had none).
    var trailers: [(name: String, value: String)]? {
        condition.lock()
        defer { condition.unlock() }
        return endTrailers
    }

    /// Whether the body ended or failed (trailers are known).
    var isComplete: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended || failure != nil
    }

    var failureReason: Failure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }
}
