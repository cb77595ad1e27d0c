import AsyncHTTPClient
import WasmInterpreter

/// The outbound requests one store started. When the store ends (its
/// request is answered, or its guest trapped or ran out of time) the ones
/// still running are cancelled: a request whose guest is gone must not
/// hold a connection until its own timeouts, 600 s by default.
final class OutboundTasks {
    static let key = HostStateKey<OutboundTasks>()

    private var tasks: [HTTPClient.Task<Void>] = []

    static func of(_ store: Store) -> OutboundTasks {
        if let existing = store[key] { return existing }
        let created = OutboundTasks()
        store[key] = created
        return created
    }

    func add(_ task: HTTPClient.Task<Void>) {
        tasks.append(task)
    }

    deinit {
        for task in tasks { task.cancel() }
    }
}
