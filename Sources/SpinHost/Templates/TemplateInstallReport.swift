/// The outcome of `spin templates install`.
public struct TemplateInstallReport: Sendable {
    public var installed: [Template] = []
    /// Template id (or folder name) and why it was not installed.
    public var skipped: [(id: String, reason: String)] = []
    /// Ids removed because an upgraded repository no longer has them.
    public var removed: [String] = []
}
