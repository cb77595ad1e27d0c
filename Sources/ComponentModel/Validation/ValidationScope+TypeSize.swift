/// The effective size of types: how many nodes a type has once every type
/// it refers to is written out in place. Types refer to earlier types by
/// index, so a few bytes can define a type of exponential size
/// (`t1 = tuple<t0, t0>`, `t2 = tuple<t1, t1>`, ...), and everything that
/// walks a resolved type (flattening, layout, hashing, subtyping) would take
/// exponential time. wasmparser caps the effective size of each defined type
/// at 1,000,000 ("effective type size exceeds the limit"); so do we. A
/// fixed-length list counts once, whatever its length: its size in memory
/// is checked apart, as CanonicalABI.md ("Element Size") requires of every
/// defined value type: `elem_size(t, 'i64')` below 2^28.
extension ValidationScope {
    static let maximumTypeSize = 1_000_000
    static let maximumByteSize = 1 << 28

    /// Each part of a defined type was checked when it was defined, so the
    /// 64-bit size computed here stays far from overflowing (at most
    /// 2^32 elements of fewer than 2^28 bytes, or 10^6 such fields).
    func checkByteSize(_ type: ComponentValueType, at offset: Int) throws(ComponentError) {
        guard CanonicalLayout.size(type, pointerSize: 8) < Self.maximumByteSize else {
            throw invalid("value type's maximum in-memory size exceeds maximum byte size", offset)
        }
    }

    /// The effective size of the type `reference` names: known for types
    /// defined in this scope, measured once (and at most up to the limit)
    /// for types that came in through imports and aliases.
    func typeSize(_ reference: ValueTypeReference) -> Int {
        guard case .index(let index) = reference else { return 1 }
        if let known = valueTypeSizes[Int(index)] { return known }
        guard Int(index) < types.count, case .value(let value) = types[Int(index)] else { return 1 }
        var budget = Self.maximumTypeSize + 1
        let size = value.effectiveSize(budget: &budget)
        valueTypeSizes[Int(index)] = size
        return size
    }

    func typeSize(_ definition: DefinedValueType) -> Int {
        var size = 1
        switch definition {
        case .primitive, .flags, .enum, .own, .borrow: break
        case .record(let fields): for field in fields { size += typeSize(field.type) }
        case .variant(let cases): for item in cases { size += item.type.map(typeSize) ?? 0 }
        case .list(let element), .option(let element), .fixedLengthList(let element, _): size += typeSize(element)
        case .map(let key, let value): size += typeSize(key) + typeSize(value)
        case .tuple(let elements): for element in elements { size += typeSize(element) }
        case .result(let ok, let error): size += (ok.map(typeSize) ?? 0) + (error.map(typeSize) ?? 0)
        case .stream(let element), .future(let element): size += element.map(typeSize) ?? 0
        }
        return size
    }

    func typeSize(_ definition: FunctionTypeDefinition) -> Int {
        definition.parameters.reduce(1 + (definition.result.map(typeSize) ?? 0)) { $0 + typeSize($1.type) }
    }

    func checkTypeSize(_ size: Int, at offset: Int) throws(ComponentError) {
        guard size <= Self.maximumTypeSize else {
            throw invalid("effective type size exceeds the limit of \(Self.maximumTypeSize)", offset)
        }
    }
}

extension ComponentValueType {
    /// Nodes of this type written out, counting down `budget` and stopping
    /// when it runs out (the result is then at least the budget given).
    func effectiveSize(budget: inout Int) -> Int {
        budget -= 1
        var size = 1
        func add(_ type: ComponentValueType?) {
            guard let type, budget > 0 else { return }
            size += type.effectiveSize(budget: &budget)
        }
        switch self {
        case .list(let element), .option(let element), .fixedLengthList(let element, _): add(element)
        case .map(let key, let value): add(key); add(value)
        case .record(let fields): for field in fields { add(field.type) }
        case .tuple(let elements): for element in elements { add(element) }
        case .variant(let cases): for item in cases { add(item.type) }
        case .result(let ok, let error): add(ok); add(error)
        case .stream(let element), .future(let element): add(element)
        default: break
        }
        return size
    }
}
