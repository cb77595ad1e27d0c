import Foundation
import ComponentModel
import WasmInterpreter

/// A component run by the Redis trigger: it exports
/// `fermyon:spin/inbound-redis` (`handle-message`), or Spin 3's
/// `spin:redis/inbound-redis@3.0.0`, whose `handle-message` is async (the
/// Spin 4 SDKs); validated and linked once, instantiated per message.
struct SpinRedisComponent: Sendable {
    static let exportName = "fermyon:spin/inbound-redis"
    static let asyncExportName = "spin:redis/inbound-redis@3.0.0"

    let id: String
    /// The interface the component exports, of the two.
    let export: String
    let engine: Engine
    let instanceSetups: [InstanceSetup]
    let linked: LinkedComponent

    init(id: String, component: ValidatedComponent, engine: Engine, source: String,
         instanceSetups: [InstanceSetup]) throws(SpinError) {
        let names = component.type.exports.map(\.name)
        guard let export = [Self.exportName, Self.asyncExportName].first(where: names.contains) else {
            let exported = names.map { "`\($0)`" }.joined(separator: ", ")
            throw .component(id, "\(source) exports neither \(Self.exportName) nor \(Self.asyncExportName), which the "
                + "Redis trigger calls (it exports \(exported.isEmpty ? "nothing" : exported))")
        }
        self.export = export
        self.id = id
        self.engine = engine
        self.instanceSetups = instanceSetups
        do {
            linked = try HostCapabilities.linker.link(component)
        } catch {
            throw .component(id, "\(source) cannot be linked: \(error)")
        }
    }

    /// Runs `handle-message(payload)` in a fresh instance; nil when the
    /// guest returned ok, else what went wrong.
    func handle(_ payload: [UInt8], watchdog: DeadlineWatchdog, deadline: Double) -> String? {
        let store: Store
        switch Self.messageStore(engine, instanceSetups) {
        case .success(let prepared): store = prepared
        case .failure(let failure): return failure.reason
        }
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer { watchdog.release(ticket) }
        do {
            let instance = try linked.instantiate(in: store)
            guard let function = instance.function(export, "handle-message") else {
                return "no \(export)#handle-message"
            }
            switch export == Self.asyncExportName ? try handleAsync(function, payload, store) : try function.call([.bytes(payload)]) {
            case .ok?: return nil
            default: return "the component answered error"
            }
        } catch let trap as Trap where trap.reason == .interrupted {
            return "timed out after \(deadline) s"
        } catch {
            return "\(error)"
        }
    }

    /// The async `handle-message`: started as a task, the store's event
    /// loop run (timers and host I/O through `HostPumps`) until it returned
    /// and its tasks have exited.
    private func handleAsync(_ function: ComponentFunction, _ payload: [UInt8], _ store: Store) throws(Trap) -> ComponentValue? {
        var result: ComponentValue??
        let loop = HostPumps.of(store).eventLoop()
        try function.start([.bytes(payload)]) { value in result = .some(value) }
        try loop.run { result != nil && !loop.hasParkedTasks }
        return result ?? nil
    }
}
