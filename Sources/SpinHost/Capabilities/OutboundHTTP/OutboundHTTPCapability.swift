import AsyncHTTPClient
import Foundation
public import ComponentModel
import NIOCore
import NIOHTTP1
import WasmInterpreter

/// Outbound HTTP: `wasi:http/outgoing-handler@0.2.0` (bodies streamed both
/// ways, the timeouts of `request-options`) and Spin's older
/// `fermyon:spin/http` `send-request` (whole bodies), to destinations the
/// component's `allowed_outbound_hosts` allow. The check happens before any
/// connection, on the host as it will be dialled (`OutboundHostPolicy`);
/// a request without an authority (or to `self`) goes to the
/// application's own server.
///
/// See <https://spinframework.dev/v3/http-outbound>.
public struct OutboundHTTPCapability: Capability {
    static let outgoingHandler = "wasi:http/outgoing-handler@0.2.0"
    let variables: ApplicationVariables
    /// Set by `AppRuntime.start` once the server listens.
    public let selfOrigin = SelfOriginBox()
    /// Set by `AppRuntime` once the HTTP trigger is built.
    public let chaining = ServiceChaining()

    public init(app: CapabilityContext) throws(SpinError) {
        variables = app.variables
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        let access = OutboundHTTPAccess(policy: try OutboundHostPolicy.of(component, variables), selfOrigin: selfOrigin.origin,
                                        chaining: chaining)
        return InstanceSetup { store in store[OutboundHTTPAccess.key] = access }
    }

    public static func define(in linker: inout ComponentLinker) {
        let types = WASIHTTPInterface.types
        guard let request = linker.resource(types, "outgoing-request"), let options = linker.resource(types, "request-options"),
              let future = linker.resource(types, "future-incoming-response") else { return }
        linker.define(outgoingHandler, "handle", WASIComponentTypes.function(
            [("request", .own(request)), ("options", .option(.own(options)))],
            .result(ok: .own(future), error: WASIHTTPTypes.errorCode))) { call, arguments throws(Trap) in
            guard let access = call.store[OutboundHTTPAccess.key] else { throw Trap(.host("outbound HTTP is not set up for this instance")) }
            let outgoing: OutgoingRequestResource = try WASIHTTP.take(call, arguments, 0, "outgoing-request")
            var timeouts = OutboundTimeouts()
            if case .option(let handle?) = try arguments.value(1), let rep = handle.handleValue {
                let given: RequestOptionsResource = try HostArguments.object(call, rep, "request-options", arguments.function)
                call.resources.remove(rep)
                timeouts = OutboundTimeouts(connect: given.connectTimeout, firstByte: given.firstByteTimeout,
                                            betweenBytes: given.betweenBytesTimeout)
            }
            switch send(message(of: outgoing, store: call.store), timeouts: timeouts, access: access, store: call.store) {
            case .success(let response): return .ok(call.own(FutureIncomingResponseResource(future: response)))
            case .failure(let code): return .error(code.value)
            }
        }
        defineSpinHTTP(in: &linker)
        defineWASIHTTP3Client(in: &linker)
    }

    /// Wraps an error-code value so it can travel in a `Result`.
    struct ErrorCode: Error {
        let value: ComponentValue
    }

    /// A `wasi:http@0.2` outgoing request as the client sends it: its body,
    /// when the guest took it, is written by the guest's output stream.
    static func message(of outgoing: OutgoingRequestResource, store: Store) -> OutboundMessage {
        var attachBody: ((any ResponseSink) -> Void)?
        if outgoing.bodyTaken {
            attachBody = { sink in
                outgoing.body.use(store.interruptHandle)
                outgoing.body.attach(sink)
                let wakeup = GuestWakeup.of(store)
                sink.onProgress { wakeup.signal() }
            }
        }
        return OutboundMessage(method: methodText(outgoing.method), scheme: schemeText(outgoing.scheme),
                               authority: outgoing.authority, pathWithQuery: outgoing.pathWithQuery,
                               headers: outgoing.headers.pairs, declaredLength: outgoing.body.declaredLength,
                               attachBody: attachBody)
    }

    /// Starts `outgoing` on its way; its response arrives in the returned future.
    static func send(_ outgoing: OutboundMessage, timeouts: OutboundTimeouts,
                     access: OutboundHTTPAccess, store: Store) -> Result<OutboundResponseFuture, ErrorCode> {
        let target: OutboundHTTPClient.Target
        do {
            target = try OutboundHTTPClient.target(
                scheme: outgoing.scheme, authority: outgoing.authority, pathWithQuery: outgoing.pathWithQuery,
                policy: access.policy, selfOrigin: access.selfOrigin)
        } catch {
            return .failure(ErrorCode(value: error == .denied ? HTTPErrorCode.requestDenied : HTTPErrorCode.uriInvalid))
        }
        if let component = target.chainedComponent {
            return sendChained(outgoing, to: component, target: target, access: access, store: store)
        }
        var headers = HTTPHeaders(outgoing.headers.filter { $0.name != "host" && $0.name != "content-length" })
        headers.replaceOrAdd(name: "host", value: target.authority)
        var requestBody: OutboundRequestBody?
        var body: HTTPClient.Body?
        if let attachBody = outgoing.attachBody {
            let streamed = OutboundRequestBody()
            requestBody = streamed
            let eventLoop = OutboundHTTPClient.shared.client.eventLoopGroup.next()
            body = .stream(contentLength: outgoing.declaredLength.map(Int64.init)) { writer in
                streamed.start(writer, eventLoop: eventLoop)
            }
            attachBody(streamed)
        }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: target.url, method: HTTPMethod(rawValue: outgoing.method),
                                             headers: headers, body: body)
        } catch {
            return .failure(ErrorCode(value: HTTPErrorCode.uriInvalid))
        }
        let future = OutboundResponseFuture(wakeup: GuestWakeup.of(store))
        let delegate = OutboundResponseDelegate(
            future: future, requestBody: requestBody,
            firstByteTimeout: timeouts.connect &+ timeouts.firstByte, betweenBytesTimeout: timeouts.betweenBytes)
        let task = OutboundHTTPClient.shared.client.execute(request: request, delegate: delegate)
        delegate.watch(task)
        OutboundTasks.of(store).add(task)
        future.stop = { task.cancel() }
        return .success(future)
    }

    /// A request to `<id>.spin.internal`, run in this process.
    static func sendChained(_ outgoing: OutboundMessage, to component: String, target: OutboundHTTPClient.Target,
                            access: OutboundHTTPAccess, store: Store) -> Result<OutboundResponseFuture, ErrorCode> {
        let body = RequestBody()
        if let attachBody = outgoing.attachBody {
            attachBody(ChainedRequestBody(body: body))
        } else {
            body.finish(trailers: nil)
        }
        let headers = outgoing.headers.filter { $0.name != "host" } + [(name: "host", value: target.authority)]
        let request = IncomingRequest(method: outgoing.method, target: target.pathWithQuery, headers: headers,
                                      streamingBody: body, clientAddress: "127.0.0.1:0", serverHost: target.authority)
        let future = OutboundResponseFuture(wakeup: GuestWakeup.of(store))
        if let failure = access.chaining.send(request, to: component, future: future) {
            return .failure(ErrorCode(value: failure))
        }
        return .success(future)
    }

    /// `method`: get, head, post, put, delete, connect, options, trace, patch, other(string).
    static func methodText(_ method: ComponentValue) -> String {
        let names = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]
        switch method {
        case .variant(let index, nil) where Int(index) < names.count: return names[Int(index)]
        case .variant(_, .string(let name)?): return name
        default: return "GET"
        }
    }

    /// `scheme`: HTTP, HTTPS, other(string); nil when unset.
    static func schemeText(_ scheme: ComponentValue?) -> String? {
        switch scheme {
        case .variant(0, nil)?: "http"
        case .variant(1, nil)?: "https"
        case .variant(_, .string(let name)?)?: name
        default: nil
        }
    }
}

/// One component's outbound HTTP policy, shared by its instances.
final class OutboundHTTPAccess: Sendable {
    static let key = HostStateKey<OutboundHTTPAccess>()

    let policy: OutboundHostPolicy
    let selfOrigin: SelfOrigin
    let chaining: ServiceChaining

    init(policy: OutboundHostPolicy, selfOrigin: SelfOrigin, chaining: ServiceChaining) {
        self.policy = policy
        self.selfOrigin = selfOrigin
        self.chaining = chaining
    }
}

/// Where `spin up` tells the capability its own address.
public final class SelfOriginBox: Sendable {
    let origin = SelfOrigin()

    /// The server listens on `host:port`.
    public func set(host: String, port: Int) {
        origin.set(host: host, port: port)
    }
}
