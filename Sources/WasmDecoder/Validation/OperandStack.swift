/// The validator's operand and control stacks (spec appendix "Validation
/// Algorithm"). An operand of unknown type (from unreachable code) is stored as bits 0.
struct OperandStack {
    static let unknown = ValueType(bits: 0)
    var types: [ValueType] = []

    init() { types.reserveCapacity(256) }
}

/// A control frame: the block's kind, its type, the operand height at entry and
/// whether the rest of the block is unreachable.
///
/// Frames are plain values with no references, so that copying one (which the
/// validator does for every pop) costs no reference counting. The types behind
/// `type` are looked up only at block boundaries and branches.
struct ControlFrame {
    enum Kind: UInt8 { case function, block, loop, `if`, `else` }

    var kind: Kind
    var unreachable: Bool
    var type: BlockType
    var height: Int
    /// How many non-nullable locals had been set when the block began; those
    /// set inside it are unset again at its end (spec §3.3.5.2, local.set).
    var initializedLocals: Int
}
