/// How a template behaves for `spin new` or for `spin add`.
public struct TemplateVariant: Sendable {
    public enum Kind: Sendable {
        case newApplication
        case addComponent

        /// For messages: "new application", "add component".
        public var operation: String {
            switch self {
            case .newApplication: "new application"
            case .addComponent: "add component"
            }
        }
    }

    /// Content paths (relative to `content/`, `/`-separated) not rendered.
    public var skipFiles: [String] = []
    /// Parameters not asked for.
    public var skipParameters: [String] = []
    /// Snippet id (`component`, `application_trigger`, `variables`) → file in `metadata/snippets/`.
    public var snippets: [String: String] = [:]
    /// Extra skips that apply when the target manifest has an entry.
    public var conditions: [TemplateCondition] = []

    /// The variant with the conditions that hold for `manifest` applied.
    func resolved(manifest: TemplateTargetManifest?) -> TemplateVariant {
        var resolved = self
        for condition in conditions where manifest?.hasEntry(condition.manifestEntry) == true {
            resolved.skipFiles += condition.skipFiles
            resolved.skipParameters += condition.skipParameters
            for snippet in condition.skipSnippets { resolved.snippets[snippet] = nil }
        }
        resolved.conditions = []
        return resolved
    }
}

/// `[add_component.conditions.NAME]`: when the application's manifest has
/// the dotted entry `manifestEntry` (e.g. `application.trigger.redis`), skip more.
public struct TemplateCondition: Sendable {
    public var manifestEntry: [String]
    public var skipFiles: [String] = []
    public var skipParameters: [String] = []
    public var skipSnippets: [String] = []
}

/// `[outputs.NAME] action = "create_dir"`: a directory (whose path may use
/// placeholders) to create beside the component or the manifest.
public struct TemplateExtraOutput: Sendable {
    public enum Location: Sendable { case component, manifest }
    public var path: LiquidTemplate
    public var location: Location
}
