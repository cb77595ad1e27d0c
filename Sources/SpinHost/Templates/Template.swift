/// A Spin template on disk, in Spin's own format:
///
/// ```
/// <id>/metadata/spin-template.toml     id, description, tags, [parameters], [add_component]
/// <id>/metadata/snippets/component.txt text `spin add` appends to the app's spin.toml
/// <id>/content/...                     files rendered into the new application or component
/// ```
///
/// See <https://spinframework.dev/v3/template-authoring>.
public struct Template: Sendable {
    /// Where a template comes from; installed ones shadow built-in ones of the same id.
    public enum Origin: Equatable, Sendable {
        /// Shipped with this `spin` (the checkout's or installation's `templates/`).
        case builtIn
        /// Copied into the user template directory by `spin templates install`,
        /// from the recorded Git URL or directory (nil if not recorded).
        case installed(source: String?)
    }

    /// `id`: what `-t` names.
    public let id: String
    /// `description`, shown by `spin templates list`.
    public let description: String
    /// `tags`, lower-cased and sorted.
    public let tags: [String]
    /// In the order of the manifest, which is the order `spin new` asks for them.
    public let parameters: [TemplateParameter]
    /// Nil when `[new_application] supported = false`.
    public let newApplication: TemplateVariant?
    /// Nil unless the manifest has an `[add_component]` section (Spin's rule).
    public let addComponent: TemplateVariant?
    /// `[outputs]`: directories to create besides the content.
    public let extraOutputs: [TemplateExtraOutput]
    /// The template's root directory (the one holding `metadata/`).
    public let directory: String
    public let origin: Origin

    public func variant(_ kind: TemplateVariant.Kind) -> TemplateVariant? {
        switch kind {
        case .newApplication: newApplication
        case .addComponent: addComponent
        }
    }

    public func parameter(_ id: String) -> TemplateParameter? {
        parameters.first { $0.id == id }
    }

    var manifestPath: String { directory + "/metadata/spin-template.toml" }
    var contentDirectory: String { directory + "/content" }
    var snippetsDirectory: String { directory + "/metadata/snippets" }

    init(
        id: String, description: String, tags: [String], parameters: [TemplateParameter],
        newApplication: TemplateVariant?, addComponent: TemplateVariant?,
        extraOutputs: [TemplateExtraOutput], directory: String, origin: Origin
    ) {
        self.id = id
        self.description = description
        self.tags = tags
        self.parameters = parameters
        self.newApplication = newApplication
        self.addComponent = addComponent
        self.extraOutputs = extraOutputs
        self.directory = directory
        self.origin = origin
    }
}
