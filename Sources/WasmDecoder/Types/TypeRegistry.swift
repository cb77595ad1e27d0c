/// Gives types an identity that every module agrees on (spec §3.1.3, type
/// equivalence): two defined types are the same when their recursion groups
/// are structurally equal, with references inside a group compared by
/// position and references out of it by identity.
///
/// A validator keeps one per module, so that `(ref $a)` and `(ref $b)` match
/// when `$a` and `$b` are equal definitions; an engine keeps one for all its
/// modules, so that `call_indirect` and import matching compare identities.
public struct TypeRegistry: Sendable {
    /// A recursion group's structure, as words, to the identity of its first type.
    private var groups: [[UInt64]: Int] = [:]
    public private(set) var count = 0

    public init() {}

    /// The identities of `types` (a module's type section, each type its own
    /// recursion group), or the index of the first type that names a type
    /// defined after it (invalid: a type may name only itself and earlier types).
    public mutating func register(_ types: [FunctionType]) -> Result<[Int], TypeReferenceError> {
        var identities: [Int] = []
        identities.reserveCapacity(types.count)
        for (index, type) in types.enumerated() {
            var key: [UInt64] = []
            key.reserveCapacity(type.parameters.count + type.results.count + 2)
            key.append(UInt64(type.parameters.count))
            for valueType in type.parameters + type.results {
                guard let word = Self.word(valueType, group: index, identities: identities) else {
                    return .failure(TypeReferenceError(typeIndex: index))
                }
                key.append(word)
            }
            identities.append(identity(of: key))
        }
        return .success(identities)
    }

    /// The identity of a type in engine form, whose concrete heap types are
    /// identities already (a host function's type).
    public mutating func register(engineForm type: FunctionType) -> Int {
        var key: [UInt64] = [UInt64(type.parameters.count)]
        for valueType in type.parameters + type.results {
            if let index = valueType.referenceType?.heapType.typeIndex {
                key.append(UInt64(valueType.bits & 0xFF) << 56 | 2 << 48 | UInt64(index))
            } else {
                key.append(UInt64(valueType.bits))
            }
        }
        return identity(of: key)
    }

    private mutating func identity(of key: [UInt64]) -> Int {
        if let known = groups[key] { return known }
        defer { count += 1 }
        groups[key] = count
        return count
    }

    /// A value type as a word of a group's key: concrete references inside the
    /// group by position (tag 1), earlier ones by identity (tag 2).
    private static func word(_ type: ValueType, group start: Int, identities: [Int]) -> UInt64? {
        guard let reference = type.referenceType, let index = reference.heapType.typeIndex else {
            return UInt64(type.bits)
        }
        let code = UInt64(type.bits & 0xFF) << 56
        if Int(index) >= start {
            guard Int(index) == start else { return nil }  // only the type itself, until `rec` groups
            return code | 1 << 48 | UInt64(Int(index) - start)
        }
        return code | 2 << 48 | UInt64(identities[Int(index)])
    }
}

/// A type that names a type defined after it.
public struct TypeReferenceError: Error, Sendable {
    public let typeIndex: Int
}

/// The subtype relation on value types (spec §3.3.1, "matching"), given the
/// identities of a module's types (`TypeRegistry`). Every defined type is a
/// function type, final and without declared supertypes, until GC lands.
package struct TypeHierarchy: Sendable {
    /// Identity by type index; concrete types in engine form are identities already (nil).
    let identities: [Int]?

    package init(identities: [Int]?) { self.identities = identities }

    @inline(__always)
    package func matches(_ actual: ValueType, _ expected: ValueType) -> Bool {
        actual == expected || matchesSlowly(actual, expected)
    }

    private func matchesSlowly(_ actual: ValueType, _ expected: ValueType) -> Bool {
        guard let actualReference = actual.referenceType, let expectedReference = expected.referenceType else {
            return false
        }
        if actualReference.isNullable && !expectedReference.isNullable { return false }
        return matches(actualReference.heapType, expectedReference.heapType)
    }

    package func matches(_ actual: HeapType, _ expected: HeapType) -> Bool {
        if actual == expected || actual == .bottom { return true }
        switch (actual.typeIndex, expected.typeIndex) {
        case let (actualIndex?, expectedIndex?):
            return identity(actualIndex) == identity(expectedIndex)
        case (.some, nil):
            // A concrete type is a function type, below `func`.
            return expected == .function
        case (nil, let expectedIndex?):
            _ = expectedIndex
            return actual == .noFunction
        case (nil, nil):
            return Self.abstractSupertypes[actual]?.contains(expected) ?? false
        }
    }

    private func identity(_ index: UInt32) -> Int {
        guard let identities else { return Int(index) }
        return Int(index) < identities.count ? identities[Int(index)] : -1 - Int(index)
    }

    /// Each abstract heap type's strict supertypes among the abstract ones.
    static let abstractSupertypes: [HeapType: Set<HeapType>] = [
        .none: [.i31, .structure, .array, .eq, .any],
        .i31: [.eq, .any], .structure: [.eq, .any], .array: [.eq, .any], .eq: [.any],
        .noFunction: [.function], .noExtern: [.extern], .noException: [.exception],
    ]
}
