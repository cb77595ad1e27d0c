/// A `[[trigger.redis]]` entry: messages published on `channel` go to
/// `component`, one fresh instance per message.
///
/// See <https://spinframework.dev/v3/redis-trigger>.
public struct RedisTrigger: Sendable, Equatable {
    /// The component id.
    public let component: String
    /// The channel; may contain `{{ variable }}` templates.
    public let channel: String
    /// The server (`redis://...`): the trigger's own `address`, else
    /// `[application.trigger.redis] address`; may contain templates.
    public let address: String

    public init(component: String, channel: String, address: String) {
        self.component = component
        self.channel = channel
        self.address = address
    }
}

/// `[[trigger.redis]]` tables and `[application.trigger.redis]`.
enum RedisTriggerDecoder {
    static func decode(_ table: TOMLFields, applicationAddress: String?,
                       components: [String: ComponentManifest]) throws(ManifestError) -> [RedisTrigger] {
        let entries = try table.arrayOfTables(
            "redis", expectation: "an array of tables ([[trigger.redis]])",
            context: { ManifestContext.trigger("redis", index: $0) }) ?? []
        var triggers: [RedisTrigger] = []
        for fields in entries {
            try fields.rejectUnknownFields(allowed: ["id", "component", "channel", "address"])
            guard let component = try fields.string("component") else {
                throw fields.error("field \"component\" must name a component (inline components are not supported for Redis triggers)")
            }
            guard components[component] != nil else {
                throw fields.error("component \(quoted(component)) is not defined", at: "component")
            }
            guard let address = try fields.string("address") ?? applicationAddress else {
                throw fields.error("no Redis address: set [application.trigger.redis] address, or address in this trigger")
            }
            triggers.append(RedisTrigger(component: component, channel: try fields.requiredString("channel"), address: address))
        }
        return triggers
    }
}
