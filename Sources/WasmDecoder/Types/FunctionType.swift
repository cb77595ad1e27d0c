/// A function type (spec §2.3.6): parameter and result types.
public struct FunctionType: Sendable, Hashable, CustomStringConvertible {
    public let parameters: [ValueType]
    public let results: [ValueType]

    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// The type of a block, loop or if (spec §5.4.1): empty, one result, or a type index.
public enum BlockType: Sendable, Hashable {
    case empty
    case value(ValueType)
    case typeIndex(UInt32)
}
