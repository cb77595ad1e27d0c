/// The instructions of the `0xFB` prefix (Wasm 3.0, garbage collection):
/// structs, arrays, `i31`, casts and the conversions between `any` and
/// `extern`. Type immediates are type indices of the module.
public enum GCInstruction: Sendable, Hashable {
    case structNew(UInt32)
    case structNewDefault(UInt32)
    case structGet(UInt32, field: UInt32, FieldExtension)
    case structSet(UInt32, field: UInt32)
    case arrayNew(UInt32)
    case arrayNewDefault(UInt32)
    case arrayNewFixed(UInt32, count: UInt32)
    case arrayNewData(UInt32, data: UInt32)
    case arrayNewElem(UInt32, element: UInt32)
    case arrayGet(UInt32, FieldExtension)
    case arraySet(UInt32)
    case arrayLen
    case arrayFill(UInt32)
    case arrayCopy(destination: UInt32, source: UInt32)
    case arrayInitData(UInt32, data: UInt32)
    case arrayInitElem(UInt32, element: UInt32)
    case refTest(ReferenceType)
    case refCast(ReferenceType)
    /// `br_on_cast` (`failure` false) and `br_on_cast_fail` (true): branch
    /// to `label` when the operand, of type `from`, is (is not) a `to`.
    case brOnCast(label: UInt32, from: ReferenceType, to: ReferenceType, onFailure: Bool)
    case anyConvertExtern
    case externConvertAny
    case refI31
    case i31Get(FieldExtension)
}

extension GCInstruction {
    /// Whether the instruction may appear in a constant expression (spec §3.3.10).
    public var isConstant: Bool {
        switch self {
        case .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed, .refI31,
             .anyConvertExtern, .externConvertAny: true
        default: false
        }
    }
}

/// How a read of a packed field widens to i32: `none` for unpacked fields
/// (`struct.get`, `array.get`), sign or zero extension (`_s`, `_u`).
public enum FieldExtension: Sendable, Hashable {
    case none
    case signed
    case unsigned
}

extension CodeReader {
    /// The `0xFB` prefix.
    mutating func readGC(at: Int) throws(ModuleError) -> Instruction {
        let subOpcode = try reader.readU32()
        func index() throws(ModuleError) -> UInt32 { try reader.readU32() }
        let instruction: GCInstruction
        switch subOpcode {
        case 0: instruction = .structNew(try index())
        case 1: instruction = .structNewDefault(try index())
        case 2...4:
            let type = try index()
            instruction = .structGet(type, field: try index(), [.none, .signed, .unsigned][Int(subOpcode) - 2])
        case 5:
            let type = try index()
            instruction = .structSet(type, field: try index())
        case 6: instruction = .arrayNew(try index())
        case 7: instruction = .arrayNewDefault(try index())
        case 8:
            let type = try index()
            instruction = .arrayNewFixed(type, count: try index())
        case 9:
            let type = try index()
            instruction = .arrayNewData(type, data: try index())
        case 10:
            let type = try index()
            instruction = .arrayNewElem(type, element: try index())
        case 11...13: instruction = .arrayGet(try index(), [.none, .signed, .unsigned][Int(subOpcode) - 11])
        case 14: instruction = .arraySet(try index())
        case 15: instruction = .arrayLen
        case 16: instruction = .arrayFill(try index())
        case 17:
            let destination = try index()
            instruction = .arrayCopy(destination: destination, source: try index())
        case 18:
            let type = try index()
            instruction = .arrayInitData(type, data: try index())
        case 19:
            let type = try index()
            instruction = .arrayInitElem(type, element: try index())
        case 20, 21:
            instruction = .refTest(ReferenceType(isNullable: subOpcode == 21, heapType: try reader.readHeapType(features: features)))
        case 22, 23:
            instruction = .refCast(ReferenceType(isNullable: subOpcode == 23, heapType: try reader.readHeapType(features: features)))
        case 24, 25:
            let flagsAt = reader.offset
            let flags = try reader.readByte()
            guard flags <= 3 else { throw ModuleError.malformed("malformed cast flags", at: flagsAt) }
            let label = try index()
            let from = ReferenceType(isNullable: flags & 1 != 0, heapType: try reader.readHeapType(features: features))
            let to = ReferenceType(isNullable: flags & 2 != 0, heapType: try reader.readHeapType(features: features))
            instruction = .brOnCast(label: label, from: from, to: to, onFailure: subOpcode == 25)
        case 26: instruction = .anyConvertExtern
        case 27: instruction = .externConvertAny
        case 28: instruction = .refI31
        case 29: instruction = .i31Get(.signed)
        case 30: instruction = .i31Get(.unsigned)
        default: throw ModuleError.malformed("illegal opcode 0xfb \(subOpcode)", at: at)
        }
        return .gc(instruction)
    }
}
