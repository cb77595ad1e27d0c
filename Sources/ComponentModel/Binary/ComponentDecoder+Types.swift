/// Type definitions (Binary.md, "Type Definitions") and canonical definitions.
extension ComponentDecoder {
    static func primitive(_ byte: UInt8, at offset: Int) throws(ComponentError) -> PrimitiveValueType? {
        PrimitiveValueType(rawValue: byte)
    }

    /// `valtype`: a primitive opcode (negative SLEB128) or a type index (non-negative).
    static func valueType(_ reader: inout ComponentReader) throws(ComponentError) -> ValueTypeReference {
        let at = reader.offset
        let first = try reader.peek()
        if first >= 0x40, first & 0x80 == 0 {  // one-byte negative SLEB128: an opcode
            _ = try reader.byte()
            guard let primitive = try primitive(first, at: at) else {
                throw reader.malformed("invalid value type 0x\(hex(first))", at: at)
            }
            return .primitive(primitive)
        }
        // A type index: a non-negative s33 that fits in 32 bits.
        let index = try reader.s33()
        guard let index = UInt32(exactly: index) else { throw reader.malformed("invalid value type", at: at) }
        return .index(index)
    }

    static func label(_ reader: inout ComponentReader) throws(ComponentError) -> String {
        try reader.name()
    }

    static func definedValueType(_ opcode: UInt8, _ reader: inout ComponentReader, at offset: Int) throws(ComponentError) -> DefinedValueType {
        switch opcode {
        case 0x72:
            return .record(try reader.vector { (r) throws(ComponentError) -> (label: String, type: ValueTypeReference) in
                (try label(&r), try valueType(&r))
            })
        case 0x71:
            return .variant(try reader.vector { (r) throws(ComponentError) -> (label: String, type: ValueTypeReference?) in
                let name = try label(&r)
                let type = try r.optional { (r) throws(ComponentError) in try valueType(&r) }
                let refinesAt = r.offset
                guard try r.byte() == 0x00 else { throw r.malformed("variant case refinements are not supported", at: refinesAt) }
                return (name, type)
            })
        case 0x70: return .list(try valueType(&reader))
        case 0x67: return .fixedLengthList(try valueType(&reader), length: try reader.u32())
        case 0x6f: return .tuple(try reader.vector { (r) throws(ComponentError) in try valueType(&r) })
        case 0x6e: return .flags(try reader.vector { (r) throws(ComponentError) in try label(&r) })
        case 0x6d: return .enum(try reader.vector { (r) throws(ComponentError) in try label(&r) })
        case 0x6b: return .option(try valueType(&reader))
        case 0x6a:
            let ok = try reader.optional { (r) throws(ComponentError) in try valueType(&r) }
            let error = try reader.optional { (r) throws(ComponentError) in try valueType(&r) }
            return .result(ok: ok, error: error)
        case 0x69: return .own(try reader.u32())
        case 0x68: return .borrow(try reader.u32())
        case 0x66: return .stream(try reader.optional { (r) throws(ComponentError) in try valueType(&r) })
        case 0x65: return .future(try reader.optional { (r) throws(ComponentError) in try valueType(&r) })
        case 0x63: return .map(key: try valueType(&reader), value: try valueType(&reader))
        default:
            if let primitive = try primitive(opcode, at: offset) { return .primitive(primitive) }
            throw reader.malformed("invalid type opcode 0x\(hex(opcode))", at: offset)
        }
    }

    static func functionType(_ reader: inout ComponentReader, isAsync: Bool) throws(ComponentError) -> FunctionTypeDefinition {
        let parameters = try reader.vector { (r) throws(ComponentError) -> FunctionTypeDefinition.Parameter in
            FunctionTypeDefinition.Parameter(label: try label(&r), type: try valueType(&r))
        }
        return FunctionTypeDefinition(parameters: parameters, result: try resultList(&reader), isAsync: isAsync)
    }

    /// `resultlist`: one unnamed result, or none.
    static func resultList(_ reader: inout ComponentReader) throws(ComponentError) -> ValueTypeReference? {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return try valueType(&reader)
        case 0x01:
            guard try reader.byte() == 0x00 else { throw reader.malformed("named results are not supported", at: at) }
            return nil
        case let byte: throw reader.malformed("invalid result list 0x\(hex(byte))", at: at)
        }
    }

    /// `type` / `deftype`. `depth` counts enclosing components and types.
    static func type(_ reader: inout ComponentReader, depth: Int) throws(ComponentError) -> ComponentTypeDefinition {
        guard depth <= maximumDepth else { throw reader.malformed("types nested too deeply") }
        let at = reader.offset
        let opcode = try reader.byte()
        switch opcode {
        case 0x40: return .function(try functionType(&reader, isAsync: false))
        case 0x43: return .function(try functionType(&reader, isAsync: true))
        case 0x41:
            return .component(try reader.vector { (r) throws(ComponentError) -> ComponentTypeDeclaration in
                if try r.peek() == 0x03 {
                    _ = try r.byte()
                    return .import(try importDefinition(&r))
                }
                return .instance(try instanceDeclaration(&r, depth: depth))
            })
        case 0x42:
            return .instance(try reader.vector { (r) throws(ComponentError) in try instanceDeclaration(&r, depth: depth) })
        case 0x3f:
            let representationAt = reader.offset
            guard try reader.byte() == CoreValueType.i32.rawValue else {
                throw reader.malformed("resource representations must be i32", at: representationAt)
            }
            return .resource(destructor: try reader.optional { (r) throws(ComponentError) in try r.u32() })
        default:
            return .value(try definedValueType(opcode, &reader, at: at))
        }
    }

    static func instanceDeclaration(_ reader: inout ComponentReader, depth: Int) throws(ComponentError) -> InstanceTypeDeclaration {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return .coreType(try coreType(&reader))
        case 0x01: return .type(try type(&reader, depth: depth + 1))
        case 0x02: return .alias(try alias(&reader))
        case 0x04: return .export(name: try externName(&reader), type: try externType(&reader))
        case let byte: throw reader.malformed("invalid declaration 0x\(hex(byte))", at: at)
        }
    }

    // MARK: Core types

    static func coreValueType(_ reader: inout ComponentReader) throws(ComponentError) -> CoreValueType {
        let at = reader.offset
        let byte = try reader.byte()
        guard let type = CoreValueType(rawValue: byte) else { throw reader.malformed("malformed value type", at: at) }
        return type
    }

    /// `core:type`: a function type (0x60), a module type (0x50), or a
    /// WebAssembly 3.0 `rec` group (0x4e) or `sub` declaration: `sub final`
    /// is 0x4f, and a non-final `sub` takes a 0x00 prefix (0x00 0x50) here
    /// because a bare 0x50 is a module type. Inside a module type, where no
    /// module type may be declared, a bare 0x50 is a non-final `sub` (as
    /// wasm-tools writes it). Struct and array types are refused.
    static func coreType(_ reader: inout ComponentReader, inModuleType: Bool = false) throws(ComponentError) -> CoreTypeDefinition {
        let at = reader.offset
        switch try reader.byte() {
        case 0x60:
            let (parameters, results) = try coreFunctionType(&reader)
            return .function(parameters: parameters, results: results)
        case 0x50 where inModuleType:
            return .recursionGroup([try coreSubtype(&reader, isFinal: false)])
        case 0x50:
            return .module(try reader.vector { (r) throws(ComponentError) in try moduleDeclaration(&r) })
        case 0x00:
            let subAt = reader.offset
            guard try reader.byte() == 0x50 else { throw reader.malformed("invalid core type 0x00 prefix", at: subAt) }
            return .recursionGroup([try coreSubtype(&reader, isFinal: false)])
        case 0x4f:
            return .recursionGroup([try coreSubtype(&reader, isFinal: true)])
        case 0x4e:
            return .recursionGroup(try reader.vector { (r) throws(ComponentError) -> CoreFunctionSubtype in
                let memberAt = r.offset
                switch try r.byte() {
                case 0x50: return try coreSubtype(&r, isFinal: false)
                case 0x4f: return try coreSubtype(&r, isFinal: true)
                case 0x60:
                    let (parameters, results) = try coreFunctionType(&r)
                    return CoreFunctionSubtype(isFinal: true, supertypes: [], parameters: parameters, results: results)
                case 0x5e, 0x5f: throw .unsupported(.gc, at: memberAt)
                case let byte: throw r.malformed("invalid core subtype 0x\(hex(byte))", at: memberAt)
                }
            })
        case 0x5e, 0x5f: throw .unsupported(.gc, at: at)
        case let byte: throw reader.malformed("invalid core type 0x\(hex(byte))", at: at)
        }
    }

    /// The supertypes and composite type of a `sub` declaration.
    static func coreSubtype(_ reader: inout ComponentReader, isFinal: Bool) throws(ComponentError) -> CoreFunctionSubtype {
        let supertypes = try reader.vector { (r) throws(ComponentError) in try r.u32() }
        let at = reader.offset
        switch try reader.byte() {
        case 0x60:
            let (parameters, results) = try coreFunctionType(&reader)
            return CoreFunctionSubtype(isFinal: isFinal, supertypes: supertypes, parameters: parameters, results: results)
        case 0x5e, 0x5f: throw .unsupported(.gc, at: at)
        case let byte: throw reader.malformed("invalid composite type 0x\(hex(byte))", at: at)
        }
    }

    static func coreFunctionType(_ reader: inout ComponentReader) throws(ComponentError) -> ([CoreValueType], [CoreValueType]) {
        let parameters = try reader.vector { (r) throws(ComponentError) in try coreValueType(&r) }
        let results = try reader.vector { (r) throws(ComponentError) in try coreValueType(&r) }
        return (parameters, results)
    }

    static func moduleDeclaration(_ reader: inout ComponentReader) throws(ComponentError) -> CoreModuleDeclaration {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00:
            return .import(module: try reader.name(), name: try reader.name(), type: try coreExternType(&reader))
        case 0x01: return .type(try coreType(&reader, inModuleType: true))
        case 0x02:
            let sortAt = reader.offset
            guard try reader.byte() == CoreSort.type.rawValue, try reader.byte() == 0x01 else {
                throw reader.malformed("module type aliases must be outer type aliases", at: sortAt)
            }
            return .outerTypeAlias(count: try reader.u32(), index: try reader.u32())
        case 0x03: return .export(name: try reader.name(), type: try coreExternType(&reader))
        case let byte: throw reader.malformed("invalid module type declaration 0x\(hex(byte))", at: at)
        }
    }

    /// Limits of a table or memory, Wasm 2.0 forms only.
    static func limits(_ reader: inout ComponentReader) throws(ComponentError) -> (UInt32, UInt32?) {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return (try reader.u32(), nil)
        case 0x01: return (try reader.u32(), try reader.u32())
        case let byte: throw reader.malformed("integer too large (limits flag 0x\(hex(byte)))", at: at)
        }
    }

    static func coreExternType(_ reader: inout ComponentReader) throws(ComponentError) -> CoreExternType {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return .function(type: try reader.u32())
        case 0x01:
            let element = try coreValueType(&reader)
            let (minimum, maximum) = try limits(&reader)
            return .table(element: element, minimum: minimum, maximum: maximum)
        case 0x02:
            let (minimum, maximum) = try limits(&reader)
            return .memory(minimum: minimum, maximum: maximum)
        case 0x03:
            let type = try coreValueType(&reader)
            let mutabilityAt = reader.offset
            switch try reader.byte() {
            case 0x00: return .global(type, mutable: false)
            case 0x01: return .global(type, mutable: true)
            default: throw reader.malformed("malformed mutability", at: mutabilityAt)
            }
        case 0x04:
            let attributeAt = reader.offset
            guard try reader.byte() == 0x00 else { throw reader.malformed("malformed tag attribute", at: attributeAt) }
            return .tag(type: try reader.u32())
        case let byte: throw reader.malformed("malformed import kind 0x\(hex(byte))", at: at)
        }
    }

    // MARK: Canonical definitions

    static func canonOptions(_ reader: inout ComponentReader) throws(ComponentError) -> [CanonOption] {
        try reader.vector { (r) throws(ComponentError) -> CanonOption in
            let at = r.offset
            switch try r.byte() {
            case 0x00: return .utf8
            case 0x01: return .utf16
            case 0x02: return .latin1UTF16
            case 0x03: return .memory(try r.u32())
            case 0x04: return .realloc(try r.u32())
            case 0x05: return .postReturn(try r.u32())
            case 0x06: return .async
            case 0x07: return .callback(try r.u32())
            case let byte: throw r.malformed("invalid canonical option 0x\(hex(byte))", at: at)
            }
        }
    }

    static func canon(_ reader: inout ComponentReader) throws(ComponentError) -> Canon {
        let at = reader.offset
        let opcode = try reader.byte()
        switch opcode {
        case 0x00:
            guard try reader.byte() == 0x00 else { throw reader.malformed("canon lift takes a core function", at: at) }
            return .lift(coreFunction: try reader.u32(), options: try canonOptions(&reader), type: try reader.u32())
        case 0x01:
            guard try reader.byte() == 0x00 else { throw reader.malformed("canon lower takes a function", at: at) }
            return .lower(function: try reader.u32(), options: try canonOptions(&reader))
        case 0x02: return .resourceNew(type: try reader.u32())
        case 0x03: return .resourceDrop(type: try reader.u32())
        case 0x04: return .resourceRep(type: try reader.u32())
        case 0x09: return .taskReturn(result: try resultList(&reader), options: try canonOptions(&reader))
        case 0x0a: return .contextGet(try coreValueType(&reader), slot: try reader.u32())
        case 0x0b: return .contextSet(try coreValueType(&reader), slot: try reader.u32())
        case 0x06: return .subtaskCancel(async: try flag(&reader, "async"))
        case 0x0e...0x14: return try asyncValue(.stream, step: opcode - 0x0e, &reader)
        case 0x15...0x1b: return try asyncValue(.future, step: opcode - 0x15, &reader)
        case 0x1c: return .errorContextNew(options: try canonOptions(&reader))
        case 0x1d: return .errorContextDebugMessage(options: try canonOptions(&reader))
        case 0x20: return .waitableSetWait(cancellable: try flag(&reader, "cancellable"), memory: try reader.u32())
        case 0x21: return .waitableSetPoll(cancellable: try flag(&reader, "cancellable"), memory: try reader.u32())
        case 0x27: return .threadNewIndirect(type: try reader.u32(), table: try reader.u32())
        case 0x40...0x42: throw .unsupported(.threads, at: at)
        default:
            if let plain = PlainBuiltin(rawValue: opcode) { return .plain(plain) }
            if let kind = ThreadSwitch(rawValue: opcode) { return .threadSwitch(kind, cancellable: try flag(&reader, "cancellable")) }
            throw reader.malformed("invalid canonical definition 0x\(hex(opcode))", at: at)
        }
    }

    /// `async?` / `cancel?`: one byte, 0 or 1.
    static func flag(_ reader: inout ComponentReader, _ name: String) throws(ComponentError) -> Bool {
        let at = reader.offset
        switch try reader.byte() {
        case 0x00: return false
        case 0x01: return true
        case let byte: throw reader.malformed("invalid \(name) flag 0x\(hex(byte))", at: at)
        }
    }

    /// A `stream.*` / `future.*` built-in: `step` is the opcode's distance
    /// from `stream.new` / `future.new`, the two families being laid out alike.
    static func asyncValue(_ kind: AsyncValueKind, step: UInt8,
                           _ reader: inout ComponentReader) throws(ComponentError) -> Canon {
        let type = try reader.u32()
        let operation: AsyncValueOperation<[CanonOption]>
        switch step {
        case 0: operation = .new
        case 1: operation = .read(try canonOptions(&reader))
        case 2: operation = .write(try canonOptions(&reader))
        case 3: operation = .cancelRead(async: try flag(&reader, "async"))
        case 4: operation = .cancelWrite(async: try flag(&reader, "async"))
        case 5: operation = .dropReadable
        default: operation = .dropWritable
        }
        return .asyncValue(kind, operation, type: type)
    }
}
