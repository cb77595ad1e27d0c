internal import WasmDecoder

/// Decodes a component binary (Binary.md) into a `Component`, section by
/// section. Nested components and core modules are located by their byte
/// ranges in the one binary; nothing is copied. Gated features (async,
/// values, threads, ...) are recognised and refused as `unsupported`.
public func decodeComponent(_ bytes: [UInt8]) throws(ComponentError) -> Component {
    var reader = ComponentReader(bytes)
    return try ComponentDecoder.component(&reader, depth: 0)
}

enum ComponentDecoder {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0d, 0x00, 0x01, 0x00]
    /// Components nest; a bound keeps hostile nesting off the native stack.
    static let maximumDepth = 100

    static func component(_ reader: inout ComponentReader, depth: Int) throws(ComponentError) -> Component {
        guard depth <= maximumDepth else { throw reader.malformed("components nested too deeply") }
        let start = reader.offset
        for expected in preamble.prefix(4) {
            guard (try? reader.peek()) == expected else { throw reader.malformed("magic header not detected", at: start) }
            _ = try reader.byte()
        }
        let versionAt = reader.offset
        var header: [UInt8] = []
        for _ in 0..<4 {
            guard !reader.isAtEnd else { throw reader.malformed("unexpected end", at: versionAt) }
            header.append(try reader.byte())
        }
        guard header == Array(preamble[4...]) else {
            if header[2] == 0x00, header[3] == 0x00 {
                throw reader.malformed("expected a component, found a core module", at: versionAt)
            }
            throw reader.malformed("unknown binary version and encoding", at: versionAt)
        }
        var definitions: [ComponentDefinition] = []
        var offsets: [Int] = []
        var customSections: [(name: String, contents: Range<Int>)] = []
        while !reader.isAtEnd {
            let idAt = reader.offset
            let id = try reader.byte()
            let length = Int(try reader.u32())
            var section = try reader.sub(length: length)
            if id != 0 { offsets.append(idAt) }
            switch id {
            case 0:
                let name = try section.name()
                customSections.append((name, section.offset..<reader.offset))
                continue
            case 1:
                definitions.append(try coreModule(reader.bytes.bytes, section.offset..<reader.offset))
                continue
            case 2: definitions.append(.coreInstances(try section.vector(coreInstance)))
            case 3: definitions.append(.coreTypes(try section.vector { (r) throws(ComponentError) in try coreType(&r) }))
            case 4:
                definitions.append(.component(try component(&section, depth: depth + 1)))
            case 5: definitions.append(.instances(try section.vector(instance)))
            case 6: definitions.append(.aliases(try section.vector(alias)))
            case 7: definitions.append(.types(try section.vector { (r) throws(ComponentError) in try type(&r, depth: depth) }))
            case 8: definitions.append(.canons(try section.vector(canon)))
            case 9, 12: throw .unsupported(.values, at: idAt)
            case 10: definitions.append(.imports(try section.vector(importDefinition)))
            case 11: definitions.append(.exports(try section.vector(exportDefinition)))
            default: throw reader.malformed("malformed section id", at: idAt)
            }
            guard section.isAtEnd else { throw section.malformed("section size mismatch") }
        }
        return Component(definitions: definitions, offsets: offsets, customSections: customSections)
    }

    /// An embedded core module, decoded by WasmDecoder; its errors keep
    /// offsets into the whole component binary.
    static func coreModule(_ bytes: [UInt8], _ range: Range<Int>) throws(ComponentError) -> ComponentDefinition {
        do {
            return .coreModule(try decodeModule(Array(bytes[range]), features: .default), bytes: range)
        } catch {
            throw ComponentError(ComponentError(error).kind, error.message, offset: range.lowerBound + error.offset)
        }
    }

    // MARK: Instances, aliases, imports and exports

    static func coreSort(_ reader: inout ComponentReader) throws(ComponentError) -> CoreSort {
        let at = reader.offset
        let byte = try reader.byte()
        guard let sort = CoreSort(rawValue: byte) else { throw reader.malformed("invalid core sort 0x\(hex(byte))", at: at) }
        return sort
    }

    static func sort(_ reader: inout ComponentReader) throws(ComponentError) -> Sort {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return .core(try coreSort(&reader))
        case 0x01: return .function
        case 0x02: throw .unsupported(.values, at: at)
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        case let byte: throw reader.malformed("invalid sort 0x\(hex(byte))", at: at)
        }
    }

    static func sortIndex(_ reader: inout ComponentReader) throws(ComponentError) -> SortIndex {
        SortIndex(sort: try sort(&reader), index: try reader.u32())
    }

    static func coreInstance(_ reader: inout ComponentReader) throws(ComponentError) -> CoreInstanceDefinition {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00:
            let module = try reader.u32()
            let arguments = try reader.vector { (r) throws(ComponentError) -> (name: String, instance: UInt32) in
                let name = try r.name()
                let sortAt = r.offset
                guard try r.byte() == CoreSort.instance.rawValue else {
                    throw r.malformed("core instantiation arguments must be instances", at: sortAt)
                }
                return (name, try r.u32())
            }
            return .instantiate(module: module, arguments: arguments)
        case 0x01:
            return .exports(try reader.vector { (r) throws(ComponentError) -> (name: String, item: CoreSortIndex) in
                let name = try r.name()
                return (name, CoreSortIndex(sort: try coreSort(&r), index: try r.u32()))
            })
        case let byte: throw reader.malformed("invalid core instance form 0x\(hex(byte))", at: at)
        }
    }

    static func instance(_ reader: inout ComponentReader) throws(ComponentError) -> InstanceDefinition {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00:
            let component = try reader.u32()
            let arguments = try reader.vector { (r) throws(ComponentError) -> (name: String, item: SortIndex) in
                (try r.name(), try sortIndex(&r))
            }
            return .instantiate(component: component, arguments: arguments)
        case 0x01:
            // The name keeps its attributes: validation checks `implements` here too.
            return .exports(try reader.vector { (r) throws(ComponentError) -> (name: ExternName, item: SortIndex) in
                (try externName(&r), try sortIndex(&r))
            })
        case let byte: throw reader.malformed("invalid instance form 0x\(hex(byte))", at: at)
        }
    }

    static func alias(_ reader: inout ComponentReader) throws(ComponentError) -> Alias {
        let sort = try sort(&reader)
        let at = reader.offset
        switch try reader.byte() {
        case 0x00:
            return .instanceExport(sort: sort, instance: try reader.u32(), name: try reader.name())
        case 0x01:
            guard case .core(let coreSort) = sort else {
                throw reader.malformed("core export aliases need a core sort", at: at)
            }
            return .coreInstanceExport(sort: coreSort, instance: try reader.u32(), name: try reader.name())
        case 0x02:
            // Only modules, components and types can be aliased from an enclosing scope.
            switch sort {
            case .core(.module), .core(.type), .type, .component: break
            default: throw reader.malformed("invalid sort for an outer alias", at: at)
            }
            return .outer(sort: sort, count: try reader.u32(), index: try reader.u32())
        case let byte: throw reader.malformed("invalid alias target 0x\(hex(byte))", at: at)
        }
    }

    static func externName(_ reader: inout ComponentReader) throws(ComponentError) -> ExternName {
        let at = reader.offset
        let form = try reader.byte()
        guard form <= 0x02 else { throw reader.malformed("invalid name form 0x\(hex(form))", at: at) }
        let name = try reader.name()
        var implements: String?
        var versionSuffix: String?
        if form == 0x02 {
            let count = try reader.count()
            for _ in 0..<count {
                let attributeAt = reader.offset
                switch try reader.byte() {
                case 0x00 where implements == nil: implements = try reader.name()
                case 0x01 where versionSuffix == nil: versionSuffix = try reader.name()
                case 0x02: _ = try reader.name()  // external-id: no meaning to this engine
                case 0x00, 0x01: throw reader.malformed("duplicate name attribute", at: attributeAt)
                case let byte: throw reader.malformed("invalid name attribute 0x\(hex(byte))", at: attributeAt)
                }
            }
        }
        return ExternName(name: name, implements: implements, versionSuffix: versionSuffix)
    }

    static func importDefinition(_ reader: inout ComponentReader) throws(ComponentError) -> ComponentImport {
        ComponentImport(name: try externName(&reader), type: try externType(&reader))
    }

    static func exportDefinition(_ reader: inout ComponentReader) throws(ComponentError) -> ComponentExport {
        let name = try externName(&reader)
        let item = try sortIndex(&reader)
        let type = try reader.optional { (r) throws(ComponentError) in try externType(&r) }
        return ComponentExport(name: name, item: item, type: type)
    }

    static func externType(_ reader: inout ComponentReader) throws(ComponentError) -> ExternType {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00:
            let sortAt = reader.offset
            guard try reader.byte() == CoreSort.module.rawValue else {
                throw reader.malformed("core extern types must be modules", at: sortAt)
            }
            return .coreModule(type: try reader.u32())
        case 0x01: return .function(type: try reader.u32())
        case 0x02: throw .unsupported(.values, at: at)
        case 0x03:
            let boundAt = reader.offset
            switch try reader.byte() {
            case 0x00: return .type(.equal(try reader.u32()))
            case 0x01: return .type(.subResource)
            case let byte: throw reader.malformed("invalid type bound 0x\(hex(byte))", at: boundAt)
            }
        case 0x04: return .component(type: try reader.u32())
        case 0x05: return .instance(type: try reader.u32())
        case let byte: throw reader.malformed("invalid extern type 0x\(hex(byte))", at: at)
        }
    }

    static func hex(_ byte: UInt8) -> String { String(byte, radix: 16) }
}
