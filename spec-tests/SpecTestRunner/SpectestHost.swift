import WasmDecoder
import WasmInterpreter

/// The `spectest` module the suite imports from (see the shared suite's
/// README): print functions that print nothing, four globals, a table (and
/// a 64-bit one with memory64) and a memory.
enum SpectestHost {
    static func define(in linker: inout Linker, store: Store, engine: Engine) throws {
        let prints: [(String, [ValueType])] = [
            ("print", []), ("print_i32", [.i32]), ("print_i64", [.i64]), ("print_f32", [.f32]),
            ("print_f64", [.f64]), ("print_i32_f32", [.i32, .f32]), ("print_f64_f64", [.f64, .f64]),
        ]
        for (name, parameters) in prints {
            linker.define("spectest", name, HostFunction(type: FunctionType(parameters: parameters, results: [])) { _, _ in [] })
        }
        // The host entities come from instantiating a tiny module that exports them.
        let withTable64 = engine.configuration.features.contains(.memory64)
        let compiled = try engine.compile(spectestModule(withTable64: withTable64))
        let instance = try Linker().instantiate(compiled, in: store)
        for name in ["global_i32", "global_i64", "global_f32", "global_f64", "table", "table64", "memory"] {
            if let extern = instance.export(named: name) { linker.define("spectest", name, extern) }
        }
    }

    /// (module
    ///   (global (export "global_i32") i32 (i32.const 666))
    ///   (global (export "global_i64") i64 (i64.const 666))
    ///   (global (export "global_f32") f32 (f32.const 666.6))
    ///   (global (export "global_f64") f64 (f64.const 666.6))
    ///   (table (export "table") 10 20 funcref)
    ///   (table (export "table64") i64 10 20 funcref)   ;; with memory64 only
    ///   (memory (export "memory") 1 2))
    static func spectestModule(withTable64: Bool) -> [UInt8] {
        func name(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
        func section(_ id: UInt8, _ body: [UInt8]) -> [UInt8] { [id, UInt8(body.count)] + body }
        let f32Bits = Float(666.6).bitPattern
        let f64Bits = Double(666.6).bitPattern
        let f32Bytes = (0..<4).map { UInt8(truncatingIfNeeded: f32Bits >> (8 * $0)) }
        let f64Bytes = (0..<8).map { UInt8(truncatingIfNeeded: f64Bits >> (8 * $0)) }
        let globals: [UInt8] = [0x04,
            0x7F, 0x00, 0x41, 0x9A, 0x05, 0x0B,
            0x7E, 0x00, 0x42, 0x9A, 0x05, 0x0B,
            0x7D, 0x00, 0x43] + f32Bytes + [0x0B,
            0x7C, 0x00, 0x44] + f64Bytes + [0x0B]
        var exports: [UInt8] = [withTable64 ? 0x07 : 0x06]
        for (index, global) in ["global_i32", "global_i64", "global_f32", "global_f64"].enumerated() {
            exports += name(global) + [0x03, UInt8(index)]
        }
        exports += name("table") + [0x01, 0x00] + name("memory") + [0x02, 0x00]
        if withTable64 { exports += name("table64") + [0x01, 0x01] }
        let tables: [UInt8] = withTable64 ? [0x02, 0x70, 0x01, 0x0A, 0x14, 0x70, 0x05, 0x0A, 0x14] : [0x01, 0x70, 0x01, 0x0A, 0x14]
        return [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
            + section(4, tables)
            + section(5, [0x01, 0x01, 0x01, 0x02])
            + section(6, globals)
            + section(7, exports)
    }
}
