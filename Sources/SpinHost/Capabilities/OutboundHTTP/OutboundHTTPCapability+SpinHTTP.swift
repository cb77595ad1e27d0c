import AsyncHTTPClient
import Foundation
import ComponentModel
import NIOHTTP1
import WasmInterpreter

/// Spin's older outbound HTTP, `fermyon:spin/http` `send-request(request)
/// -> result<response, http-error>`: whole bodies, the same policy. Unlike
/// Spin, redirects are not followed (Spin follows up to ten without
/// checking `allowed_outbound_hosts` again); the guest gets the 3xx.
extension OutboundHTTPCapability {
    static let spinHTTP = "fermyon:spin/http"

    static func defineSpinHTTP(in linker: inout ComponentLinker) {
        linker.define(spinHTTP, "send-request", WASIComponentTypes.function(
            [("req", SpinHTTPTypes.request)], .result(ok: SpinHTTPTypes.response, error: SpinHTTPTypes.httpError))) { call, arguments throws(Trap) in
            try sendWholeRequest(try arguments.value(0), store: call.store)
        }
    }

    /// Sends `http-types.request` (Spin 2's, and Spin 1's `wasi-outbound-http`:
    /// the same record) and waits for the whole response; the result is
    /// `result<response, http-error>`.
    static func sendWholeRequest(_ value: ComponentValue, store: Store) throws(Trap) -> ComponentValue {
        guard let access = store[OutboundHTTPAccess.key] else { throw Trap(.host("outbound HTTP is not set up for this instance")) }
        guard case .record(let fields) = value, fields.count == 5,
              case .enum(let methodIndex) = fields[0], case .string(let uri) = fields[1] else {
            throw Trap(.host("send-request: the request is not an http-types request"))
        }
        let target: OutboundHTTPClient.Target
        do throws(OutboundHTTPClient.TargetProblem) {
            let parsed = URLComponents(string: uri)
            let authority = parsed?.host.map { host in
                (parsed?.user.map { "\($0)@" } ?? "") + (host.contains(":") ? "[\(host)]" : host)
                    + (parsed?.port.map { ":\($0)" } ?? "")
            }
            let path = (parsed?.percentEncodedPath).map { $0.isEmpty ? "/" : $0 } ?? "/"
            let query = parsed?.percentEncodedQuery.map { "?\($0)" } ?? ""
            target = try OutboundHTTPClient.target(
                scheme: parsed?.scheme, authority: authority, pathWithQuery: path + query,
                policy: access.policy, selfOrigin: access.selfOrigin)
        } catch {
            return .error(.enum(error == .denied ? 1 : 2))
        }
        var headers = HTTPHeaders()
        if case .list(let entries) = fields[2] {
            for case .tuple(let pair) in entries where pair.count == 2 {
                if let name = pair[0].stringValue, let value = pair[1].stringValue, name.lowercased() != "host" {
                    headers.add(name: name, value: value)
                }
            }
        }
        headers.replaceOrAdd(name: "host", value: target.authority)
        var bytes: [UInt8]?
        if case .option(let given?) = fields[4] { bytes = given.bytesValue ?? [] }
        let method = SpinHTTPTypes.methods[Int(methodIndex) % SpinHTTPTypes.methods.count]
        let future = OutboundResponseFuture(wakeup: GuestWakeup.of(store))
        var task: HTTPClient.Task<Void>?
        if let component = target.chainedComponent {
            let request = IncomingRequest(method: method, target: target.pathWithQuery,
                                          headers: headers.map { (name: $0.name, value: $0.value) }, body: bytes ?? [],
                                          serverHost: target.authority)
            if access.chaining.send(request, to: component, future: future) != nil { return .error(.enum(3)) }
        } else {
            let outgoing: HTTPClient.Request
            do {
                outgoing = try HTTPClient.Request(url: target.url, method: HTTPMethod(rawValue: method), headers: headers,
                                                  body: bytes.map { .bytes($0) })
            } catch {
                return .error(.enum(2))
            }
            let delegate = OutboundResponseDelegate(future: future, requestBody: nil,
                                                    firstByteTimeout: OutboundTimeouts.defaultTimeout,
                                                    betweenBytesTimeout: OutboundTimeouts.defaultTimeout)
            task = OutboundHTTPClient.shared.client.execute(request: outgoing, delegate: delegate)
            delegate.watch(task!)
        }
        do throws(Trap) {
            try GuestScheduler.blocking { () throws(Trap) in try future.wait(interruption: store.interruptHandle) }
        } catch {
            task?.cancel()
            throw error
        }
        guard case .response(let status, let responseHeaders, let responseBody)? = future.take() else {
            return .error(.enum(3))
        }
        let received: [UInt8]
        do {
            received = try responseBody.readAll(interruption: store.interruptHandle)
        } catch {
            if store.interruptHandle.isSet { throw Trap(.interrupted) }
            return .error(.enum(3))
        }
        return .ok(.record([
            .u16(status),
            .option(.list(responseHeaders.map { .tuple([.string($0.name), .string($0.value)]) })),
            .option(.bytes(received)),
        ]))
    }
}
