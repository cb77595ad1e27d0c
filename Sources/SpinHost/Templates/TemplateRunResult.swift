/// What a run produced.
public struct TemplateRunResult: Sendable {
    /// The directory the content went to.
    public var directory: String
    /// The files written there, relative to it, sorted.
    public var files: [String]
    /// The manifest that was extended (`spin add`).
    public var manifest: String?
}
