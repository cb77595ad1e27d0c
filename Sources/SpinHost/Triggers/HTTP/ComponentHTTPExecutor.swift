import Foundation
import ComponentModel
import WasmInterpreter

/// Runs one request through a component (Spin's HTTP executor): a fresh
/// instance per request, its capabilities' state (WASI with standard
/// output and error captured for the logs), the request as Spin gives it (its headers plus the `spin-*`
/// ones), and the response streamed to `sink` as the guest writes it.
public enum ComponentHTTPExecutor {
    /// What happened, for the trigger to answer and log. Whatever was sent
    /// already stays sent: the trigger answers a failure with 500 (504 for
    /// the deadline) only when no head went out, and otherwise cuts the
    /// connection.
    public enum Outcome: Equatable {
        case answered
        case failed(String)
        case timedOut
    }

    /// Bytes of standard output and error kept per request for the logs.
    static let outputLimit = 1 << 20

    /// Serves `request`; `whenDone` gets the outcome, on this thread before
    /// this returns, or later on the thread of the WASIp3 instance it joined
    /// (`serveShared`).
    public static func run(_ component: SpinHTTPComponent, request: IncomingRequest, match: Router.Match,
                           headers: SpinRequestHeaders, sink: any ResponseSink, watchdog: DeadlineWatchdog,
                           deadline: Double, logs: ComponentLogs?, reuse: InstanceReuseLimits = .spin,
                           whenDone: @escaping @Sendable (Outcome) -> Void) {
        if case .wasiHTTP3(let export) = component.handler, reuse.maximumUses > 1 {
            let call = HTTP3Call(request: request, headers: headers, sink: sink, whenDone: whenDone)
            return serveShared(call, component, export: export, watchdog: watchdog, deadline: deadline, logs: logs, reuse: reuse)
        }
        whenDone(runAlone(component, request: request, headers: headers, sink: sink, watchdog: watchdog,
                          deadline: deadline, logs: logs))
    }

    /// Why a request store could not be made.
    struct StoreFailure: Error {
        let outcome: Outcome
    }

    /// A store for one request: the guest's output captured for the logs,
    /// the component's capability setups attached.
    static func requestStore(_ engine: Engine, _ setups: [InstanceSetup], id: String) -> Result<Store, StoreFailure> {
        let store = Store(engine: engine)
        store[WASIStreams.key] = WASIStreams(stdout: .capture(limit: outputLimit), stderr: .capture(limit: outputLimit))
        do {
            try setups.attach(to: store)
        } catch {
            return .failure(StoreFailure(outcome: .failed("cannot prepare an instance of component \"\(id)\": \(error)")))
        }
        return .success(store)
    }

    /// Appends what the guest in `store` wrote to its component's logs.
    static func keepOutput(of store: Store, in logs: ComponentLogs?) {
        guard let context = store[WASIContext.key] else { return }
        logs?.stdout?.append(context.capturedStdout)
        logs?.stderr?.append(context.capturedStderr)
    }

    /// A request in an instance of its own, dropped after it.
    static func runAlone(_ component: SpinHTTPComponent, request: IncomingRequest, headers: SpinRequestHeaders,
                         sink: any ResponseSink, watchdog: DeadlineWatchdog, deadline: Double, logs: ComponentLogs?) -> Outcome {
        let store: Store
        switch requestStore(component.engine, component.instanceSetups, id: component.id) {
        case .success(let prepared): store = prepared
        case .failure(let failure): return failure.outcome
        }
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer {
            watchdog.release(ticket)
            keepOutput(of: store, in: logs)
        }
        do {
            let instance = try component.linked.instantiate(in: store)
            switch component.handler {
            case .wasiHTTP(let export):
                return try handle(instance, export: export, component, request, headers, sink)
            case .wasiHTTP3(let export):
                return try handleP3(instance, export: export, component, request, headers, sink)
            case .inboundHTTP(let export):
                return try handleInbound(instance, export: export, component, request, headers, sink)
            }
        } catch let error as InstantiationError {
            if case .trap(let trap) = error { return outcome(of: trap, component) }
            return .failed("component \"\(component.id)\": \(error)")
        } catch let trap as Trap {
            return outcome(of: trap, component)
        } catch {
            return .failed("component \"\(component.id)\": \(error)")
        }
    }

    /// `wasi:http/incoming-handler.handle(request, response-out)`.
    static func handle(_ instance: ComponentInstance, export: String, _ component: SpinHTTPComponent,
                       _ request: IncomingRequest, _ headers: SpinRequestHeaders, _ sink: any ResponseSink) throws -> Outcome {
        guard let handle = instance.function(export, "handle") else {
            return .failed("component \"\(component.id)\" has no \(export)#handle")
        }
        let store = instance.store
        let wakeup = GuestWakeup.of(store)
        let exchange = HTTPExchange(
            request: .init(method: request.method, pathWithQuery: request.target, scheme: "http",
                           authority: request.host, headers: guestHeaders(request, headers)),
            body: request.body, sink: sink, interruption: store.interruptHandle)
        store[HTTPExchange.key] = exchange
        wakeup.beforeWaiting = { [unowned exchange] in exchange.release() }
        sink.onProgress { wakeup.signal() }
        let resources = HostResources.of(store)
        let requestHandle = resources.insert(IncomingRequestResource(exchange: exchange))
        let outparamHandle = resources.insert(ResponseOutparamResource(exchange: exchange))
        var trap: Trap?
        do {
            _ = try handle.call([.own(requestHandle), .own(outparamHandle)])
        } catch {
            // exit(0) inside a handler ends it like a return.
            if case .exit(0) = error.reason {} else { trap = error }
        }
        if let trap { return outcome(of: trap, component) }
        switch exchange.settle() {
        case .complete:
            return .answered
        case .noResponse:
            return .failed("component \"\(component.id)\" returned without setting a response (response-outparam.set)")
        case .errorCode(let code):
            return .failed("component \"\(component.id)\" answered with an error code: \(code)")
        case .incompleteBody:
            return .failed("component \"\(component.id)\" returned before finishing its response body (outgoing-body.finish)")
        }
    }

    /// The request headers a `wasi:http` guest sees: the client's, without
    /// the ones wasmtime keeps from guests (`host` becomes the authority),
    /// then Spin's `spin-*` headers.
    static func guestHeaders(_ request: IncomingRequest, _ headers: SpinRequestHeaders) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for (name, value) in request.headers {
            let lowered = name.lowercased()
            guard !HTTPFields.forbidden.contains(lowered), HTTPFields.isValidValue(Array(value.utf8)) else { continue }
            result.append((lowered, value))
        }
        return result + headers.all
    }

    static func outcome(of trap: Trap, _ component: SpinHTTPComponent) -> Outcome {
        switch trap.reason {
        case .interrupted: return .timedOut
        case .exit(let code): return .failed("component \"\(component.id)\" exited with code \(code)")
        default: return .failed("component \"\(component.id)\" trapped: \(trap)")
        }
    }
}

/// Where a component's standard output and error go after each request.
public struct ComponentLogs: Sendable {
    public let stdout: ComponentLog?
    public let stderr: ComponentLog?

    public init(stdout: ComponentLog?, stderr: ComponentLog?) {
        self.stdout = stdout
        self.stderr = stderr
    }
}
