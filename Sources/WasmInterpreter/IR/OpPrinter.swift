import WasmDecoder

/// The internal code as text, for golden tests and debugging: one line per op,
/// `index: op`, with branch targets resolved to absolute indices.
enum OpPrinter {
    static func lines(_ function: CompiledFunction) -> [String] {
        function.ops.enumerated().map { index, op in
            var text = "\(op)"
            if let offset = op.branchOffset { text += " -> \(index + Int(offset))" }
            return "\(index): \(text)"
        }
    }
}

extension CompiledModule {
    /// The internal code of defined function `index` (in the module's function
    /// index space), as `OpPrinter` lines.
    package func disassemble(function index: Int) -> [String] {
        let local = index - module.importedFunctionCount
        guard local >= 0, local < functions.count else { return [] }
        return ["frame \(functions[local].frameSize) registers"] + OpPrinter.lines(functions[local])
    }
}
