import Testing
@testable import WasmInterpreter

/// The opcode table (Opcode+Shape.swift) is consistent with the fields the
/// ops use: what the translator derives from it (retargeting results,
/// patching branches, folding addresses) would otherwise write the wrong field.
@Suite struct OpShapeTests {
    /// The fields each operand occupies.
    private func fields(of operand: OpOperand) -> [String] {
        switch operand {
        case .r0, .constantR0: ["r0"]
        case .constantR0R2: ["r0", "r2"]
        case .r1: ["r1"]
        case .r2: ["r2"]
        case .x, .signedX, .vectorOperationX: ["x"]
        case .y, .branchOffset, .vectorOperationY: ["y"]
        case .wide: ["x", "y"]
        case .address: ["r1", "y"]
        }
    }

    @Test func noFieldHoldsTwoOperands() {
        for opcode in Opcode.allCases {
            let used = opcode.shape.operands.flatMap { fields(of: $0.operand) }
            #expect(Set(used).count == used.count, "\(opcode) uses a field twice: \(used)")
        }
    }

    /// `withDestination` rewrites `r0`; a branch's result (a fused load or
    /// store that branches) is not retargeted, since its `y` is the offset.
    @Test func aRetargetableResultIsInR0AndTheOpDoesNotBranch() {
        for opcode in Opcode.allCases where opcode.hasDestination {
            #expect(opcode.shape.operands.contains { $0.operand == .r0 }, "\(opcode)")
            #expect(!opcode.isBranch, "\(opcode)")
        }
    }

    @Test func derivedPropertiesOfKnownOps() {
        #expect(Opcode.i32Add.hasDestination && !Opcode.i32Add.isBranch && !Opcode.i32Add.isMemoryAccess)
        #expect(Opcode.brIfI32LtS.isBranch && !Opcode.brIfI32LtS.hasDestination)
        #expect(Opcode.i32StoreBrIfNez.isBranch && !Opcode.i32StoreBrIfNez.isMemoryAccess)
        #expect(Opcode.i64Load32U.isMemoryAccess && Opcode.i64Load32U.hasDestination)
        #expect(Opcode.f64Store.isMemoryAccess && !Opcode.f64Store.hasDestination)
        #expect(!Opcode.brTable.isBranch && !Opcode.tableGrow.hasDestination)
    }

    @Test func textFormFollowsTheShape() {
        #expect(Op.i32Add(2, 0, 1).description == "i32Add(2, 0, 1)")
        #expect(Op.br(offset: -3).description == "br(offset: -3)")
        #expect(Op.return0.description == "return0")
        #expect(Op(.i32Load, r0: 4, r1: 5, x: 8, y: 12).description == "i32Load(destination: 4, address: 5 + 12, offset: 8)")
        #expect(Op.i64AndImmediate(1, 2, -16).description == "i64AndImmediate(1, 2, -16)")
        #expect(Op.const64(value: 1 << 40, destination: 3).description == "const64(value: 1099511627776, destination: 3)")
    }
}
