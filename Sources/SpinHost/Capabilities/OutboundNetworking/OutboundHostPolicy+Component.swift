extension OutboundHostPolicy {
    /// `component`'s `allowed_outbound_hosts`, with `{{ variable }}` templates expanded.
    static func of(_ component: ComponentManifest, _ variables: ApplicationVariables) throws(SpinError) -> OutboundHostPolicy {
        var entries: [String] = []
        for entry in component.allowedOutboundHosts {
            entries.append(try variables.expand(entry, in: "component \(quoted(component.id)) allowed_outbound_hosts"))
        }
        do {
            return try OutboundHostPolicy(entries)
        } catch {
            throw .component(component.id, "\(error)")
        }
    }
}
