import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Relaxed SIMD (Wasm 3.0): the spec tests accept any of an instruction's
/// allowed results; these pin the one this engine documents, the spec's
/// deterministic profile, on inputs where the choices differ.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct RelaxedSIMDTests {
    static let text = """
        (module
          ;; (1 + 2^-12)^2 - (1 + 2^-11): 2^-24 fused, 0 when the product rounds first.
          (func (export "madd") (result i32)
            (i32x4.extract_lane 0 (f32x4.relaxed_madd
              (v128.const i32x4 0x3f800800 0 0 0) (v128.const i32x4 0x3f800800 0 0 0)
              (v128.const i32x4 0xbf801000 0 0 0))))
          ;; A mask lane mixing set and clear bits selects bit by bit.
          (func (export "laneselect") (result i32)
            (i32x4.extract_lane 0 (i32x4.relaxed_laneselect
              (v128.const i32x4 0xffffffff 0 0 0) (v128.const i32x4 0 0 0 0) (v128.const i32x4 0x0000ffff 0 0 0))))
          ;; -32768 * -32768 saturates.
          (func (export "q15") (result i32)
            (i16x8.extract_lane_s 0 (i16x8.relaxed_q15mulr_s
              (v128.const i16x8 -32768 0 0 0 0 0 0 0) (v128.const i16x8 -32768 0 0 0 0 0 0 0))))
          ;; Indices of 16 and more select 0.
          (func (export "swizzle") (result i32)
            (i8x16.extract_lane_u 0 (i8x16.relaxed_swizzle
              (v128.const i8x16 7 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) (v128.const i8x16 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))
          ;; NaN truncates to 0, out of range saturates.
          (func (export "trunc") (result i32)
            (i32x4.extract_lane 1 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 3e9 -3e9 0))))
          (func (export "trunc-nan") (result i32)
            (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 3e9 -3e9 0))))
          ;; A negative second operand counts as signed: -1 * 100 + 2 * 3.
          (func (export "dot") (result i32)
            (i16x8.extract_lane_s 0 (i16x8.relaxed_dot_i8x16_i7x16_s
              (v128.const i8x16 100 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0) (v128.const i8x16 -1 3 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))
          (func (export "dot-add") (result i32)
            (i32x4.extract_lane 0 (i32x4.relaxed_dot_i8x16_i7x16_add_s
              (v128.const i8x16 100 2 -128 -128 0 0 0 0 0 0 0 0 0 0 0 0)
              (v128.const i8x16 -1 3 -128 -128 0 0 0 0 0 0 0 0 0 0 0 0)
              (v128.const i32x4 1000 0 0 0)))))
        """

    @Test func eachInstructionGivesTheDeterministicProfilesResult() throws {
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble(Self.text)), in: Store(engine: engine))
        #expect(try instance.invoke("madd", []) == [.i32(0)])
        #expect(try instance.invoke("laneselect", []) == [.i32(0x0000_FFFF)])
        #expect(try instance.invoke("q15", []) == [.i32(32767)])
        #expect(try instance.invoke("swizzle", []) == [.i32(0)])
        #expect(try instance.invoke("trunc", []) == [.i32(UInt32(Int32.max))])
        #expect(try instance.invoke("trunc-nan", []) == [.i32(0)])
        #expect(try instance.invoke("dot", []) == [.i32(UInt32(bitPattern: -94))])
        // -128 * -128 twice wraps to -32768 at 16 bits before the 32-bit sum.
        #expect(try instance.invoke("dot-add", []) == [.i32(UInt32(bitPattern: -94 - 32768 + 1000))])
    }

    @Test func withoutTheFeatureTheyAreRefused() throws {
        var configuration = EngineConfiguration()
        configuration.features = WasmFeatures.all.subtracting(.relaxedSIMD)
        #expect(throws: ModuleLoadError.self) { _ = try Engine(configuration: configuration).compile(try WAT.assemble(Self.text)) }
    }
}
