import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ComponentModel

/// Receives an outbound request's response on the client's event loop:
/// the head resolves the guest's future, the body streams into a
/// `RequestBody` the guest reads (the socket is read no faster than the
/// guest drains it), and the timeouts of the guest's `request-options`
/// cancel a request whose server is too slow.
final class OutboundResponseDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    // @unchecked: the mutable state is touched only on the request's event loop.
    typealias Response = Void

    let future: OutboundResponseFuture
    let requestBody: OutboundRequestBody?
    /// Nanoseconds.
    let firstByteTimeout: UInt64
    let betweenBytesTimeout: UInt64
    private var body: RequestBody?
    private var lastProgress = NIODeadline.now()
    private var timedOut = false

    init(future: OutboundResponseFuture, requestBody: OutboundRequestBody?, firstByteTimeout: UInt64, betweenBytesTimeout: UInt64) {
        self.future = future
        self.requestBody = requestBody
        self.firstByteTimeout = firstByteTimeout
        self.betweenBytesTimeout = betweenBytesTimeout
    }

    /// Starts the timers once the request is under way.
    func watch(_ task: HTTPClient.Task<Void>) {
        let eventLoop = task.eventLoop
        eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: firstByteTimeout))) { [self] in
            guard body == nil, !timedOut else { return }
            timedOut = true
            future.resolve(.failed(HTTPErrorCode.connectionReadTimeout))
            task.cancel()
        }
    }

    private func watchBetweenBytes(_ task: HTTPClient.Task<Void>) {
        let interval = TimeAmount.nanoseconds(Int64(clamping: betweenBytesTimeout))
        task.eventLoop.scheduleTask(in: interval) { [self] in
            guard let body, !body.isComplete, !timedOut else { return }
            if NIODeadline.now() - lastProgress >= interval {
                timedOut = true
                body.fail(.connectionClosed)
                task.cancel()
            } else {
                watchBetweenBytes(task)
            }
        }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let body = RequestBody()
        self.body = body
        lastProgress = .now()
        let headers = head.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            .filter { HTTPFields.isValidValue(Array($0.value.utf8)) }
        future.resolve(.response(status: UInt16(clamping: head.status.code), headers: headers, body: body))
        watchBetweenBytes(task)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        lastProgress = .now()
        guard let body, body.append(Array(buffer.readableBytesView)) else { return task.eventLoop.makeSucceededVoidFuture() }
        // The guest is far behind: read the socket again once it has caught up.
        let resume = task.eventLoop.makePromise(of: Void.self)
        body.onDrained = { resume.succeed(()) }
        return resume.futureResult
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        requestBody?.fail()
        if let body {
            body.fail(.connectionClosed)
        } else if !timedOut {
            future.resolve(.failed(Self.errorCode(error)))
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        body?.finish(trailers: nil)
    }

    /// The `error-code` for a failure before the response head.
    static func errorCode(_ error: any Error) -> ComponentValue {
        let text = String(describing: error)
        let type = String(reflecting: Swift.type(of: error))
        if let client = error as? HTTPClientError {
            if client == .connectTimeout { return HTTPErrorCode.connectionTimeout }
            if client == .readTimeout { return HTTPErrorCode.connectionReadTimeout }
            if client == .remoteConnectionClosed { return HTTPErrorCode.connectionTerminated }
            if client == .invalidURL || client == .emptyHost || client == .emptyScheme { return HTTPErrorCode.uriInvalid }
        }
        if text.contains("refused") || text.contains("ECONNREFUSED") { return HTTPErrorCode.connectionRefused }
        if type.contains("NIOSSL") || type.contains("BoringSSL") {
            return text.lowercased().contains("certificate") ? HTTPErrorCode.tlsCertificateError : HTTPErrorCode.tlsProtocolError
        }
        if type.contains("NIOConnectionError") || type.contains("SocketAddressError") || text.contains("dnsA") {
            return HTTPErrorCode.dnsError(text)
        }
        return HTTPErrorCode.internalError(text)
    }
}
