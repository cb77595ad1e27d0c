/// One handler of a `try_table` (Wasm 3.0 exception handling, spec §2.4.8):
/// which exceptions it catches (those of `tag`, or all), the label it
/// branches to, and whether the label also gets the exception as an `exnref`.
public struct CatchClause: Sendable, Hashable {
    public enum Kind: UInt8, Sendable {
        case `catch` = 0, catchReference = 1, catchAll = 2, catchAllReference = 3
    }

    public let kind: Kind
    /// The tag index; nil for `catch_all` and `catch_all_ref`.
    public let tag: UInt32?
    public let label: UInt32

    public var passesReference: Bool { kind == .catchReference || kind == .catchAllReference }
}

/// The clauses of a `try_table`, left in the module's bytes (as a
/// `br_table`'s labels are) so that decoding an instruction never allocates.
public struct CatchClauses: Sendable, Hashable {
    public let count: UInt32
    /// Offset of the first clause within the module's bytes.
    let offset: Int

    /// The clauses, decoded again from `module` (whose reader checked them).
    public func decoded(in module: Module) -> [CatchClause] {
        var reader = ByteReader(bytes: module.bytes, offset: offset)
        var clauses: [CatchClause] = []
        clauses.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let clause = try? reader.readCatchClause() else { break }
            clauses.append(clause)
        }
        return clauses
    }
}

extension ByteReader {
    /// `catch x l`, `catch_ref x l`, `catch_all l` or `catch_all_ref l`.
    mutating func readCatchClause() throws(ModuleError) -> CatchClause {
        let at = offset
        guard let kind = CatchClause.Kind(rawValue: try readByte()) else {
            throw ModuleError.malformed("malformed catch clause", at: at)
        }
        let tag = kind == .catch || kind == .catchReference ? try readU32() : nil
        return CatchClause(kind: kind, tag: tag, label: try readU32())
    }
}
