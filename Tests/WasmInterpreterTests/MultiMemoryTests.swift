import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Multiple memories (Wasm 3.0, on in `WasmFeatures.default`), beyond what
/// the spec scripts reach: one memory imported under two indices, vector
/// accesses and copies across memories, and the switch that turns it off.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct MultiMemoryTests {
    static let aliasing = """
        (module
          (import "env" "shared" (memory $zero 1))
          (import "env" "shared" (memory $one 1))
          (memory $two 1)
          (func (export "grow-through-one") (result i32) (memory.grow $one (i32.const 2)))
          (func (export "size-of-zero") (result i32) (memory.size $zero))
          (func (export "store-one-load-zero") (param i32 i32) (result i32)
            (i32.store $one (local.get 0) (local.get 1))
            (i32.load $zero (local.get 0)))
          (func (export "vector-round-trip") (param i32) (result i64)
            (v128.store $two (i32.const 32) (v128.load $one (local.get 0)))
            (i64x2.extract_lane 1 (v128.load $two (i32.const 32))))
          (func (export "copy-into-two") (param i32 i32)
            (memory.copy $two $zero (local.get 0) (local.get 1) (i32.const 8)))
          (func (export "load-two") (param i32) (result i64) (i64.load $two (local.get 0)))
          (func (export "fill-two") (param i32) (memory.fill $two (local.get 0) (i32.const 0xAB) (i32.const 4)))
          (func (export "load-zero") (param i32) (result i32) (i32.load $zero (local.get 0))))
        """

    /// The aliasing module, importing a memory of `limits` that another module exports.
    func instantiate(limits: String) throws -> Instance {
        let engine = Engine()
        let store = Store(engine: engine)
        var linker = Linker()
        let exporter = try engine.compile(try WAT.assemble("(module (memory (export \"shared\") \(limits)))"))
        linker.define(instance: try linker.instantiate(exporter, in: store), as: "env")
        return try linker.instantiate(try engine.compile(try WAT.assemble(Self.aliasing)), in: store)
    }

    @Test func oneMemoryUnderTwoIndicesIsOneMemory() throws {
        let instance = try instantiate(limits: "1 8")
        #expect(try instance.invoke("grow-through-one", []) == [.i32(1)])
        // Memory 0 is the same memory: its size and bounds follow at once.
        #expect(try instance.invoke("size-of-zero", []) == [.i32(3)])
        #expect(try instance.invoke("store-one-load-zero", [.i32(3 * 65536 - 4), .i32(77)]) == [.i32(77)])
        #expect(throws: (any Error).self) { try instance.invoke("store-one-load-zero", [.i32(3 * 65536 - 3), .i32(1)]) }
    }

    @Test func vectorsAndBulkOperationsReachTheNamedMemory() throws {
        let instance = try instantiate(limits: "1")
        _ = try instance.invoke("store-one-load-zero", [.i32(8), .i32(0x1234_5678)])
        #expect(try instance.invoke("vector-round-trip", [.i32(0)]) == [.i64(0x1234_5678)])
        #expect(try instance.invoke("copy-into-two", [.i32(100), .i32(8)]) == [])
        #expect(try instance.invoke("load-two", [.i32(100)]) == [.i64(0x1234_5678)])
        // Memory 0 kept its bytes: the copy and the fill wrote memory 2 only.
        _ = try instance.invoke("fill-two", [.i32(8)])
        #expect(try instance.invoke("load-zero", [.i32(8)]) == [.i32(0x1234_5678)])
        #expect(try instance.invoke("load-two", [.i32(8)]) == [.i64(0xABAB_ABAB)])
        #expect(throws: (any Error).self) { try instance.invoke("copy-into-two", [.i32(65536 - 7), .i32(0)]) }
    }

    @Test func withoutTheFeatureAMemoryIndexIsRefused() throws {
        var configuration = EngineConfiguration()
        configuration.features = .wasm2
        let engine = Engine(configuration: configuration)
        #expect(throws: ModuleLoadError.self) { _ = try engine.compile(try WAT.assemble(Self.aliasing)) }
        let oneMemory = try WAT.assemble("(module (memory 1) (func (result i32) (i32.load (i32.const 0))))")
        _ = try engine.compile(oneMemory)
    }
}
