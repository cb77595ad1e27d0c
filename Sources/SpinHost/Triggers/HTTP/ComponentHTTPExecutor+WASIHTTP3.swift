import ComponentModel
import WasmInterpreter

/// `wasi:http/handler@0.3.x#handle` (WASIp3): an async export. The store's
/// event loop runs the guest's tasks; its idle handler (`HostPumps`) moves
/// the request body in and the response body out (`HTTP3Exchange`), and
/// the bodies of the guest's own requests. A task may go on after it
/// returned the response (writing the body), so the loop runs until every
/// call is settled and every task has exited.
extension ComponentHTTPExecutor {
    /// One request in a fresh instance (`--max-instance-reuse-count 1`).
    static func handleP3(_ instance: ComponentInstance, export: String, _ component: SpinHTTPComponent,
                         _ request: IncomingRequest, _ headers: SpinRequestHeaders, _ sink: any ResponseSink) throws -> Outcome {
        let call = HTTP3Call(request: request, headers: headers, sink: sink) { _ in }
        let loop = HostPumps.of(instance.store).eventLoop()
        do {
            try call.start(in: instance, export: export, component)
            try loop.run {
                call.settleIfDone()
                return call.isSettled && (call.outcome != .answered || !loop.hasParkedTasks)
            }
        } catch {
            call.settle(after: error, component)
        }
        return call.outcome ?? .answered
    }

    /// A method as `wasi:http` encodes it: a case of its own, or `other`.
    static func method(_ name: String) -> ComponentValue {
        if let index = WASIHTTPTypes.methodNames.firstIndex(of: name.uppercased()) {
            return .variant(case: UInt32(index), payload: nil)
        }
        return .variant(case: UInt32(WASIHTTPTypes.methodNames.count), payload: .string(name))
    }
}
