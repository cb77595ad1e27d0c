/// The validator's operand and control stacks (spec appendix "Validation
/// Algorithm"). An operand of unknown type (from unreachable code) is stored as 0.
struct OperandStack {
    static let unknown: UInt8 = 0
    var types: [UInt8] = []

    init() { types.reserveCapacity(256) }
}

/// A control frame: the block's kind, its type, the operand height at entry and
/// whether the rest of the block is unreachable.
struct ControlFrame {
    enum Kind: UInt8 { case function, block, loop, `if`, `else` }

    var kind: Kind
    /// Block parameter types ("start types").
    var parameters: ArraySlice<ValueType>
    /// Block result types ("end types").
    var results: ArraySlice<ValueType>
    var height: Int
    var unreachable: Bool

    /// Types a branch to this frame must provide: a loop's start, any other's end.
    var labelTypes: ArraySlice<ValueType> { kind == .loop ? parameters : results }
}
