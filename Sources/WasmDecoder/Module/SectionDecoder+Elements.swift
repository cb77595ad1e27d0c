extension SectionDecoder {
    /// The element section (spec §5.5.12): flags 0...7 pick among active,
    /// passive and declarative modes, an explicit table index, and function
    /// indices versus constant expressions.
    mutating func readElementSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount()
        module.elements.reserveCapacity(count)
        for _ in 0..<count {
            module.elements.append(try readElementSegment(&section))
        }
    }

    private mutating func readElementSegment(_ section: inout ByteReader) throws(ModuleError) -> ElementSegment {
        let flagOffset = section.offset
        let flags = try section.readU32()
        guard flags <= 7 else {
            throw ModuleError.malformed("malformed elements segment kind", at: flagOffset)
        }
        let isPassiveOrDeclarative = flags & 0b001 != 0
        let hasTableIndexOrKind = flags & 0b010 != 0
        let usesExpressions = flags & 0b100 != 0

        let mode: SegmentMode
        if isPassiveOrDeclarative {
            mode = hasTableIndexOrKind ? .declarative : .passive
        } else {
            let table = hasTableIndexOrKind ? try section.readU32() : 0
            mode = .active(index: table, offset: try section.readConstExpression(features: module.features))
        }

        // Function indices are non-null function references (Wasm 3.0's
        // `(ref func)`); flag 4 implies funcref; the others spell out a type.
        var type = usesExpressions ? ReferenceType.funcref : ReferenceType(isNullable: false, heapType: .function)
        if isPassiveOrDeclarative || hasTableIndexOrKind {
            if usesExpressions {
                type = try section.readReferenceType(features: module.features)
            } else {
                let kindOffset = section.offset
                guard try section.readByte() == 0x00 else {
                    throw ModuleError.malformed("malformed element kind", at: kindOffset)
                }
            }
        }

        let itemCount = try section.readCount()
        let items: ElementItems
        if usesExpressions {
            var expressions: [ConstExpression] = []
            expressions.reserveCapacity(itemCount)
            for _ in 0..<itemCount {
                expressions.append(try section.readConstExpression(features: module.features))
            }
            items = .expressions(expressions)
        } else {
            var indices: [UInt32] = []
            indices.reserveCapacity(itemCount)
            for _ in 0..<itemCount { indices.append(try section.readU32()) }
            items = .functions(indices)
        }
        return ElementSegment(type: type, items: items, mode: mode)
    }
}
