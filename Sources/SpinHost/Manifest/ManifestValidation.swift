/// The checks that look across the manifest, run on the decoded model of
/// either version: every trigger and dependency names a defined component,
/// and what to warn about in the routes.
///
/// Two routes are the same route when Spin's router would treat them as the
/// same pattern: trailing slashes and empty segments are ignored, `/...` and
/// `/*` are the same trailing wildcard, and `:name` segments match alike
/// whatever their names. As in Spin (`DuplicateRoute` in its routes crate),
/// such a duplicate is served by the trigger declared later, and the earlier
/// one "will never be used"; that is a warning naming both, not an error.
///
/// See <https://spinframework.dev/v3/http-trigger#resolving-overlapping-routes>.
struct ManifestValidation {
    let file: String
    /// The lines of each trigger's `route` and `component` fields, in
    /// trigger order (version 1: of the component's `[component.trigger]`
    /// and `[[component]]`), for messages.
    let triggerLines: [TriggerLines]

    struct TriggerLines {
        var route: Int?
        var component: Int?
    }

    /// Routes under this prefix are answered by the host itself.
    static let wellKnownPrefix = "/.well-known/spin"

    /// The manifest; `componentOrder` lists the component ids in the order
    /// the manifest declares them (`spin build` follows it).
    func manifest(
        applicationDirectory: String, format: ManifestFormat, application: ApplicationDetails,
        variables: [ApplicationVariable], httpTriggers: [HTTPTrigger], components: [String: ComponentManifest],
        componentOrder: [String]
    ) throws(ManifestError) -> Manifest {
        var warnings: [String] = []
        try checkReferences(httpTriggers, components: components)
        checkRoutes(httpTriggers, warnings: &warnings)
        if let base = application.httpBase, base != "/" {
            warnings.append("\(file): the HTTP trigger base \(quoted(base)) is ignored (Spin 3 removed it); put the prefix in each route instead")
        }
        let ordered = componentOrder.compactMap { components[$0] }
        let unordered = components.values.filter { !componentOrder.contains($0.id) }.sorted { $0.id < $1.id }
        return Manifest(
            file: file, applicationDirectory: applicationDirectory, format: format, application: application,
            variables: variables, httpTriggers: httpTriggers, components: ordered + unordered, warnings: warnings)
    }

    private func lines(_ index: Int) -> TriggerLines {
        index < triggerLines.count ? triggerLines[index] : TriggerLines()
    }

    /// `spin.toml:12: ` or `spin.toml: `.
    private func location(_ line: Int?) -> String {
        file + (line.map { ":\($0)" } ?? "") + ": "
    }

    private func checkReferences(_ triggers: [HTTPTrigger], components: [String: ComponentManifest]) throws(ManifestError) {
        for (index, trigger) in triggers.enumerated() {
            guard let id = trigger.componentID, components[id] == nil else { continue }
            throw ManifestError(
                file: file, line: lines(index).component, context: ManifestContext.trigger("http", index: index),
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

    private func checkRoutes(_ triggers: [HTTPTrigger], warnings: inout [String]) {
        var claimed: [String: Int] = [:]
        for (index, trigger) in triggers.enumerated() {
            guard let route = trigger.route.spec else { continue }
            let line = lines(index).route
            if route.prefix == Self.wellKnownPrefix || route.prefix.hasPrefix(Self.wellKnownPrefix + "/") {
                warnings.append("\(location(line))route \(quoted(route.text)) is under \(Self.wellKnownPrefix)/, which the host answers itself; it will never be reached")
            }
            defer { claimed[route.conflictKey] = index }
            guard let earlierIndex = claimed[route.conflictKey] else { continue }
            // `claimed` only holds triggers with path routes.
            let earlier = triggers[earlierIndex]
            let earlierRoute = earlier.route.spec?.text ?? route.text
            let earlierLine = location(lines(earlierIndex).route)
            let again = line.map { " (line \($0))" } ?? ""
            let spelling = earlierRoute == route.text ? "" : " as \(quoted(route.text))"
            if case .component(let first, let firstExecutor) = earlier.handler,
               case .component(let second, let secondExecutor) = trigger.handler, first == second, firstExecutor == secondExecutor {
                warnings.append("\(earlierLine)route \(quoted(earlierRoute)) is declared again for component \(quoted(first))\(spelling)\(again)")
                continue
            }
            warnings.append(
                "\(earlierLine)route \(quoted(earlierRoute)) of \(describe(earlier)) is a duplicate and will never be used: "
                    + "\(describe(trigger)) declares the same route later\(spelling)\(again) and serves it")
        }
    }

    private func describe(_ trigger: HTTPTrigger) -> String {
        switch trigger.handler {
        case .component(let id, _): "component \(quoted(id))"
        case .staticResponse: "the static response of trigger \(quoted(trigger.id))"
        }
    }
}
