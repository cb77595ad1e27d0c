/// Gives types an identity that every module agrees on (spec §3.1.3, type
/// equivalence): two defined types are the same when they sit at the same
/// position of structurally equal recursion groups, with references inside a
/// group compared by position and references out of it by identity.
///
/// A validator keeps one per module, so that `(ref $a)` and `(ref $b)` match
/// when `$a` and `$b` are equal definitions; an engine keeps one for all its
/// modules, so that casts, `call_indirect` and import matching compare
/// identities. Identities are consecutive within a group.
public struct TypeRegistry: Sendable {
    /// A recursion group's structure, as words, to the identity of its first type.
    private var groups: [[UInt64]: Int] = [:]
    /// By identity: the type in engine form (concrete heap types and
    /// supertypes are identities), and its declared supertype's identity.
    public private(set) var definitions: [SubType] = []
    public private(set) var supertypes: [Int] = []
    public var count: Int { definitions.count }

    public init() {}

    /// The identities of a module's types, group by group, or the index of
    /// the first type that names a type defined after its own group (invalid).
    public mutating func register(_ types: [SubType], groups: [Range<Int>]) -> Result<[Int], TypeReferenceError> {
        var identities: [Int] = []
        identities.reserveCapacity(types.count)
        for group in groups {
            var key: [UInt64] = [UInt64(group.count)]
            for index in group {
                guard Self.append(types[index], to: &key, group: group, identities: identities) else {
                    return .failure(TypeReferenceError(typeIndex: index))
                }
            }
            let base: Int
            if let known = self.groups[key] {
                base = known
            } else {
                base = count
                // Engine form: positions inside the group become identities (base + position).
                let engineForm = group.map { index in
                    types[index].mapTypeIndices { referenced in
                        Int(referenced) >= group.lowerBound
                            ? UInt32(base + Int(referenced) - group.lowerBound) : UInt32(identities[Int(referenced)])
                    }
                }
                add(key, engineForm)
            }
            for position in 0..<group.count { identities.append(base + position) }
        }
        return .success(identities)
    }

    /// The identity of a final function type in engine form, whose concrete
    /// heap types are identities already (a host function's type).
    public mutating func register(engineForm type: FunctionType) -> Int {
        let subType = SubType(composite: .function(type))
        var key: [UInt64] = [1]
        _ = Self.append(subType, to: &key, group: 0..<0, identities: nil)
        if let known = groups[key] { return known }
        defer { add(key, [subType]) }
        return count
    }

    private mutating func add(_ key: [UInt64], _ group: [SubType]) {
        groups[key] = count
        for type in group {
            definitions.append(type)
            supertypes.append(type.supertypes.first.map { Int($0) } ?? -1)
        }
    }

    /// A sub type's words: finality, supertypes, the composite's kind and
    /// each component. False when it names a type after its group.
    private static func append(_ type: SubType, to key: inout [UInt64], group: Range<Int>, identities: [Int]?) -> Bool {
        func reference(_ index: UInt32) -> UInt64? {
            guard let identities else { return 2 << 48 | UInt64(index) }  // engine form
            if Int(index) >= group.lowerBound {
                guard Int(index) < group.upperBound else { return nil }
                return 1 << 48 | UInt64(Int(index) - group.lowerBound)
            }
            return 2 << 48 | UInt64(identities[Int(index)])
        }
        func word(_ type: ValueType) -> UInt64? {
            guard let index = type.referenceType?.heapType.typeIndex else { return UInt64(type.bits) }
            return reference(index).map { UInt64(type.bits & 0xFF) << 56 | $0 }
        }
        func word(_ field: FieldType) -> UInt64? {
            let mutability: UInt64 = field.isMutable ? 1 << 47 : 0
            switch field.storage {
            case .i8: return 0x78 | mutability
            case .i16: return 0x77 | mutability
            case .value(let type): return word(type).map { $0 | mutability }
            }
        }
        key.append(type.isFinal ? 1 : 0)
        key.append(UInt64(type.supertypes.count))
        for supertype in type.supertypes {
            guard let word = reference(supertype) else { return false }
            key.append(word)
        }
        var words: [UInt64?]
        switch type.composite {
        case .function(let function):
            key.append(0x60)
            key.append(UInt64(function.parameters.count))
            words = (function.parameters + function.results).map(word)
        case .structure(let fields):
            key.append(0x5F)
            key.append(UInt64(fields.count))
            words = fields.map(word)
        case .array(let element):
            key.append(0x5E)
            words = [word(element)]
        }
        for word in words {
            guard let word else { return false }
            key.append(word)
        }
        return true
    }
}

/// A type that names a type defined after its recursion group.
public struct TypeReferenceError: Error, Sendable {
    public let typeIndex: Int
}

extension SubType {
    /// The same type with every concrete type index (in its components and
    /// supertypes) renumbered.
    public func mapTypeIndices(_ transform: (UInt32) -> UInt32) -> SubType {
        func field(_ field: FieldType) -> FieldType {
            guard case .value(let type) = field.storage else { return field }
            return FieldType(storage: .value(type.mapTypeIndex(transform)), isMutable: field.isMutable)
        }
        let composite: CompositeType
        switch self.composite {
        case .function(let function):
            composite = .function(FunctionType(parameters: function.parameters.map { $0.mapTypeIndex(transform) },
                                               results: function.results.map { $0.mapTypeIndex(transform) }))
        case .structure(let fields): composite = .structure(fields.map(field))
        case .array(let element): composite = .array(field(element))
        }
        return SubType(isFinal: isFinal, supertypes: supertypes.map(transform), composite: composite)
    }
}

/// The subtype relation on value types (spec §3.3.1, "matching"), given the
/// identities of a module's types and the registry that made them: a
/// concrete type matches its declared supertypes, transitively, and the
/// abstract type of its kind (`func`, `struct` or `array`, then `eq` and `any`).
package struct TypeHierarchy: Sendable {
    /// Identity by type index; concrete types in engine form are identities already (nil).
    let identities: [Int]?
    /// By identity: the declared supertype's identity (or -1), and the type.
    let supertypes: [Int]
    let definitions: [SubType]

    package init(identities: [Int]?, registry: TypeRegistry) {
        self.identities = identities
        supertypes = registry.supertypes
        definitions = registry.definitions
    }

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
            return isSubtype(identity(actualIndex), of: identity(expectedIndex))
        case (let actualIndex?, nil):
            guard let kind = abstractKind(identity(actualIndex)) else { return false }
            return kind == expected || (Self.abstractSupertypes[kind]?.contains(expected) ?? false)
        case (nil, let expectedIndex?):
            guard let kind = abstractKind(identity(expectedIndex)) else { return false }
            return actual == Self.bottom(of: kind)
        case (nil, nil):
            return Self.abstractSupertypes[actual]?.contains(expected) ?? false
        }
    }

    /// Whether the type of identity `actual` is `expected` or declares it as a supertype, transitively.
    package func isSubtype(_ actual: Int, of expected: Int) -> Bool {
        var current = actual
        while current >= 0 {
            if current == expected { return true }
            current = current < supertypes.count ? supertypes[current] : -1
        }
        return false
    }

    /// `func`, `struct` or `array`: the abstract type just above a defined type.
    func abstractKind(_ identity: Int) -> HeapType? {
        identity >= 0 && identity < definitions.count ? definitions[identity].composite.abstractSupertype : nil
    }

    /// The type of identity `identity` (engine form), if registered.
    package func definition(_ identity: Int) -> SubType? {
        identity >= 0 && identity < definitions.count ? definitions[identity] : nil
    }

    package func identity(_ index: UInt32) -> Int {
        guard let identities else { return Int(index) }
        return Int(index) < identities.count ? identities[Int(index)] : -1 - Int(index)
    }

    /// The bottom type of the hierarchy `type` belongs to (`none`, `nofunc`, ...).
    package static func bottom(of type: HeapType) -> HeapType {
        switch type {
        case .function, .noFunction: .noFunction
        case .extern, .noExtern: .noExtern
        case .exception, .noException: .noException
        default: .none
        }
    }

    /// Each abstract heap type's strict supertypes among the abstract ones.
    static let abstractSupertypes: [HeapType: Set<HeapType>] = [
        .none: [.i31, .structure, .array, .eq, .any],
        .i31: [.eq, .any], .structure: [.eq, .any], .array: [.eq, .any], .eq: [.any],
        .noFunction: [.function], .noExtern: [.extern], .noException: [.exception],
    ]
}
