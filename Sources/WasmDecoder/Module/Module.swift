/// A decoded WebAssembly module (spec §2.5): immutable, `Sendable`, and sharing
/// one byte buffer with its function bodies, data segments and custom sections.
///
/// A `Module` from `decodeModule(_:features:)` is well-formed but not yet valid;
/// `validateModule(_:)` checks it. Use `loadModule(_:features:)` for both.
public struct Module: Sendable {
    /// The binary the module was decoded from. Bodies and segments are ranges into it.
    public let bytes: [UInt8]
    public let features: WasmFeatures

    /// Every type of the type section (`SubType`: function, struct or array
    /// type, with its supertype), and the recursion groups they form as index
    /// ranges, one per type unless the module uses GC's `rec`.
    public internal(set) var definedTypes: [SubType] = []
    public internal(set) var recursionGroups: [Range<Int>] = []
    /// The function type of each defined type, by type index; a struct or
    /// array type's entry is empty (validation refuses a function-typed use
    /// of it, so after validation code may index this freely).
    public internal(set) var types: [FunctionType] = []
    public internal(set) var imports: [Import] = []
    /// The type index of each function defined by the module (not imported).
    public internal(set) var functionTypeIndices: [UInt32] = []
    public internal(set) var tables: [TableType] = []
    /// The initial element value of each table in `tables`: nil for null,
    /// or the constant expression of Wasm 3.0's `0x40 0x00` table encoding.
    public internal(set) var tableInitializers: [ConstExpression?] = []
    public internal(set) var memories: [MemoryType] = []
    public internal(set) var globals: [Global] = []
    /// The function type index of each tag the module defines (Wasm 3.0).
    public internal(set) var tags: [UInt32] = []
    public internal(set) var exports: [Export] = []
    public internal(set) var start: UInt32?
    public internal(set) var elements: [ElementSegment] = []
    public internal(set) var dataCount: UInt32?
    public internal(set) var bodies: [FunctionBody] = []
    public internal(set) var data: [DataSegment] = []
    public internal(set) var customSections: [CustomSection] = []
    /// The `name` custom section, if present and well-formed (spec §7.4).
    public internal(set) var names: NameSection?

    // Index spaces (spec §2.5.1): imports come first in each.
    public internal(set) var importedFunctionCount = 0
    public internal(set) var importedTableCount = 0
    public internal(set) var importedMemoryCount = 0
    public internal(set) var importedGlobalCount = 0
    public var importedTagCount: Int { importedTags.count }

    init(bytes: [UInt8], features: WasmFeatures) {
        self.bytes = bytes
        self.features = features
    }

    public var functionCount: Int { importedFunctionCount + functionTypeIndices.count }
    public var tableCount: Int { importedTableCount + tables.count }
    public var memoryCount: Int { importedMemoryCount + memories.count }
    public var globalCount: Int { importedGlobalCount + globals.count }
    public var tagCount: Int { importedTags.count + tags.count }

    /// The type index of tag `index` in the tag index space, if it exists.
    public func tagTypeIndex(_ index: UInt32) -> UInt32? {
        let index = Int(index)
        if index < importedTags.count { return importedTags[index] }
        let local = index - importedTags.count
        return local < tags.count ? tags[local] : nil
    }

    /// The type index of function `index` in the function index space, if it exists.
    public func typeIndex(ofFunction index: UInt32) -> UInt32? {
        let index = Int(index)
        if index < importedFunctionCount { return importedFunctionTypes[index] }
        let local = index - importedFunctionCount
        return local < functionTypeIndices.count ? functionTypeIndices[local] : nil
    }

    /// The type of function `index`, if the function and its type exist.
    public func functionType(ofFunction index: UInt32) -> FunctionType? {
        guard let typeIndex = typeIndex(ofFunction: index), Int(typeIndex) < types.count else { return nil }
        return types[Int(typeIndex)]
    }

    public func tableType(at index: UInt32) -> TableType? {
        let index = Int(index)
        if index < importedTableCount { return importedTables[index] }
        let local = index - importedTableCount
        return local < tables.count ? tables[local] : nil
    }

    public func memoryType(at index: UInt32) -> MemoryType? {
        let index = Int(index)
        if index < importedMemoryCount { return importedMemories[index] }
        let local = index - importedMemoryCount
        return local < memories.count ? memories[local] : nil
    }

    public func globalType(at index: UInt32) -> GlobalType? {
        let index = Int(index)
        if index < importedGlobalCount { return importedGlobals[index] }
        let local = index - importedGlobalCount
        return local < globals.count ? globals[local].type : nil
    }

    // Imported entities by kind, in index order, for O(1) index-space look-ups.
    var importedFunctionTypes: [UInt32] = []
    var importedTables: [TableType] = []
    var importedMemories: [MemoryType] = []
    var importedGlobals: [GlobalType] = []
    var importedTags: [UInt32] = []

    /// Name of function `index` from the name section, for backtraces.
    public func functionName(_ index: UInt32) -> String? {
        names?.functionNames[index]
    }
}

/// A global defined by the module (spec §2.5.6).
public struct Global: Sendable, Hashable {
    public let type: GlobalType
    public let initializer: ConstExpression
}
