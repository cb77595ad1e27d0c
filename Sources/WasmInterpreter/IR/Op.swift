// Register-based internal code: operands are frame slots ("registers"). See
// RATIONALE.md#why-a-register-based-interpreter and #an-opcode-and-operand-fields.

/// A frame slot index: parameters, then locals, then the value-stack temporaries.
typealias Register = UInt16

/// One instruction of the internal code: an opcode and fixed operand fields
/// that the interpreter's handlers read straight from memory. Which fields
/// an op uses is set by its constructor (`Op+Constructors.swift`): registers
/// in `r0`, `r1`, `r2` (the result register, when there is one, in `r0`),
/// 32-bit immediates, indices and memory offsets in `x` then `y`, a branch
/// offset (relative to the branching op) in `y`, a 64-bit constant in both.
/// 16 bytes; `LayoutTests` pins it.
struct Op {
    var opcode: Opcode
    var r0: Register
    var r1: Register
    var r2: Register
    var x: UInt32
    var y: UInt32

    init(_ opcode: Opcode, r0: Register = 0, r1: Register = 0, r2: Register = 0, x: UInt32 = 0, y: UInt32 = 0) {
        self.opcode = opcode
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
        self.x = x
        self.y = y
    }

    init(_ opcode: Opcode, r0: Register = 0, r1: Register = 0, r2: Register = 0, wide: UInt64) {
        self.init(opcode, r0: r0, r1: r1, r2: r2, x: UInt32(truncatingIfNeeded: wide), y: UInt32(truncatingIfNeeded: wide >> 32))
    }

    /// `x` and `y` as one 64-bit constant (`const64`, the `Wide` ops). Always
    /// inlined: left to itself the optimizer made it a call in those handlers.
    var wide: UInt64 {
        @inline(__always) get { UInt64(x) | UInt64(y) << 32 }
    }
}
