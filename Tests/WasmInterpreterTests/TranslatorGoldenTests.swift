import Testing
import WATSupport
@testable import WasmInterpreter

/// Wasm in, internal code out: pins down what the translator emits for the
/// patterns that matter for speed (see RATIONALE.md). Frame sizes count the
/// deepest abstract stack, whose pending local reads and constants reserve
/// registers too.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct TranslatorGoldenTests {
    func translate(_ body: String, signature: String = "(param i32 i32) (result i32)", locals: String = "") throws -> [String] {
        let module = try Engine().compile(try WAT.assemble("(module (func \(signature) \(locals) \(body)))"))
        return module.disassemble(function: 0)
    }

    @Test func localsAndConstantsAreOperandsNotCopies() throws {
        #expect(try translate("(i32.add (local.get 0) (local.get 1))") == [
            "frame 4 registers",
            "0: i32Add(2, 0, 1)",
            "1: return1(value: 2)",
        ])
    }

    @Test func constantAdditionUsesAnImmediate() throws {
        #expect(try translate("(i32.add (local.get 0) (i32.const 7))") == [
            "frame 4 registers",
            "0: i32AddImmediate(2, 0, 7)",
            "1: return1(value: 2)",
        ])
    }

    @Test func constantOperandsAreImmediatesOfEveryWidth() throws {
        // A left constant mirrors the comparison; a 64-bit constant takes the wide form.
        #expect(try translate("(i32.lt_s (i32.const 5) (local.get 0))") == [
            "frame 4 registers",
            "0: i32GtSImmediate(2, 0, 5)",
            "1: return1(value: 2)",
        ])
        #expect(try translate("(i64.mul (local.get 0) (i64.const 0x100000001b3))",
                              signature: "(param i64) (result i64)") == [
            "frame 3 registers",
            "0: i64MulWide(1099511628211, 1, 0)",
            "1: return1(value: 1)",
        ])
    }

    @Test func rotationsByAConstantRotateLeftByAnImmediate() throws {
        // Right by k is left by the width minus k; counts are taken modulo the width.
        #expect(try translate("(i32.rotr (local.get 0) (i32.const 8))") == [
            "frame 4 registers", "0: i32RotlImmediate(2, 0, 24)", "1: return1(value: 2)",
        ])
        #expect(try translate("(i64.rotl (local.get 0) (i64.const 95))", signature: "(param i64) (result i64)") == [
            "frame 3 registers", "0: i64RotlImmediate(1, 0, 31)", "1: return1(value: 1)",
        ])
        // A constant rotated by a variable count keeps the register form.
        #expect(try translate("(i32.rotl (i32.const 8) (local.get 0))") == [
            "frame 4 registers", "0: const32(destination: 2, value: 8)", "1: i32Rotl(2, 2, 0)", "2: return1(value: 2)",
        ])
    }

    @Test func rotationsByAConstantComputeWhatTheRegisterFormComputes() throws {
        let bytes = try WAT.assemble("""
            (module
              (func (export "rotl32") (param i32 i32) (result i32 i32 i32 i32)
                (i32.rotl (local.get 0) (i32.const 0)) (i32.rotl (local.get 0) (i32.const 36))
                (i32.rotr (local.get 0) (i32.const 0)) (i32.rotr (local.get 0) (i32.const 31)))
              (func (export "rotl64") (param i64) (result i64 i64 i64)
                (i64.rotl (local.get 0) (i64.const 64)) (i64.rotl (local.get 0) (i64.const 31))
                (i64.rotr (local.get 0) (i64.const 1))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let x32: UInt32 = 0x8123_4567
        let r32 = try instance.invoke("rotl32", [.i32(x32), .i32(0)])
        #expect(r32 == [.i32(x32), .i32(0x1234_5678), .i32(x32), .i32(0x0246_8ACF)])
        let x64: UInt64 = 0x8000_0000_0000_0003
        let r64 = try instance.invoke("rotl64", [.i64(x64)])
        #expect(r64 == [.i64(x64), .i64(0x0000_0001_C000_0000), .i64(0xC000_0000_0000_0001)])
    }

    @Test func comparisonFusesIntoTheBranch() throws {
        let lines = try translate("""
            (block $out
              (br_if $out (i32.lt_u (local.get 0) (local.get 1)))
              (local.set 0 (i32.const 7)))
            (local.get 0)
            """)
        #expect(lines == [
            "frame 4 registers",
            "0: brIfI32LtU(0, 1, offset: 2) -> 2",
            "1: const32(destination: 0, value: 7)",
            "2: return1(value: 0)",
        ])
    }

    @Test func localSetTakesTheResultDirectly() throws {
        let lines = try translate("(local.set 2 (i32.mul (local.get 0) (local.get 1))) (local.get 2)",
                                  locals: "(local i32)")
        #expect(lines == [
            "frame 5 registers",
            "0: i32Mul(2, 0, 1)",
            "1: return1(value: 2)",
        ])
    }

    @Test func pendingReadSurvivesAnAssignment() throws {
        // local.get 0 is read before local.set 0 overwrites it, and used after.
        let lines = try translate("(local.get 0) (local.set 0 (local.get 1)) (local.get 0) (i32.sub)")
        #expect(lines == [
            "frame 4 registers",
            "0: copy2(destination0: 2, source0: 0, destination1: 0, source1: 1)",
            "1: i32Sub(2, 2, 0)",
            "2: return1(value: 2)",
        ])
    }

    @Test func loopBranchesBackWithACheck() throws {
        let lines = try translate("""
            (loop $again
              (local.set 0 (i32.add (local.get 0) (i32.const -1)))
              (br_if $again (local.get 0)))
            (local.get 1)
            """)
        #expect(lines == [
            "frame 4 registers",
            "0: i32AddImmediate(0, 0, 4294967295)",
            "1: brIfNez(condition: 0, offset: -1) -> 0",
            "2: return1(value: 1)",
        ])
    }
}
