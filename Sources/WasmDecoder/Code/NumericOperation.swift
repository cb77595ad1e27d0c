/// Every numeric instruction of Wasm 2.0 without immediates (spec §2.4.1).
///
/// The raw value is the one-byte opcode; the eight saturating truncations, encoded
/// as `0xFC 0..7`, take the free raw values `0xE0...0xE7`.
public enum NumericOperation: UInt8, Sendable, Hashable, CaseIterable {
    case i32Eqz = 0x45
    case i32Eq = 0x46
    case i32Ne = 0x47
    case i32LtS = 0x48
    case i32LtU = 0x49
    case i32GtS = 0x4A
    case i32GtU = 0x4B
    case i32LeS = 0x4C
    case i32LeU = 0x4D
    case i32GeS = 0x4E
    case i32GeU = 0x4F
    case i64Eqz = 0x50
    case i64Eq = 0x51
    case i64Ne = 0x52
    case i64LtS = 0x53
    case i64LtU = 0x54
    case i64GtS = 0x55
    case i64GtU = 0x56
    case i64LeS = 0x57
    case i64LeU = 0x58
    case i64GeS = 0x59
    case i64GeU = 0x5A
    case f32Eq = 0x5B
    case f32Ne = 0x5C
    case f32Lt = 0x5D
    case f32Gt = 0x5E
    case f32Le = 0x5F
    case f32Ge = 0x60
    case f64Eq = 0x61
    case f64Ne = 0x62
    case f64Lt = 0x63
    case f64Gt = 0x64
    case f64Le = 0x65
    case f64Ge = 0x66
    case i32Clz = 0x67
    case i32Ctz = 0x68
    case i32Popcnt = 0x69
    case i32Add = 0x6A
    case i32Sub = 0x6B
    case i32Mul = 0x6C
    case i32DivS = 0x6D
    case i32DivU = 0x6E
    case i32RemS = 0x6F
    case i32RemU = 0x70
    case i32And = 0x71
    case i32Or = 0x72
    case i32Xor = 0x73
    case i32Shl = 0x74
    case i32ShrS = 0x75
    case i32ShrU = 0x76
    case i32Rotl = 0x77
    case i32Rotr = 0x78
    case i64Clz = 0x79
    case i64Ctz = 0x7A
    case i64Popcnt = 0x7B
    case i64Add = 0x7C
    case i64Sub = 0x7D
    case i64Mul = 0x7E
    case i64DivS = 0x7F
    case i64DivU = 0x80
    case i64RemS = 0x81
    case i64RemU = 0x82
    case i64And = 0x83
    case i64Or = 0x84
    case i64Xor = 0x85
    case i64Shl = 0x86
    case i64ShrS = 0x87
    case i64ShrU = 0x88
    case i64Rotl = 0x89
    case i64Rotr = 0x8A
    case f32Abs = 0x8B
    case f32Neg = 0x8C
    case f32Ceil = 0x8D
    case f32Floor = 0x8E
    case f32Trunc = 0x8F
    case f32Nearest = 0x90
    case f32Sqrt = 0x91
    case f32Add = 0x92
    case f32Sub = 0x93
    case f32Mul = 0x94
    case f32Div = 0x95
    case f32Min = 0x96
    case f32Max = 0x97
    case f32Copysign = 0x98
    case f64Abs = 0x99
    case f64Neg = 0x9A
    case f64Ceil = 0x9B
    case f64Floor = 0x9C
    case f64Trunc = 0x9D
    case f64Nearest = 0x9E
    case f64Sqrt = 0x9F
    case f64Add = 0xA0
    case f64Sub = 0xA1
    case f64Mul = 0xA2
    case f64Div = 0xA3
    case f64Min = 0xA4
    case f64Max = 0xA5
    case f64Copysign = 0xA6
    case i32WrapI64 = 0xA7
    case i32TruncF32S = 0xA8
    case i32TruncF32U = 0xA9
    case i32TruncF64S = 0xAA
    case i32TruncF64U = 0xAB
    case i64ExtendI32S = 0xAC
    case i64ExtendI32U = 0xAD
    case i64TruncF32S = 0xAE
    case i64TruncF32U = 0xAF
    case i64TruncF64S = 0xB0
    case i64TruncF64U = 0xB1
    case f32ConvertI32S = 0xB2
    case f32ConvertI32U = 0xB3
    case f32ConvertI64S = 0xB4
    case f32ConvertI64U = 0xB5
    case f32DemoteF64 = 0xB6
    case f64ConvertI32S = 0xB7
    case f64ConvertI32U = 0xB8
    case f64ConvertI64S = 0xB9
    case f64ConvertI64U = 0xBA
    case f64PromoteF32 = 0xBB
    case i32ReinterpretF32 = 0xBC
    case i64ReinterpretF64 = 0xBD
    case f32ReinterpretI32 = 0xBE
    case f64ReinterpretI64 = 0xBF
    case i32Extend8S = 0xC0
    case i32Extend16S = 0xC1
    case i64Extend8S = 0xC2
    case i64Extend16S = 0xC3
    case i64Extend32S = 0xC4
    case i32TruncSatF32S = 0xE0
    case i32TruncSatF32U = 0xE1
    case i32TruncSatF64S = 0xE2
    case i32TruncSatF64U = 0xE3
    case i64TruncSatF32S = 0xE4
    case i64TruncSatF32U = 0xE5
    case i64TruncSatF64S = 0xE6
    case i64TruncSatF64U = 0xE7
}

extension NumericOperation {
    /// Operand and result types, packed for the validator: operand count, two operand
    /// types and the result type.
    public var signature: (operands: [ValueType], result: ValueType) {
        let entry = NumericOperation.signatures[Int(rawValue)]
        let operands = entry.count == 2 ? [entry.first, entry.second] : [entry.first]
        return (operands, entry.result)
    }

    struct Signature {
        var count: UInt8
        var first: ValueType
        var second: ValueType
        var result: ValueType
    }

    /// Indexed by raw value; built once from the opcode ranges of spec §5.4.7.
    static let signatures: [Signature] = {
        var table = [Signature](repeating: Signature(count: 0, first: .i32, second: .i32, result: .i32), count: 256)
        for operation in NumericOperation.allCases {
            table[Int(operation.rawValue)] = operation.computedSignature
        }
        return table
    }()

    private var computedSignature: Signature {
        switch self {
        case .i32Eqz, .i32Clz, .i32Ctz, .i32Popcnt, .i32Extend8S, .i32Extend16S:
            Signature(count: 1, first: .i32, second: .i32, result: .i32)
        case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS,
             .i32GeU, .i32Add, .i32Sub, .i32Mul, .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i32And,
             .i32Or, .i32Xor, .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl, .i32Rotr:
            Signature(count: 2, first: .i32, second: .i32, result: .i32)
        case .i64Eqz, .i32WrapI64:
            Signature(count: 1, first: .i64, second: .i64, result: .i32)
        case .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU:
            Signature(count: 2, first: .i64, second: .i64, result: .i32)
        case .f32Eq, .f32Ne, .f32Lt, .f32Gt, .f32Le, .f32Ge:
            Signature(count: 2, first: .f32, second: .f32, result: .i32)
        case .f64Eq, .f64Ne, .f64Lt, .f64Gt, .f64Le, .f64Ge:
            Signature(count: 2, first: .f64, second: .f64, result: .i32)
        case .i64Clz, .i64Ctz, .i64Popcnt, .i64Extend8S, .i64Extend16S, .i64Extend32S:
            Signature(count: 1, first: .i64, second: .i64, result: .i64)
        case .i64Add, .i64Sub, .i64Mul, .i64DivS, .i64DivU, .i64RemS, .i64RemU, .i64And, .i64Or,
             .i64Xor, .i64Shl, .i64ShrS, .i64ShrU, .i64Rotl, .i64Rotr:
            Signature(count: 2, first: .i64, second: .i64, result: .i64)
        case .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt:
            Signature(count: 1, first: .f32, second: .f32, result: .f32)
        case .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Copysign:
            Signature(count: 2, first: .f32, second: .f32, result: .f32)
        case .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt:
            Signature(count: 1, first: .f64, second: .f64, result: .f64)
        case .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Copysign:
            Signature(count: 2, first: .f64, second: .f64, result: .f64)
        case .i32TruncF32S, .i32TruncF32U, .i32ReinterpretF32, .i32TruncSatF32S, .i32TruncSatF32U:
            Signature(count: 1, first: .f32, second: .f32, result: .i32)
        case .i32TruncF64S, .i32TruncF64U, .i32TruncSatF64S, .i32TruncSatF64U:
            Signature(count: 1, first: .f64, second: .f64, result: .i32)
        case .i64ExtendI32S, .i64ExtendI32U:
            Signature(count: 1, first: .i32, second: .i32, result: .i64)
        case .i64TruncF32S, .i64TruncF32U, .i64TruncSatF32S, .i64TruncSatF32U:
            Signature(count: 1, first: .f32, second: .f32, result: .i64)
        case .i64TruncF64S, .i64TruncF64U, .i64ReinterpretF64, .i64TruncSatF64S, .i64TruncSatF64U:
            Signature(count: 1, first: .f64, second: .f64, result: .i64)
        case .f32ConvertI32S, .f32ConvertI32U, .f32ReinterpretI32:
            Signature(count: 1, first: .i32, second: .i32, result: .f32)
        case .f32ConvertI64S, .f32ConvertI64U:
            Signature(count: 1, first: .i64, second: .i64, result: .f32)
        case .f32DemoteF64:
            Signature(count: 1, first: .f64, second: .f64, result: .f32)
        case .f64ConvertI32S, .f64ConvertI32U:
            Signature(count: 1, first: .i32, second: .i32, result: .f64)
        case .f64ConvertI64S, .f64ConvertI64U, .f64ReinterpretI64:
            Signature(count: 1, first: .i64, second: .i64, result: .f64)
        case .f64PromoteF32:
            Signature(count: 1, first: .f32, second: .f32, result: .f64)
        }
    }
}

extension NumericOperation {
    /// The operators extended constant expressions allow.
    public var isExtendedConstant: Bool {
        switch self {
        case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul: true
        default: false
        }
    }
}
