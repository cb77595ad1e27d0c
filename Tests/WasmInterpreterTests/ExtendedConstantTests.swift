import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Extended constant expressions (Wasm 3.0, on in `WasmFeatures.default`):
/// `add`, `sub` and `mul` in global initialisers and segment offsets, as
/// componentize-py's dynamically linked modules write their data offsets.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct ExtendedConstantTests {
    static let text = """
        (module
          (import "env" "base" (global $base i32))
          (import "env" "wide" (global $wide i64))
          (memory 1)
          (global $a i32 (i32.add (global.get $base) (i32.const 16)))
          (global $b i32 (i32.mul (i32.sub (global.get $base) (i32.const 1)) (i32.const -3)))
          (global $c i64 (i64.sub (i64.mul (global.get $wide) (i64.const 3)) (i64.const 1)))
          (data (i32.add (global.get $base) (i32.const 4)) "\\2a")
          (func (export "a") (result i32) (global.get $a))
          (func (export "b") (result i32) (global.get $b))
          (func (export "c") (result i64) (global.get $c))
          (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """

    @Test func constantArithmeticInitialisesGlobalsAndOffsets() throws {
        let engine = Engine()
        var linker = Linker()
        linker.define("env", "base", .global(GlobalCell(type: GlobalType(valueType: .i32, isMutable: false), value: 100)))
        linker.define("env", "wide", .global(GlobalCell(type: GlobalType(valueType: .i64, isMutable: false), value: 0x1_0000_0000)))
        let instance = try linker.instantiate(try engine.compile(try WAT.assemble(Self.text)), in: Store(engine: engine))
        #expect(try instance.invoke("a", []) == [.i32(116)])
        #expect(try instance.invoke("b", []) == [.i32(UInt32(bitPattern: -297))])
        #expect(try instance.invoke("c", []) == [.i64(0x2_FFFF_FFFF)])
        #expect(try instance.invoke("byte", [.i32(104)]) == [.i32(42)])
    }

    @Test func withoutTheFeatureTheyAreNotConstant() throws {
        #expect(throws: ModuleError.self) { _ = try loadModule(try WAT.assemble(Self.text), features: .wasm2) }
        #expect(throws: ModuleError.self) {
            _ = try loadModule(try WAT.assemble("(module (global i32 (i32.add (i32.const 1) (i64.const 2))))"))
        }
    }
}
