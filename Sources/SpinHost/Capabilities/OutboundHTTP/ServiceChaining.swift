import ComponentModel
import Foundation
import Synchronization

/// Service chaining: a request to `http://<component-id>.spin.internal/...`
/// runs in this process, by that component (private endpoints included),
/// without a socket. The callee runs on a thread of its own while the
/// caller polls its future; its response streams back through a
/// `RequestBody`, its request body from the caller's `outgoing-body`.
///
/// See <https://spinframework.dev/v3/http-outbound#local-service-chaining>.
public final class ServiceChaining: @unchecked Sendable {
    // @unchecked: `trigger` is set once, under `lock`, before serving.
    private let lock = NSLock()
    private var trigger: HTTPTriggerRuntime?
    private let inFlight = Atomic(0)

    /// Chained requests running at once; more are answered `connection-limit-reached`.
    static let limit = 64
    static let hostSuffix = ".spin.internal"

    /// The application's HTTP trigger, once built.
    public func set(_ trigger: HTTPTriggerRuntime) {
        lock.withLock { self.trigger = trigger }
    }

    /// The component id a host names, if it is a chaining host.
    static func component(of host: CanonicalHost) -> String? {
        guard case .name(let name) = host, name.hasSuffix(hostSuffix) else { return nil }
        let id = String(name.dropLast(hostSuffix.count))
        return id.isEmpty || id.contains(".") ? nil : id
    }

    /// Starts `request` on component `id`; its answer arrives in `future`.
    /// Nil when it started, else the error code to return at once.
    func send(_ request: IncomingRequest, to id: String, future: OutboundResponseFuture) -> ComponentValue? {
        guard let trigger = lock.withLock({ trigger }), trigger.chained[id] != nil else {
            return .variant(case: 2, payload: nil)  // destination-not-found
        }
        guard inFlight.add(1, ordering: .relaxed).newValue <= Self.limit else {
            inFlight.subtract(1, ordering: .relaxed)
            return .variant(case: 11, payload: nil)  // connection-limit-reached
        }
        let sink = ChainedResponseSink(future: future)
        let thread = Thread { [self] in
            _ = trigger.handleChained(component: id, request: request, sink: sink)
            inFlight.subtract(1, ordering: .relaxed)
        }
        thread.name = "spin-chained"
        thread.stackSize = 1 << 20
        thread.start()
        return nil
    }
}

/// Where the callee's response goes: its head resolves the caller's
/// future, its body is appended to the `RequestBody` the caller reads.
final class ChainedResponseSink: ResponseSink, @unchecked Sendable {
    // @unchecked: `body` is written once by the callee's thread before it is shared.
    let future: OutboundResponseFuture
    private let lock = NSLock()
    private var body: RequestBody?

    init(future: OutboundResponseFuture) {
        self.future = future
    }

    func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?) {
        let body = RequestBody()
        lock.withLock { self.body = body }
        let fields = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        future.resolve(.response(status: UInt16(clamping: status), headers: fields, body: body))
    }

    func sendBody(_ bytes: [UInt8]) -> Bool {
        _ = lock.withLock { body }?.append(bytes)
        return true
    }

    func finish(trailers: [(name: String, value: String)]) {
        lock.withLock { body }?.finish(trailers: trailers.isEmpty ? nil : trailers)
    }

    func abort() {
        if let body = lock.withLock({ body }) {
            body.fail(.connectionClosed)
        } else {
            future.resolve(.failed(HTTPErrorCode.internalError("the chained component failed")))
        }
    }

    var headSent: Bool { lock.withLock { body != nil } }
    var unsentBytes: Int { 0 }
    var isClosed: Bool { false }
    func waitForRoom(below limit: Int, seconds: Double) {}
    func onProgress(_ signal: @escaping @Sendable () -> Void) {}
}

/// The caller's request body, fed to the callee as it is written.
final class ChainedRequestBody: ResponseSink, @unchecked Sendable {
    let body: RequestBody

    init(body: RequestBody) {
        self.body = body
    }

    func sendHead(status: Int, headers: [(name: String, value: String)], bodyLength: Int?) {}
    func sendBody(_ bytes: [UInt8]) -> Bool {
        _ = body.append(bytes)
        return true
    }
    func finish(trailers: [(name: String, value: String)]) { body.finish(trailers: trailers.isEmpty ? nil : trailers) }
    func abort() { body.fail(.connectionClosed) }
    var headSent: Bool { true }
    var unsentBytes: Int { 0 }
    var isClosed: Bool { false }
    func waitForRoom(below limit: Int, seconds: Double) {}
    func onProgress(_ signal: @escaping @Sendable () -> Void) {}
}
