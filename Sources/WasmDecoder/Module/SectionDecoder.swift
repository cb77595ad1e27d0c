/// Decodes the section sequence of a module binary (spec §5.5) into a `Module`.
/// Function bodies are only split off, not read; `FunctionValidator` reads them.
struct SectionDecoder {
    var module: Module
    var reader: ByteReader

    /// Section ids in the order the spec requires them (custom sections aside).
    /// Tag (13) belongs to exception handling, between memory and global.
    static let sectionOrder: [UInt8: Int] = [
        1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
    ]

    init(bytes: [UInt8], features: WasmFeatures) {
        module = Module(bytes: bytes, features: features)
        reader = ByteReader(bytes: bytes)
    }

    mutating func decode() throws(ModuleError) -> Module {
        try readPreamble()
        var lastPosition = 0
        var sawCode = false
        var sawData = false
        while !reader.isAtEnd {
            let idOffset = reader.offset
            let id = try reader.readByte()
            let sizeOffset = reader.offset
            let size = Int(try reader.readU32())
            guard size <= reader.remaining else {
                throw ModuleError.malformed("length out of bounds", at: sizeOffset)
            }
            var section = try reader.subReader(length: size)
            if id == 0 {
                try readCustomSection(&section)
                continue
            }
            guard let position = Self.sectionOrder[id] else {
                throw ModuleError.malformed("malformed section id", at: idOffset)
            }
            guard position > lastPosition else {
                throw ModuleError.malformed("unexpected content after last section", at: idOffset)
            }
            lastPosition = position
            switch id {
            case 1: try readTypeSection(&section)
            case 2: try readImportSection(&section)
            case 3: try readFunctionSection(&section)
            case 4: try readTableSection(&section)
            case 5: try readMemorySection(&section)
            case 6: try readGlobalSection(&section)
            case 7: try readExportSection(&section)
            case 8: module.start = try section.readU32()
            case 9: try readElementSection(&section)
            case 10: try readCodeSection(&section); sawCode = true
            case 11: try readDataSection(&section); sawData = true
            case 12: module.dataCount = try section.readU32()
            case 13 where module.features.contains(.exceptionHandling): try readTagSection(&section)
            default: throw ModuleError.unsupported(.exceptionHandling, at: idOffset)
            }
            guard section.isAtEnd else {
                throw ModuleError.malformed("section size mismatch", at: section.offset)
            }
        }
        if !sawCode && !module.functionTypeIndices.isEmpty {
            throw ModuleError.malformed("function and code section have inconsistent lengths", at: reader.offset)
        }
        if !sawData, let count = module.dataCount, count != 0 {
            throw ModuleError.malformed("data count and data section have inconsistent lengths", at: reader.offset)
        }
        return module
    }

    mutating func readPreamble() throws(ModuleError) {
        let magic = try reader.readBytes(4)
        guard magic.elementsEqual([0x00, 0x61, 0x73, 0x6D]) else {
            throw ModuleError.malformed("magic header not detected", at: 0)
        }
        let version = try reader.readBytes(4)
        guard version.elementsEqual([0x01, 0x00, 0x00, 0x00]) else {
            // 0x0d 0x00 0x01 0x00 and similar: a component, not a core module.
            let isComponent = version.count == 4 && version[version.startIndex + 2] == 0x01
                && version[version.startIndex + 3] == 0x00
            throw ModuleError.malformed(
                isComponent ? "unknown binary version: this is a component, not a core module"
                            : "unknown binary version", at: 4)
        }
    }

    mutating func readCustomSection(_ section: inout ByteReader) throws(ModuleError) {
        let name = try section.readName()
        let payload = section.offset..<section.end
        module.customSections.append(CustomSection(name: name, range: payload))
        if name == "name" && module.names == nil {
            module.names = NameSection.decode(ByteReader(bytes: section.bytes, offset: payload.lowerBound, end: payload.upperBound))
        }
        section.offset = section.end
    }

    mutating func readTypeSection(_ section: inout ByteReader) throws(ModuleError) {
        // Later proposals' types can be two bytes long, so no tighter bound here.
        let count = try section.readCount()
        module.types.reserveCapacity(count)
        for _ in 0..<count {
            let at = section.offset
            let start = module.definedTypes.count
            if try section.peekByte() == 0x4E {
                guard module.features.contains(.gc) else { throw ModuleError.unsupported(.gc, at: at) }
                section.offset += 1
                let members = try section.readCount()
                for _ in 0..<members { try readSubType(&section) }
            } else {
                try readSubType(&section)
            }
            module.recursionGroups.append(start..<module.definedTypes.count)
        }
    }

    /// One sub type (spec §5.3.9): `0x50`/`0x4F` (open/final) with its
    /// supertypes, or a bare composite type, which is final.
    mutating func readSubType(_ section: inout ByteReader) throws(ModuleError) {
        let at = section.offset
        var isFinal = true
        var supertypes: [UInt32] = []
        let form = try section.peekByte()
        if form == 0x50 || form == 0x4F {
            guard module.features.contains(.gc) else { throw ModuleError.unsupported(.gc, at: at) }
            section.offset += 1
            isFinal = form == 0x4F
            let count = try section.readCount()
            for _ in 0..<count { supertypes.append(try section.readU32()) }
        }
        let composite = try readCompositeType(&section)
        let type = SubType(isFinal: isFinal, supertypes: supertypes, composite: composite)
        module.definedTypes.append(type)
        module.types.append(type.functionType ?? FunctionType(parameters: [], results: []))
    }

    func readCompositeType(_ section: inout ByteReader) throws(ModuleError) -> CompositeType {
        let at = section.offset
        let form = try section.readByte()
        switch form {
        case 0x60:
            let parameters = try readValueTypes(&section)
            return .function(FunctionType(parameters: parameters, results: try readValueTypes(&section)))
        case 0x5F, 0x5E:
            guard module.features.contains(.gc) else { throw ModuleError.unsupported(.gc, at: at) }
            if form == 0x5E { return .array(try readFieldType(&section)) }
            let count = try section.readCount()
            var fields: [FieldType] = []
            for _ in 0..<count { fields.append(try readFieldType(&section)) }
            return .structure(fields)
        case 0x4E, 0x4F, 0x50: throw ModuleError.unsupported(.gc, at: at)
        default: throw ModuleError.malformed("integer representation too long", at: at)
        }
    }

    func readFieldType(_ section: inout ByteReader) throws(ModuleError) -> FieldType {
        let storage: StorageType
        switch try section.peekByte() {
        case 0x78: section.offset += 1; storage = .i8
        case 0x77: section.offset += 1; storage = .i16
        default: storage = .value(try section.readValueType(features: module.features))
        }
        let at = section.offset
        switch try section.readByte() {
        case 0: return FieldType(storage: storage, isMutable: false)
        case 1: return FieldType(storage: storage, isMutable: true)
        default: throw ModuleError.malformed("malformed mutability", at: at)
        }
    }

    func readValueTypes(_ section: inout ByteReader) throws(ModuleError) -> [ValueType] {
        let count = try section.readCount()
        var types: [ValueType] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try section.readValueType(features: module.features)) }
        return types
    }

    mutating func readImportSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 4)
        module.imports.reserveCapacity(count)
        for _ in 0..<count {
            let moduleName = try section.readName()
            let name = try section.readName()
            let kindOffset = section.offset
            let descriptor: ImportDescriptor
            switch try section.readByte() {
            case 0x00:
                let typeIndex = try section.readU32()
                descriptor = .function(typeIndex: typeIndex)
                module.importedFunctionTypes.append(typeIndex)
            case 0x01:
                let type = try section.readTableType(features: module.features)
                descriptor = .table(type)
                module.importedTables.append(type)
            case 0x02:
                let type = try section.readMemoryType(features: module.features)
                descriptor = .memory(type)
                module.importedMemories.append(type)
            case 0x03:
                let type = try section.readGlobalType(features: module.features)
                descriptor = .global(type)
                module.importedGlobals.append(type)
            case 0x04:
                guard module.features.contains(.exceptionHandling) else {
                    throw ModuleError.unsupported(.exceptionHandling, at: kindOffset)
                }
                let typeIndex = try section.readTagType()
                descriptor = .tag(typeIndex: typeIndex)
                module.importedTags.append(typeIndex)
            default:
                throw ModuleError.malformed("malformed import kind", at: kindOffset)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
        module.importedFunctionCount = module.importedFunctionTypes.count
        module.importedTableCount = module.importedTables.count
        module.importedMemoryCount = module.importedMemories.count
        module.importedGlobalCount = module.importedGlobals.count
    }

    mutating func readFunctionSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount()
        module.functionTypeIndices.reserveCapacity(count)
        for _ in 0..<count { module.functionTypeIndices.append(try section.readU32()) }
    }

    mutating func readTableSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 3)
        for _ in 0..<count {
            var initializer: ConstExpression?
            if try section.peekByte() == 0x40 {
                let at = section.offset
                guard module.features.contains(.functionReferences) else {
                    throw ModuleError.unsupported(.functionReferences, at: at)
                }
                section.offset += 1
                guard try section.readByte() == 0x00 else { throw ModuleError.malformed("malformed table", at: at) }
                let type = try section.readTableType(features: module.features)
                initializer = try section.readConstExpression(features: module.features)
                module.tables.append(type)
            } else {
                module.tables.append(try section.readTableType(features: module.features))
            }
            module.tableInitializers.append(initializer)
        }
    }

    /// The tag section (Wasm 3.0, id 13): one tag type per tag.
    mutating func readTagSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 2)
        for _ in 0..<count { module.tags.append(try section.readTagType()) }
    }

    mutating func readMemorySection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 2)
        for _ in 0..<count { module.memories.append(try section.readMemoryType(features: module.features)) }
    }

    mutating func readGlobalSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 3)
        module.globals.reserveCapacity(count)
        for _ in 0..<count {
            let type = try section.readGlobalType(features: module.features)
            let initializer = try section.readConstExpression(features: module.features)
            module.globals.append(Global(type: type, initializer: initializer))
        }
    }

    mutating func readExportSection(_ section: inout ByteReader) throws(ModuleError) {
        let count = try section.readCount(minimumElementSize: 3)
        module.exports.reserveCapacity(count)
        for _ in 0..<count {
            let name = try section.readName()
            let kindOffset = section.offset
            let kindByte = try section.readByte()
            guard let kind = ExternalKind(rawValue: kindByte) else {
                throw ModuleError.malformed("malformed export kind", at: kindOffset)
            }
            if kind == .tag && !module.features.contains(.exceptionHandling) {
                throw ModuleError.unsupported(.exceptionHandling, at: kindOffset)
            }
            module.exports.append(Export(name: name, kind: kind, index: try section.readU32()))
        }
    }

    mutating func readCodeSection(_ section: inout ByteReader) throws(ModuleError) {
        let countOffset = section.offset
        let count = try section.readCount()
        guard count == module.functionTypeIndices.count else {
            throw ModuleError.malformed("function and code section have inconsistent lengths", at: countOffset)
        }
        module.bodies.reserveCapacity(count)
        for _ in 0..<count {
            let size = Int(try section.readU32())
            var body = try section.subReader(length: size)
            module.bodies.append(try readFunctionBody(&body))
        }
    }

    /// Local declarations (spec §5.5.13); the instructions stay in place.
    func readFunctionBody(_ body: inout ByteReader) throws(ModuleError) -> FunctionBody {
        let groupCount = try body.readCount(minimumElementSize: 2)
        var locals: [LocalDeclaration] = []
        locals.reserveCapacity(groupCount)
        var total: UInt64 = 0
        for _ in 0..<groupCount {
            let countOffset = body.offset
            let count = try body.readU32()
            total += UInt64(count)
            guard total <= UInt64(UInt32.max) else {
                throw ModuleError.malformed("too many locals", at: countOffset)
            }
            locals.append(LocalDeclaration(count: count, type: try body.readValueType(features: module.features)))
        }
        return FunctionBody(locals: locals, localCount: UInt32(total), code: body.offset..<body.end)
    }

    mutating func readDataSection(_ section: inout ByteReader) throws(ModuleError) {
        let countOffset = section.offset
        let count = try section.readCount()
        if let declared = module.dataCount, declared != count {
            throw ModuleError.malformed("data count and data section have inconsistent lengths", at: countOffset)
        }
        module.data.reserveCapacity(count)
        for _ in 0..<count {
            let flagOffset = section.offset
            let mode: SegmentMode
            switch try section.readU32() {
            case 0:
                mode = .active(index: 0, offset: try section.readConstExpression(features: module.features))
            case 1:
                mode = .passive
            case 2:
                let memory = try section.readU32()
                mode = .active(index: memory, offset: try section.readConstExpression(features: module.features))
            default:
                throw ModuleError.malformed("malformed data segment kind", at: flagOffset)
            }
            let lengthOffset = section.offset
            let length = Int(try section.readU32())
            guard length <= section.remaining else {
                throw ModuleError.malformed("unexpected end of section or function", at: lengthOffset)
            }
            let start = try section.skip(length)
            module.data.append(DataSegment(mode: mode, range: start..<start + length))
        }
    }
}

/// Decodes a module binary without validating it (spec §5).
///
/// - Throws: `ModuleError` with kind `.malformed`, or `.unsupported` for a
///   construct of a later proposal.
public func decodeModule(_ bytes: [UInt8], features: WasmFeatures = .wasm2) throws(ModuleError) -> Module {
    var decoder = SectionDecoder(bytes: bytes, features: features)
    return try decoder.decode()
}

extension ByteReader {
    /// A tag type: the attribute 0 (an exception) and a function type index.
    mutating func readTagType() throws(ModuleError) -> UInt32 {
        let at = offset
        guard try readByte() == 0x00 else { throw ModuleError.malformed("malformed tag attribute", at: at) }
        return try readU32()
    }
}
