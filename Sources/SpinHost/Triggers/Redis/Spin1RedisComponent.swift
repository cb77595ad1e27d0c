import ComponentModel
import WasmDecoder
import WasmInterpreter

/// What the Redis trigger runs for a message: a component exporting
/// `inbound-redis` (`SpinRedisComponent`) or a Spin 1 module exporting
/// `handle-redis-message` (`Spin1RedisComponent`).
protocol RedisMessageHandler: Sendable {
    var id: String { get }
    /// Handles `payload` in a fresh instance; nil when the guest returned
    /// ok, else what went wrong.
    func handle(_ payload: [UInt8], watchdog: DeadlineWatchdog, deadline: Double) -> String?
}

extension SpinRedisComponent: RedisMessageHandler {}

extension RedisMessageHandler {
    /// A store for one message, its guest's output going to the terminal
    /// (as under Spin's Redis trigger) and the capability setups attached;
    /// or why it could not be made.
    static func messageStore(_ engine: Engine, _ setups: [InstanceSetup]) -> Result<Store, MessageFailure> {
        let store = Store(engine: engine)
        store[WASIStreams.key] = WASIStreams(stdout: .inherit, stderr: .inherit)
        do {
            try setups.attach(to: store)
        } catch {
            return .failure(MessageFailure(reason: "cannot prepare an instance: \(error)"))
        }
        return .success(store)
    }
}

struct MessageFailure: Error {
    let reason: String
}

/// A Spin 1 module run by the Redis trigger: core wasm exporting
/// `handle-redis-message: func(message: payload) -> expected<unit, error>`
/// (Spin 1.5's `wit/ephemeral/spin-redis.wit`, wit-bindgen 0.2's ABI: the
/// result comes back in a return area). Linked once, instantiated per message.
struct Spin1RedisComponent: RedisMessageHandler {
    static let handlerName = "handle-redis-message"
    static let resultType = ComponentValueType.result(ok: nil, error: .enum(["success", "error"]))

    let id: String
    let module: CompiledModule
    let instanceSetups: [InstanceSetup]
    let linked: LinkedModule

    init(id: String, module: CompiledModule, source: String, instanceSetups: [InstanceSetup]) throws(SpinError) {
        let expected = CoreModuleABI.coreType(parameters: [.list(.u8)], result: Self.resultType, imported: false)
        let exports = module.module.exports
        guard let handler = exports.first(where: { $0.name == Self.handlerName && $0.kind == .function }) else {
            let exported = exports.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw .component(id, "\(source) is a core module exporting \(exported.isEmpty ? "nothing" : exported); the "
                + "Redis trigger runs components exporting \(SpinRedisComponent.exportName) and Spin 1 modules exporting "
                + "\"\(Self.handlerName)\"")
        }
        guard let type = module.module.functionType(ofFunction: handler.index), type == expected else {
            throw .component(id, "\(source) exports \"\(Self.handlerName)\", but not of Spin 1's type \(expected)")
        }
        if let problem = Spin1Module.problem(in: module.module) {
            throw .component(id, "\(source) is a Spin 1 module, but it \(problem)")
        }
        self.id = id
        self.module = module
        self.instanceSetups = instanceSetups
        do {
            linked = try Spin1Interfaces.linker.link(module)
        } catch {
            throw .component(id, "\(source) cannot be linked: \(error)")
        }
    }

    func handle(_ payload: [UInt8], watchdog: DeadlineWatchdog, deadline: Double) -> String? {
        let store: Store
        switch Self.messageStore(module.engine, instanceSetups) {
        case .success(let prepared): store = prepared
        case .failure(let failure): return failure.reason
        }
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer { watchdog.release(ticket) }
        do {
            switch try Spin1Module.call(linked, in: store, export: Self.handlerName, .bytes(payload), .list(.u8),
                                        result: Self.resultType) {
            case .ok: return nil
            default: return "the component answered error"
            }
        } catch let trap as Trap where trap.reason == .interrupted {
            return "timed out after \(deadline) s"
        } catch {
            return "\(error)"
        }
    }
}
