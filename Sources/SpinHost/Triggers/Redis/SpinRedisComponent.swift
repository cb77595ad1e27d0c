import Foundation
import ComponentModel
import WasmInterpreter

/// A component run by the Redis trigger: it exports
/// `fermyon:spin/inbound-redis` (`handle-message`); validated and linked
/// once, instantiated per message.
struct SpinRedisComponent: Sendable {
    static let exportName = "fermyon:spin/inbound-redis"

    let id: String
    let engine: Engine
    let instanceSetups: [InstanceSetup]
    let linked: LinkedComponent

    init(id: String, component: ValidatedComponent, engine: Engine, source: String,
         instanceSetups: [InstanceSetup]) throws(SpinError) {
        guard component.type.exports.contains(where: { $0.name == Self.exportName }) else {
            let exported = component.type.exports.map { "`\($0.name)`" }.joined(separator: ", ")
            throw .component(id, "\(source) does not export \(Self.exportName), which the Redis trigger calls "
                + "(it exports \(exported.isEmpty ? "nothing" : exported)); Spin 3's async spin:redis/inbound-redis@3.0.0 "
                + "needs the async component model, which this host does not run yet")
        }
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
        let store = Store(engine: engine)
        // Guest output goes to the terminal, as under `spin up` with Spin's Redis trigger.
        store[WASIStreams.key] = WASIStreams(stdout: .inherit, stderr: .inherit)
        do {
            try instanceSetups.attach(to: store)
        } catch {
            return "cannot prepare an instance: \(error)"
        }
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer { watchdog.release(ticket) }
        do {
            let instance = try linked.instantiate(in: store)
            guard let function = instance.function(Self.exportName, "handle-message") else {
                return "no \(Self.exportName)#handle-message"
            }
            switch try function.call([.bytes(payload)]) {
            case .ok?: return nil
            default: return "the component answered error"
            }
        } catch let trap as Trap where trap.reason == .interrupted {
            return "timed out after \(deadline) s"
        } catch {
            return "\(error)"
        }
    }
}
