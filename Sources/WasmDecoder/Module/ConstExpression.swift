/// A constant expression (spec §3.3.10) as decoded: the instructions before its `end`.
///
/// Wasm 2.0 allows a single constant instruction; the validator checks that, so
/// that a later proposal (extended constants) only has to relax the check.
public struct ConstExpression: Sendable, Hashable {
    public let instructions: [Instruction]
    /// Offset of the first instruction, for error messages.
    public let offset: Int

    /// The single instruction of a valid Wasm 2.0 constant expression.
    public var single: Instruction? { instructions.count == 1 ? instructions[0] : nil }
}

extension ByteReader {
    /// Reads instructions up to and including the terminating `end`.
    mutating func readConstExpression(features: WasmFeatures) throws(ModuleError) -> ConstExpression {
        let start = offset
        var code = CodeReader(reader: self, features: features)
        var instructions: [Instruction] = []
        while true {
            let instruction = try code.read()
            if case .end = instruction { break }
            instructions.append(instruction)
        }
        offset = code.reader.offset
        return ConstExpression(instructions: instructions, offset: start)
    }
}
