import WasmInterpreter

/// `spin wasm ir`: the interpreter's internal code for one function.
public enum Disassembly {
    public static func lines(path: String, function: Int) throws -> [String] {
        let module = try Engine().compile(try readFileBytes(path))
        return module.disassemble(function: function)
    }
}
