import Testing
import WATSupport
import WasmDecoder
import WasmInterpreter

/// The README's embedding example, kept compiling and passing here.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct EmbeddingTests {
    @Test func readmeExample() throws {
        let bytes = try WAT.assemble("""
            (module
              (import "env" "log" (func $log (param i32)))
              (memory (export "memory") 1)
              (func (export "add") (param i32 i32) (result i32)
                (call $log (local.get 0))
                (i32.add (local.get 0) (local.get 1))))
            """)
        // --- README example begins ---
        let engine = Engine()
        let module = try engine.compile(bytes)            // decode + validate + translate, once
        var linker = Linker()
        nonisolated(unsafe) var logged: [Int32] = []
        linker.define("env", "log", HostFunction(type: FunctionType(parameters: [.i32], results: [])) { caller, arguments in
            if case .i32(let value) = arguments[0] { logged.append(Int32(bitPattern: value)) }
            return []
        })
        let store = Store(engine: engine)                 // one per request
        let instance = try linker.instantiate(module, in: store)
        let sum = try instance.invoke("add", [.i32(40), .i32(2)])
        let add = try instance.typedFunction("add", (Int32, Int32).self, returning: Int32.self)
        let typedSum = try add(40, 2)                     // checked signature, Swift values
        try instance.memory(named: "memory")!.write([1, 2, 3], at: 16)
        // --- README example ends ---
        #expect(sum == [.i32(42)])
        #expect(typedSum == 42)
        #expect(throws: InvocationError.self) {
            _ = try instance.typedFunction("add", (Int64, Int32).self, returning: Int32.self)
        }
        #expect(logged == [40, 40])
        #expect(try instance.memory(named: "memory")!.read(at: 16, count: 3) == [1, 2, 3])
    }

    @Test func hostFunctionTypeMismatchIsALinkError() throws {
        let bytes = try WAT.assemble(#"(module (import "env" "f" (func (param i64))))"#)
        let engine = Engine()
        var linker = Linker()
        linker.define("env", "f", HostFunction(type: FunctionType(parameters: [.i32], results: [])) { _, _ in [] })
        #expect(throws: InstantiationError.self) {
            try linker.instantiate(try engine.compile(bytes), in: Store(engine: engine))
        }
    }

    @Test func missingImportNamesIt() throws {
        let bytes = try WAT.assemble(#"(module (import "wasi" "nothing" (func)))"#)
        let engine = Engine()
        do {
            _ = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
            Issue.record("instantiated without its import")
        } catch {
            #expect("\(error)" == "link error: unknown import: wasi::nothing (func () -> ())")
        }
    }
}
