import ComponentModel
public import WasmDecoder
public import WasmInterpreter

/// A Spin 1 module: core wasm exporting `handle-http-request`, as the Spin
/// 0.9 and 1.x SDKs built it with wit-bindgen 0.2 (`spin-http.wit` of Spin
/// 1.5: `handle-http-request: func(req: request) -> response`). Its values
/// travel by the canonical ABI over the module's own memory and
/// `canonical_abi_realloc` (`CoreModuleABI`); RATIONALE.md says what we
/// followed.
public struct Spin1HTTPComponent: Sendable {
    public let id: String
    public let module: CompiledModule
    public let instanceSetups: [InstanceSetup]
    /// The module with its imports resolved once, at start-up.
    let linked: LinkedModule

    static let handlerName = "handle-http-request"

    /// Links the module to the host interfaces a Spin 1 module may import;
    /// an import that is missing or of another type fails here.
    public init(id: String, module: CompiledModule, instanceSetups: [InstanceSetup]) throws(LinkError) {
        self.id = id
        self.module = module
        self.instanceSetups = instanceSetups
        linked = try Spin1Interfaces.linker.link(module)
    }

    /// Whether `module` exports the Spin 1 handler (of any type: `problem`
    /// says what is wrong with it).
    public static func isSpin1(_ module: Module) -> Bool {
        module.exports.contains { $0.name == handlerName && $0.kind == .function }
    }

    /// What keeps `module` from running as a Spin 1 HTTP handler, or nil.
    public static func problem(in module: Module) -> String? {
        let expected = CoreModuleABI.coreType(parameters: [SpinHTTPTypes.request], result: SpinHTTPTypes.response,
                                              imported: false)
        guard let handler = module.exports.first(where: { $0.name == handlerName && $0.kind == .function }),
              let type = module.functionType(ofFunction: handler.index) else {
            return "exports no function \"\(handlerName)\""
        }
        guard type == expected else {
            return "exports \"\(handlerName)\" of type \(type), but Spin 1's is \(expected)"
        }
        return Spin1Module.problem(in: module)
    }
}

/// Runs one request through a Spin 1 module: a fresh instance, the request
/// lowered into its memory, `handle-http-request` called, the response read
/// from the return area it points at. Spin 1's host freed the response with
/// `canonical_abi_free`; the instance is dropped after the request here, so
/// freeing would only cost time.
public enum Spin1HTTPExecutor {
    public static func run(_ component: Spin1HTTPComponent, request: IncomingRequest, headers: SpinRequestHeaders,
                           sink: any ResponseSink, watchdog: DeadlineWatchdog, deadline: Double,
                           logs: ComponentLogs?) -> ComponentHTTPExecutor.Outcome {
        let store: Store
        switch ComponentHTTPExecutor.requestStore(component.module.engine, component.instanceSetups, id: component.id) {
        case .success(let prepared): store = prepared
        case .failure(let failure): return failure.outcome
        }
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer {
            watchdog.release(ticket)
            ComponentHTTPExecutor.keepOutput(of: store, in: logs)
        }
        guard let method = SpinHTTPTypes.methods.firstIndex(of: request.method) else {
            sink.respond(OutgoingResponse(status: 405))
            return .answered
        }
        let body: [UInt8]
        do {
            body = try request.body.readAll(interruption: store.interruptHandle)
        } catch .interrupted {
            return .timedOut
        } catch {
            return .failed("request body: \(error)")
        }
        do {
            let value = ComponentHTTPExecutor.inboundRequest(request, method: method, headers: headers, body: body)
            let response = try Spin1Module.call(component.linked, in: store, export: Spin1HTTPComponent.handlerName,
                                                value, SpinHTTPTypes.request, result: SpinHTTPTypes.response)
            return ComponentHTTPExecutor.respondInbound(response, componentID: component.id, sink)
        } catch let error as InstantiationError {
            if case .trap(let trap) = error { return outcome(of: trap, component.id) }
            return .failed("component \"\(component.id)\": \(error)")
        } catch let trap as Trap {
            return outcome(of: trap, component.id)
        } catch {
            return .failed("component \"\(component.id)\": \(error)")
        }
    }

    private static func outcome(of trap: Trap, _ id: String) -> ComponentHTTPExecutor.Outcome {
        if case .interrupted = trap.reason { return .timedOut }
        return .failed("component \"\(id)\" trapped: \(trap)")
    }
}
