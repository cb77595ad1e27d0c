import ComponentModel
import WasmInterpreter

extension AppRuntime {
    /// The Redis trigger's subscriptions, with their components compiled
    /// and linked; nil when the manifest has no `[[trigger.redis]]`.
    static func redisTrigger(
        manifest: Manifest, sources: [String: String], engine: Engine, compiled: inout [String: CompiledBinary],
        variables: ApplicationVariables, setups: inout InstanceSetupsByComponent, deadline: Double, report: @escaping @Sendable (String) -> Void
    ) async throws(SpinError) -> RedisTriggerRuntime? {
        guard !manifest.redisTriggers.isEmpty else { return nil }
        var channels: [RedisAddress: [String: [any RedisMessageHandler]]] = [:]
        var components: [String: any RedisMessageHandler] = [:]
        for trigger in manifest.redisTriggers {
            let id = trigger.component
            guard let component = manifest.component(id: id), let path = sources[id] else {
                throw .component(id, "is not defined")
            }
            let address: RedisAddress
            do {
                address = try RedisAddress(try variables.expand(trigger.address, in: "[[trigger.redis]] address"))
            } catch let error as RedisError {
                throw .component(id, "has a Redis trigger with a bad address: \(error.message)")
            } catch {
                throw error as? SpinError ?? .io("\(error)")
            }
            let channel = try variables.expand(trigger.channel, in: "[[trigger.redis]] channel")
            if components[id] == nil {
                let binary: CompiledBinary
                if let existing = compiled[id] {
                    binary = existing
                } else {
                    binary = try await compile(id: id, path: path, engine: engine)
                    compiled[id] = binary
                }
                switch binary {
                case .component(let validated):
                    components[id] = try SpinRedisComponent(
                        id: id, component: validated, engine: engine, source: path,
                        instanceSetups: setups.of(component))
                case .module(let module):
                    components[id] = try Spin1RedisComponent(id: id, module: module, source: path,
                                                             instanceSetups: setups.of(component))
                }
            }
            channels[address, default: [:]][channel, default: []].append(components[id]!)
        }
        let subscriptions = channels.map { RedisTriggerRuntime.Subscription(address: $0.key, channels: $0.value) }
            .sorted { $0.address.description < $1.address.description }
        return RedisTriggerRuntime(subscriptions: subscriptions, deadline: deadline, report: report)
    }
}
