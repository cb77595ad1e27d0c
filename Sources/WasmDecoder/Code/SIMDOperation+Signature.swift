extension SIMDOperation {
    /// How a vector instruction uses the operand stack (spec §3.3.2).
    public enum Signature: Sendable, Equatable {
        /// v128 -> v128
        case unary
        /// v128 v128 -> v128
        case binary
        /// v128 v128 v128 -> v128
        case ternary
        /// v128 -> i32 (any_true, all_true, bitmask)
        case test
        /// v128 i32 -> v128
        case shift
        /// scalar -> v128
        case splat(ValueType)
        /// v128 -> scalar, lane index below `lanes`
        case extractLane(lanes: UInt8, ValueType)
        /// v128 scalar -> v128, lane index below `lanes`
        case replaceLane(lanes: UInt8, ValueType)
        /// i32 -> v128, or v128 i32 -> v128 with a lane; `alignment` is the natural one
        case load(alignment: UInt32)
        case store(alignment: UInt32)
        case loadLane(alignment: UInt32, lanes: UInt8)
        case storeLane(alignment: UInt32, lanes: UInt8)
        /// v128.const and i8x16.shuffle: no operands, a v128 result
        case constant
    }

    public var signature: Signature {
        let op = rawValue
        switch op {
        case 0x00: return .load(alignment: 4)
        case 0x01...0x06: return .load(alignment: 3)
        case 0x07...0x0A: return .load(alignment: UInt32(op - 0x07))
        case 0x0B: return .store(alignment: 4)
        case 0x0C: return .constant
        case 0x0D: return .binary  // shuffle pops two vectors; its lanes are immediates
        case 0x0E: return .binary
        case 0x0F, 0x10, 0x11: return .splat(.i32)
        case 0x12: return .splat(.i64)
        case 0x13: return .splat(.f32)
        case 0x14: return .splat(.f64)
        case 0x15, 0x16: return .extractLane(lanes: 16, .i32)
        case 0x17: return .replaceLane(lanes: 16, .i32)
        case 0x18, 0x19: return .extractLane(lanes: 8, .i32)
        case 0x1A: return .replaceLane(lanes: 8, .i32)
        case 0x1B: return .extractLane(lanes: 4, .i32)
        case 0x1C: return .replaceLane(lanes: 4, .i32)
        case 0x1D: return .extractLane(lanes: 2, .i64)
        case 0x1E: return .replaceLane(lanes: 2, .i64)
        case 0x1F: return .extractLane(lanes: 4, .f32)
        case 0x20: return .replaceLane(lanes: 4, .f32)
        case 0x21: return .extractLane(lanes: 2, .f64)
        case 0x22: return .replaceLane(lanes: 2, .f64)
        case 0x52: return .ternary
        case 0x53, 0x63, 0x64, 0x83, 0x84, 0xA3, 0xA4, 0xC3, 0xC4: return .test
        case 0x54...0x57:
            let size = UInt32(op - 0x54)
            return .loadLane(alignment: size, lanes: UInt8(16 >> size))
        case 0x58...0x5B:
            let size = UInt32(op - 0x58)
            return .storeLane(alignment: size, lanes: UInt8(16 >> size))
        case 0x5C: return .load(alignment: 2)
        case 0x5D: return .load(alignment: 3)
        case 0x6B...0x6D, 0x8B...0x8D, 0xAB...0xAD, 0xCB...0xCD: return .shift
        case 0x4D, 0x5E, 0x5F, 0x60...0x62, 0x67...0x6A, 0x74, 0x75, 0x7A, 0x7C...0x7F,
             0x80, 0x81, 0x87...0x8A, 0x94, 0xA0, 0xA1, 0xA7...0xAA, 0xC0, 0xC1, 0xC7...0xCA,
             0xE0, 0xE1, 0xE3, 0xEC, 0xED, 0xEF, 0xF8...0xFF, 0x101...0x104:
            return .unary
        case 0x105...0x10C, 0x113: return .ternary
        default: return .binary
        }
    }
}
