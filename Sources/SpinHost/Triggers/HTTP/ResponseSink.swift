import Foundation

/// Where a response goes as a guest produces it: the head first, then the
/// body in pieces, then the end. The HTTP server's sink writes each piece to
/// the connection as it comes; `CollectedResponse` keeps it all (tests,
/// and callers that want the whole response).
///
/// Called from the guest's thread. `sendBody` never blocks: a writer that
/// must not run ahead of the client waits with `waitForRoom`.
public protocol ResponseSink: AnyObject, Sendable {
    /// Sends the status and headers. `bodyLength` is the body's size when it
    /// is known (`content-length`); nil sends it chunked (HTTP/1.1) or
    /// until the connection closes (HTTP/1.0).
    func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?)
    /// Queues part of the body; false when the client is gone.
    @discardableResult
    func sendBody(_ bytes: [UInt8]) -> Bool
    /// Ends the response, with trailers when the body is chunked.
    func finish(trailers: [(name: String, value: String)])
    /// Gives up on a response whose head was sent (the guest failed
    /// midway): the connection closes without a proper end, so the client
    /// knows the body is incomplete.
    func abort()
    /// Whether the head was sent.
    var headSent: Bool { get }
    /// Body bytes queued but not yet taken by the connection.
    var unsentBytes: Int { get }
    /// Whether the client is gone.
    var isClosed: Bool { get }
    /// Waits until fewer than `limit` bytes are unsent (or the client is
    /// gone), at most `seconds`.
    func waitForRoom(below limit: Int, seconds: Double)
    /// Calls `signal` whenever queued bytes leave (a guest polling for room
    /// to write wakes up).
    func onProgress(_ signal: @escaping @Sendable () -> Void)
}

extension ResponseSink {
    /// Sends a whole response with its length.
    public func respond(_ response: OutgoingResponse) {
        sendHead(status: response.status, headers: response.headers, bodyLength: response.body.count)
        if !response.body.isEmpty { sendBody(response.body) }
        finish(trailers: [])
    }
}

/// A sink that keeps the response: for tests and for callers that want it
/// whole (`HTTPTriggerRuntime.handle(_:)`).
public final class CollectedResponse: ResponseSink, @unchecked Sendable {
    // @unchecked: every property is guarded by `lock`.
    private let lock = NSLock()
    private var head: (status: Int, headers: [(name: String, value: String)], bodyLength: Int?)?
    private var body: [UInt8] = []
    private var trailers: [(name: String, value: String)] = []
    private var finished = false
    private var aborted = false

    public init() {}

    public func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?) {
        lock.withLock { head = (status, headers, bodyLength) }
    }

    public func sendBody(_ bytes: [UInt8]) -> Bool {
        lock.withLock { body += bytes }
        return true
    }

    public func finish(trailers: [(name: String, value: String)]) {
        lock.withLock {
            self.trailers = trailers
            finished = true
        }
    }

    public func abort() { lock.withLock { aborted = true } }
    public var headSent: Bool { lock.withLock { head != nil } }
    public var unsentBytes: Int { 0 }
    public var isClosed: Bool { false }
    public func waitForRoom(below limit: Int, seconds: Double) {}
    public func onProgress(_ signal: @escaping @Sendable () -> Void) {}

    /// The response as sent; an aborted or unfinished one has status 0.
    public var response: OutgoingResponse {
        lock.withLock {
            guard let head, finished, !aborted else { return OutgoingResponse(status: 0, body: body) }
            return OutgoingResponse(status: head.status, headers: head.headers, body: body)
        }
    }

    /// The `content-length` the sender announced (nil: chunked).
    public var announcedLength: Int? { lock.withLock { head?.bodyLength } }
    public var sentTrailers: [(name: String, value: String)] { lock.withLock { trailers } }
    public var wasAborted: Bool { lock.withLock { aborted } }
}
