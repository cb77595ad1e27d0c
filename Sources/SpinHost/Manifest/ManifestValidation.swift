/// The checks that look across the manifest, run on the decoded model of
/// either version: every trigger and dependency names a defined component,
/// and no two triggers claim the same route.
///
/// Two routes are the same route when Spin's router would treat them as the
/// same pattern: trailing slashes and empty segments are ignored, `/...` and
/// `/*` are the same trailing wildcard, and `:name` segments match alike
/// whatever their names. Spin itself keeps the last of two such routes and
/// logs that the other "will never be used"; here that is an error, unless
/// both name the same component, which is only a warning.
///
/// See <https://spinframework.dev/v3/http-trigger#resolving-overlapping-routes>.
struct ManifestValidation {
    let file: String

    /// Routes under this prefix are answered by the host itself.
    static let wellKnownPrefix = "/.well-known/spin"

    func manifest(
        applicationDirectory: String, format: ManifestFormat, application: ApplicationDetails,
        variables: [ApplicationVariable], httpTriggers: [HTTPTrigger], components: [String: Component]
    ) throws(ManifestError) -> Manifest {
        var warnings: [String] = []
        try checkReferences(httpTriggers, components: components)
        try checkRoutes(httpTriggers, warnings: &warnings)
        if let base = application.httpBase, base != "/" {
            warnings.append("\(file): the HTTP trigger base \(quoted(base)) is ignored (Spin 3 removed it); put the prefix in each route instead")
        }
        return Manifest(
            file: file, applicationDirectory: applicationDirectory, format: format, application: application,
            variables: variables, httpTriggers: httpTriggers,
            components: components.values.sorted { $0.id < $1.id }, warnings: warnings)
    }

    private func checkReferences(_ triggers: [HTTPTrigger], components: [String: Component]) throws(ManifestError) {
        for (index, trigger) in triggers.enumerated() {
            guard let id = trigger.componentID, components[id] == nil else { continue }
            throw ManifestError(
                file: file, context: ManifestContext.trigger("http", index: index),
                message: "component \(quoted(id)) is not defined (no [component.\(id)] table)")
        }
        for component in components.values.sorted(by: { $0.id < $1.id }) {
            for dependency in component.dependencies {
                guard case .applicationComponent(let id) = dependency.source, components[id] == nil else { continue }
                throw ManifestError(
                    file: file, context: ManifestContext.component(component.id),
                    message: "dependency \(quoted(dependency.name)) names component \(quoted(id)), which is not defined")
            }
        }
    }

    private func checkRoutes(_ triggers: [HTTPTrigger], warnings: inout [String]) throws(ManifestError) {
        var claimed: [String: HTTPTrigger] = [:]
        for trigger in triggers {
            guard let route = trigger.route.spec else { continue }
            if route.prefix == Self.wellKnownPrefix || route.prefix.hasPrefix(Self.wellKnownPrefix + "/") {
                warnings.append("\(file): route \(quoted(route.text)) is under \(Self.wellKnownPrefix)/, which the host answers itself; it will never be reached")
            }
            guard let earlier = claimed[route.conflictKey] else {
                claimed[route.conflictKey] = trigger
                continue
            }
            // `claimed` only holds triggers with path routes.
            let earlierRoute = earlier.route.spec?.text ?? route.text
            let routes = earlierRoute == route.text
                ? "route \(quoted(route.text)) is"
                : "routes \(quoted(earlierRoute)) and \(quoted(route.text)) are the same route, and it is"
            switch (earlier.handler, trigger.handler) {
            case (.component(let first, let firstExecutor), .component(let second, let secondExecutor)) where first == second:
                guard firstExecutor == secondExecutor else {
                    throw ManifestError(file: file, message: "\(routes) declared twice for component \(quoted(first)) with different executors")
                }
                warnings.append("\(file): \(routes) declared twice for component \(quoted(first))")
            case (.component(let first, _), .component(let second, _)):
                throw ManifestError(file: file, message: "\(routes) claimed by two components: \(quoted(first)) and \(quoted(second))")
            default:
                throw ManifestError(
                    file: file,
                    message: "\(routes) claimed by two triggers: \(describe(earlier)) and \(describe(trigger))")
            }
        }
    }

    private func describe(_ trigger: HTTPTrigger) -> String {
        switch trigger.handler {
        case .component(let id, _): "component \(quoted(id))"
        case .staticResponse: "the static response of trigger \(quoted(trigger.id))"
        }
    }
}
