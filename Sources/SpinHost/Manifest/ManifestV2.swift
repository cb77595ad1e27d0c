import TOMLKit

/// Reads a version 2 manifest (`spin_manifest_version = 2`) into the model,
/// moving inline components into the component list and giving triggers
/// and inline components the ids Spin generates for them.
///
/// See <https://spinframework.dev/v3/manifest-reference>.
struct ManifestV2 {
    let root: TOMLFields
    let applicationDirectory: String

    static let topLevelFields: Set<String> = ["spin_manifest_version", "application", "variables", "trigger", "component"]

    func decode() throws(ManifestError) -> Manifest {
        try root.rejectUnknownFields(allowed: Self.topLevelFields)
        let application = try decodeApplication()
        let variables = try ApplicationVariablesDecoder.decode(root)
        let decoder = ComponentManifestDecoder(applicationDirectory: applicationDirectory)
        var (components, order) = try decodeComponents(decoder)
        let (triggers, lines) = try decodeTriggers(decoder, components: &components, order: &order)
        var manifest = try ManifestValidation(file: root.file, triggerLines: lines).manifest(
            applicationDirectory: applicationDirectory, format: .version2, application: application,
            variables: variables, httpTriggers: triggers, components: components, componentOrder: order)
        if let table = try root.table("trigger") {
            manifest.redisTriggers = try RedisTriggerDecoder.decode(table, applicationAddress: try redisAddress(),
                                                                    components: components)
        }
        return manifest
    }

    /// `[application.trigger.redis] address`.
    private func redisAddress() throws(ManifestError) -> String? {
        guard let settings = try root.table("application")?.table("trigger")?.table("redis") else { return nil }
        try settings.rejectUnknownFields(allowed: ["address"])
        return try settings.string("address")
    }

    private func decodeApplication() throws(ManifestError) -> ApplicationDetails {
        guard let application = try root.table("application") else { throw root.missing("application") }
        try application.rejectUnknownFields(allowed: ["name", "version", "description", "authors", "targets", "trigger", "tool"])
        if let tool = application.value("tool"), tool.table == nil { throw application.typeError("tool", "a table") }
        var base: String?
        if let triggers = try application.table("trigger") {
            for type in triggers.keys {
                guard let settings = try triggers.table(type) else { continue }
                // Other trigger types' settings are accepted and ignored, as
                // are their triggers' absence.
                if type == "http" {
                    try settings.rejectUnknownFields(allowed: ["base"])
                    base = try settings.string("base")
                }
            }
        }
        return ApplicationDetails(
            name: try application.requiredString("name"),
            version: try application.string("version") ?? "",
            description: try application.string("description") ?? "",
            authors: try application.stringArray("authors") ?? [],
            targets: try ComponentManifestDecoder(applicationDirectory: applicationDirectory).targets(application, key: "targets") ?? [],
            httpBase: base)
    }

    /// The `[component.<id>]` tables, and their ids in the order the text declares them.
    private func decodeComponents(
        _ decoder: ComponentManifestDecoder
    ) throws(ManifestError) -> ([String: ComponentManifest], [String]) {
        let entries = try root.tableOfTables(
            "component", expectation: "a table of component tables ([component.<id>])",
            context: { ManifestContext.component($0) }) ?? []
        var components: [String: ComponentManifest] = [:]
        let order = entries.enumerated()
            .sorted { ($0.element.1.line ?? Int.max, $0.offset) < ($1.element.1.line ?? Int.max, $1.offset) }
            .map { $0.element.0 }
        for (id, fields) in entries {
            if let problem = SpinIdentifier.problem(with: id, style: .kebab) {
                throw root.error("invalid component id \(quoted(id)): \(problem)", at: [.key("component"), .key(id)])
            }
            components[id] = try decoder.version2Component(fields, id: id)
        }
        return (components, order)
    }

    /// The triggers in manifest order, with the lines of their fields;
    /// inline components are added to `components` and to the end of `order`.
    private func decodeTriggers(
        _ decoder: ComponentManifestDecoder, components: inout [String: ComponentManifest], order: inout [String]
    ) throws(ManifestError) -> ([HTTPTrigger], [ManifestValidation.TriggerLines]) {
        guard let table = try root.table("trigger") else { return ([], []) }
        for type in table.keys where type != "http" && type != "redis" {
            throw table.error("unsupported trigger type \(quoted(type)): this host runs HTTP and Redis triggers", at: type)
        }
        let drafts = try table.arrayOfTables(
            "http", expectation: "an array of tables ([[trigger.http]])",
            context: { ManifestContext.trigger("http", index: $0) }) ?? []
        var decoded: [HTTPTriggerDecoder.Draft] = []
        var lines: [ManifestValidation.TriggerLines] = []
        for (index, fields) in drafts.enumerated() {
            decoded.append(try HTTPTriggerDecoder.draft(fields, index: index, components: decoder))
            lines.append(.init(route: fields.line(at: [.key("route")]), component: fields.line(at: [.key("component")])))
        }
        let ids = try triggerIDs(decoded)
        var triggers: [HTTPTrigger] = []
        for (draft, id) in zip(decoded, ids) {
            let handler: HTTPTrigger.Handler
            switch draft.target {
            case .component(let component):
                handler = .component(id: component, executor: draft.executor)
            case .staticResponse(let response):
                handler = .staticResponse(response)
            case .inline(let component):
                let inlineID = Self.inlineComponentID(triggerID: id, taken: components)
                components[inlineID] = component.with(id: inlineID)
                order.append(inlineID)
                handler = .component(id: inlineID, executor: draft.executor)
            }
            triggers.append(HTTPTrigger(id: id, route: draft.route, handler: handler))
        }
        return (triggers, lines)
    }

    /// Explicit ids are kept (and must be unique); the others are generated
    /// as Spin does: `<component>-http-trigger` for a trigger naming a
    /// component, else the first free `http-trigger<N>`.
    private func triggerIDs(_ drafts: [HTTPTriggerDecoder.Draft]) throws(ManifestError) -> [String] {
        var taken: Set<String> = []
        for draft in drafts {
            guard let id = draft.explicitID else { continue }
            guard taken.insert(id).inserted else {
                throw ManifestError(
                    file: root.file, line: draft.idLine, context: draft.context,
                    message: "trigger id \(quoted(id)) is already used by another trigger")
            }
        }
        var counter = 1
        var ids: [String] = []
        for draft in drafts {
            if let id = draft.explicitID {
                ids.append(id)
                continue
            }
            if case .component(let component) = draft.target, taken.insert("\(component)-http-trigger").inserted {
                ids.append("\(component)-http-trigger")
                continue
            }
            while taken.contains("http-trigger\(counter)") { counter += 1 }
            taken.insert("http-trigger\(counter)")
            ids.append("http-trigger\(counter)")
        }
        return ids
    }

    /// Spin's id for an inline component: `<trigger id>-component` if that
    /// is a free, valid id, else the first free `inline-component<N>`.
    static func inlineComponentID(triggerID: String, taken: [String: ComponentManifest]) -> String {
        let natural = "\(triggerID)-component"
        if SpinIdentifier.isValidComponentID(natural), taken[natural] == nil { return natural }
        var counter = 1
        while taken["inline-component\(counter)"] != nil { counter += 1 }
        return "inline-component\(counter)"
    }
}
