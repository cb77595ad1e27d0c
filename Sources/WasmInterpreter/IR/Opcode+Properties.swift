// What the translator knows of opcodes beyond their shape (Opcode+Shape.swift):
// how comparisons turn into branches and back.

extension Opcode {
    /// For an integer comparison: the branch taken when it holds, and the one
    /// taken when it does not (the negated comparison).
    var comparisonBranches: (whenTrue: Opcode, whenFalse: Opcode)? {
        switch self {
        case .i32Eq: (.brIfI32Eq, .brIfI32Ne)
        case .i32EqImmediate: (.brIfI32EqImmediate, .brIfI32NeImmediate)
        case .i32Ne: (.brIfI32Ne, .brIfI32Eq)
        case .i32NeImmediate: (.brIfI32NeImmediate, .brIfI32EqImmediate)
        case .i32LtS: (.brIfI32LtS, .brIfI32GeS)
        case .i32LtSImmediate: (.brIfI32LtSImmediate, .brIfI32GeSImmediate)
        case .i32LtU: (.brIfI32LtU, .brIfI32GeU)
        case .i32LtUImmediate: (.brIfI32LtUImmediate, .brIfI32GeUImmediate)
        case .i32GtS: (.brIfI32GtS, .brIfI32LeS)
        case .i32GtSImmediate: (.brIfI32GtSImmediate, .brIfI32LeSImmediate)
        case .i32GtU: (.brIfI32GtU, .brIfI32LeU)
        case .i32GtUImmediate: (.brIfI32GtUImmediate, .brIfI32LeUImmediate)
        case .i32LeS: (.brIfI32LeS, .brIfI32GtS)
        case .i32LeSImmediate: (.brIfI32LeSImmediate, .brIfI32GtSImmediate)
        case .i32LeU: (.brIfI32LeU, .brIfI32GtU)
        case .i32LeUImmediate: (.brIfI32LeUImmediate, .brIfI32GtUImmediate)
        case .i32GeS: (.brIfI32GeS, .brIfI32LtS)
        case .i32GeSImmediate: (.brIfI32GeSImmediate, .brIfI32LtSImmediate)
        case .i32GeU: (.brIfI32GeU, .brIfI32LtU)
        case .i32GeUImmediate: (.brIfI32GeUImmediate, .brIfI32LtUImmediate)
        case .i64Eq: (.brIfI64Eq, .brIfI64Ne)
        case .i64EqImmediate: (.brIfI64EqImmediate, .brIfI64NeImmediate)
        case .i64Ne: (.brIfI64Ne, .brIfI64Eq)
        case .i64NeImmediate: (.brIfI64NeImmediate, .brIfI64EqImmediate)
        case .i64LtS: (.brIfI64LtS, .brIfI64GeS)
        case .i64LtSImmediate: (.brIfI64LtSImmediate, .brIfI64GeSImmediate)
        case .i64LtU: (.brIfI64LtU, .brIfI64GeU)
        case .i64LtUImmediate: (.brIfI64LtUImmediate, .brIfI64GeUImmediate)
        case .i64GtS: (.brIfI64GtS, .brIfI64LeS)
        case .i64GtSImmediate: (.brIfI64GtSImmediate, .brIfI64LeSImmediate)
        case .i64GtU: (.brIfI64GtU, .brIfI64LeU)
        case .i64GtUImmediate: (.brIfI64GtUImmediate, .brIfI64LeUImmediate)
        case .i64LeS: (.brIfI64LeS, .brIfI64GtS)
        case .i64LeSImmediate: (.brIfI64LeSImmediate, .brIfI64GtSImmediate)
        case .i64LeU: (.brIfI64LeU, .brIfI64GtU)
        case .i64LeUImmediate: (.brIfI64LeUImmediate, .brIfI64GtUImmediate)
        case .i64GeS: (.brIfI64GeS, .brIfI64LtS)
        case .i64GeSImmediate: (.brIfI64GeSImmediate, .brIfI64LtSImmediate)
        case .i64GeU: (.brIfI64GeU, .brIfI64LtU)
        case .i64GeUImmediate: (.brIfI64GeUImmediate, .brIfI64LtUImmediate)
        default: nil
        }
    }
}
