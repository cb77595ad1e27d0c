/// Where an element or data segment goes (spec §2.5.7, §2.5.8).
public enum SegmentMode: Sendable, Hashable {
    case passive
    case active(index: UInt32, offset: ConstExpression)
    /// Elements only: a segment that only declares function references.
    case declarative
}

/// The initial values of an element segment: function indices (the compact
/// encodings) or general constant expressions.
public enum ElementItems: Sendable, Hashable {
    case functions([UInt32])
    case expressions([ConstExpression])

    public var count: Int {
        switch self {
        case .functions(let indices): indices.count
        case .expressions(let expressions): expressions.count
        }
    }
}

/// An element segment (spec §2.5.7), decoded from any of its 8 encodings.
public struct ElementSegment: Sendable, Hashable {
    public let type: ReferenceType
    public let items: ElementItems
    public let mode: SegmentMode
}

/// A data segment (spec §2.5.8), decoded from any of its 3 encodings. The bytes
/// stay in the module's buffer.
public struct DataSegment: Sendable, Hashable {
    public let mode: SegmentMode
    /// Range of the initial bytes within `Module.bytes`.
    public let range: Range<Int>
}
