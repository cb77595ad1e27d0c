/// Each component's `InstanceSetup`s, worked out once however many
/// triggers run it (the WASI setup assembles the component's files).
struct InstanceSetupsByComponent {
    let capabilities: HostCapabilities
    private var known: [String: [InstanceSetup]] = [:]

    init(capabilities: HostCapabilities) {
        self.capabilities = capabilities
    }

    mutating func of(_ component: ComponentManifest) throws(SpinError) -> [InstanceSetup] {
        if let setups = known[component.id] { return setups }
        let setups = try capabilities.instanceSetups(for: component)
        known[component.id] = setups
        return setups
    }
}
