import WasmDecoder

// How vector ops name their operation: the `SIMDOperation` case's own tag
// (its index among the cases, one byte) in the low byte of a field, and a lane
// index in the byte above. The interpreter's switch then dispatches on the tag
// directly, without mapping a raw opcode back to a case.

extension Op {
    /// `operation` and `lane` as one field.
    static func vectorField(_ operation: SIMDOperation, lane: UInt8) -> UInt32 {
        // SAFETY: a field-less enum of fewer than 256 cases is one byte, its tag.
        UInt32(unsafeBitCast(operation, to: UInt8.self)) | UInt32(lane) << 8
    }

    static func vector(_ operation: SIMDOperation, lane: UInt8 = 0, result: Register, _ a: Register = 0, _ b: Register = 0,
                       _ c: Register = 0) -> Op {
        Op(.vector, r0: result, r1: a, r2: b, x: vectorField(operation, lane: lane), y: UInt32(c))
    }

    static func vectorMemory(_ operation: SIMDOperation, lane: UInt8 = 0, value: Register, address: Register, offset: UInt32,
                             vector: Register = 0) -> Op {
        Op(.vectorMemory, r0: value, r1: address, r2: vector, x: offset, y: vectorField(operation, lane: lane))
    }

    static func v128Select(destination: Register, condition: Register, ifTrue: Register, ifFalse: Register) -> Op {
        Op(.v128Select, r0: destination, r1: condition, r2: ifTrue, x: UInt32(ifFalse))
    }

    static func v128Copy(destination: Register, source: Register) -> Op { Op(.v128Copy, r0: destination, r1: source) }

    static func v128GlobalGet(destination: Register, index: UInt32) -> Op { Op(.v128GlobalGet, r0: destination, x: index) }
    static func v128GlobalSet(source: Register, index: UInt32) -> Op { Op(.v128GlobalSet, r0: source, x: index) }

    /// The operation of a `vector` op (from `x`) or a `vectorMemory` op (from `y`).
    @inline(__always)
    static func vectorOperation(_ field: UInt32) -> SIMDOperation {
        // SAFETY: the field was made by `vectorField` from a real case.
        unsafeBitCast(UInt8(truncatingIfNeeded: field), to: SIMDOperation.self)
    }

    @inline(__always)
    static func vectorLane(_ field: UInt32) -> Int { Int(field >> 8 & 0xFF) }
}
