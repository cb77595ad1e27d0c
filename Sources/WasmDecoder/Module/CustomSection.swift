/// A custom section (spec §5.5.3): a name and bytes the spec leaves to tools.
public struct CustomSection: Sendable, Hashable {
    public let name: String
    /// Range of the payload within `Module.bytes`.
    public let range: Range<Int>
}
