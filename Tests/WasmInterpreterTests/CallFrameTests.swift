import Testing
import WATSupport
import WasmInterpreter

/// A callee's frame reuses stack slots an earlier call wrote: its declared
/// locals must still start at zero, however many it has (the interpreter
/// zeroes up to four with plain stores and more with one fill).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct CallFrameTests {
    @Test(arguments: 1...7) func declaredLocalsStartAtZero(count: Int) throws {
        let locals = String(repeating: " i64", count: count)
        let sum = (0..<count).map { "(local.get \($0 + 1))" }.reduce("(i64.const 0)") { "(i64.add \($0) \($1))" }
        let bytes = try WAT.assemble("""
            (module
              (func $dirty (param i64) (result i64) (local i64 i64 i64 i64 i64 i64 i64)
                (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (local.set 3 (local.get 0))
                (local.set 4 (local.get 0)) (local.set 5 (local.get 0)) (local.set 6 (local.get 0))
                (local.set 7 (local.get 0))
                (i64.add (local.get 1) (local.get 7)))
              (func $clean (param i64) (result i64) (local\(locals))
                \(sum))
              (func (export "run") (result i64)
                (drop (call $dirty (i64.const 0x5555)))
                (call $clean (i64.const 1))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        #expect(try instance.invoke("run", []) == [.i64(0)])
    }
}
