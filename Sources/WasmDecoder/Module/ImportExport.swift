/// What an import brings in (spec §2.5.11).
public enum ImportDescriptor: Sendable, Hashable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    /// An exception tag of the function type at `typeIndex` (Wasm 3.0).
    case tag(typeIndex: UInt32)
}

/// An import (spec §2.5.11): a two-level name and what it must provide.
public struct Import: Sendable, Hashable {
    public let module: String
    public let name: String
    public let descriptor: ImportDescriptor
}

/// The kind of entity an export names (spec §2.5.10).
public enum ExternalKind: UInt8, Sendable, Hashable {
    case function = 0
    case table = 1
    case memory = 2
    case global = 3
    case tag = 4
}

/// An export (spec §2.5.10).
public struct Export: Sendable, Hashable {
    public let name: String
    public let kind: ExternalKind
    public let index: UInt32
}
