/// A function body (spec §5.5.13) as the decoder leaves it: local declarations
/// decoded, instructions left in the module's buffer until validation or
/// translation reads them.
public struct FunctionBody: Sendable, Hashable {
    /// Run-length local declarations: `count` locals of `type`.
    public let locals: [LocalDeclaration]
    /// Total number of declared locals (parameters not included).
    public let localCount: UInt32
    /// Range of the instruction bytes, including the final `end`.
    public let code: Range<Int>
}

public struct LocalDeclaration: Sendable, Hashable {
    public let count: UInt32
    public let type: ValueType
}
