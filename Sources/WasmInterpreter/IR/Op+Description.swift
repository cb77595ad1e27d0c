import WasmDecoder

// The internal code as text (`spin wasm ir`, golden tests): each op as its
// constructor call, `i32Add(2, 0, 1)`, `br(offset: -3)`, from its opcode's
// shape (Opcode+Shape.swift).

extension Op: CustomStringConvertible {
    var description: String {
        let operands = opcode.shape.operands
        guard !operands.isEmpty else { return "\(opcode)" }
        let parts = operands.map { operand in
            let value = text(of: operand.operand)
            return operand.label.map { "\($0): \(value)" } ?? value
        }
        return "\(opcode)(\(parts.joined(separator: ", ")))"
    }

    private func text(of operand: OpOperand) -> String {
        switch operand {
        case .r0: "\(r0)"
        case .constantR0: "\(r0)"
        case .constantR0R2: "\(Int32(bitPattern: UInt32(r0) | UInt32(r2) << 16))"
        case .r1: "\(r1)"
        case .r2: "\(r2)"
        case .x: "\(x)"
        case .signedX: "\(Int32(bitPattern: x))"
        case .y: "\(y)"
        case .branchOffset: "\(Int32(bitPattern: y))"
        case .wide: "\(wide)"
        case .address: y == 0 ? "\(r1)" : "\(r1) + \(y)"
        case .vectorOperationX: Self.vectorText(x)
        case .vectorOperationY: Self.vectorText(y)
        }
    }

    /// A vector operation by name, with its lane when it has one.
    private static func vectorText(_ field: UInt32) -> String {
        let operation = vectorOperation(field)
        switch operation.signature {
        case .extractLane, .replaceLane, .loadLane, .storeLane: return "\(operation)[\(vectorLane(field))]"
        default: return "\(operation)"
        }
    }
}
