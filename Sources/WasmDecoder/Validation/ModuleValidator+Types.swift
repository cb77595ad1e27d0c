extension ModuleValidator {
    /// The type section (spec §3.2.10, §3.4.1): every declared supertype is
    /// one earlier type, not final, of the same kind, and the type matches it
    /// structurally (parameters contravariant, results and immutable fields
    /// covariant, mutable fields invariant).
    func validateTypes() throws(ModuleError) {
        let types = module.definedTypes
        // How many supertypes each type has above it, bounded as wasmtime
        // bounds it: casts and the engine keep each type's whole chain.
        var depths: [Int] = []
        depths.reserveCapacity(types.count)
        for (index, type) in types.enumerated() {
            guard type.supertypes.count <= 1 else { throw ModuleError.invalid("multiple supertypes", at: 0) }
            if case .structure(let fields) = type.composite, fields.count > Self.maximumStructFields {
                throw ModuleError.invalid("struct type of \(fields.count) fields exceeds the limit of \(Self.maximumStructFields)", at: 0)
            }
            guard let supertypeIndex = type.supertypes.first else {
                depths.append(0)
                continue
            }
            guard Int(supertypeIndex) < index else { throw ModuleError.invalid("unknown type \(supertypeIndex)", at: 0) }
            let supertype = types[Int(supertypeIndex)]
            guard !supertype.isFinal, compositeMatches(type.composite, supertype.composite) else {
                throw ModuleError.invalid("sub type \(index) does not match super type \(supertypeIndex)", at: 0)
            }
            depths.append(depths[Int(supertypeIndex)] + 1)
            guard depths[index] <= Self.maximumSubtypingDepth else {
                throw ModuleError.invalid("sub type hierarchy too deep: type \(index) has more than \(Self.maximumSubtypingDepth) supertypes", at: 0)
            }
        }
    }

    /// Implementation limits, wasmtime's (its validator's) so that a module
    /// one engine takes the other takes too.
    static let maximumSubtypingDepth = 63
    static let maximumStructFields = 10_000

    func compositeMatches(_ actual: CompositeType, _ expected: CompositeType) -> Bool {
        let hierarchy = context.hierarchy
        switch (actual, expected) {
        case let (.function(actual), .function(expected)):
            return actual.parameters.count == expected.parameters.count && actual.results.count == expected.results.count
                && zip(expected.parameters, actual.parameters).allSatisfy(hierarchy.matches)
                && zip(actual.results, expected.results).allSatisfy(hierarchy.matches)
        case let (.structure(actual), .structure(expected)):
            return actual.count >= expected.count && zip(actual, expected).allSatisfy(fieldMatches)
        case let (.array(actual), .array(expected)):
            return fieldMatches(actual, expected)
        default:
            return false
        }
    }

    func fieldMatches(_ actual: FieldType, _ expected: FieldType) -> Bool {
        guard actual.isMutable == expected.isMutable else { return false }
        switch (actual.storage, expected.storage) {
        case let (.value(actualType), .value(expectedType)):
            let hierarchy = context.hierarchy
            return hierarchy.matches(actualType, expectedType)
                && (!actual.isMutable || hierarchy.matches(expectedType, actualType))
        default:
            return actual.storage == expected.storage
        }
    }

    /// A type index that must name a function type (a function's, a tag's, a block's).
    func checkFunctionTypeIndex(_ index: UInt32, at offset: Int) throws(ModuleError) {
        try checkTypeIndex(index, at: offset)
        guard module.definedTypes[Int(index)].functionType != nil else {
            throw ModuleError.invalid("type mismatch: type \(index) is not a function type", at: offset)
        }
    }
}
