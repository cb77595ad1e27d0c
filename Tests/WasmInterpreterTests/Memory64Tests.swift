import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// 64-bit memories and tables (Wasm 3.0, on in `WasmFeatures.default`):
/// limits far beyond 4 GiB are declared but only the used pages exist,
/// and every address, size and index is a whole i64 that no arithmetic
/// wraps.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct Memory64Tests {
    static let text = """
        (module
          (memory $huge (export "memory") i64 1 0x1000000)
          (table $calls i64 2 funcref)
          (elem (table $calls) (i64.const 1) func $seven)
          (type $answer (func (result i32)))
          (func $seven (result i32) (i32.const 7))
          (func (export "size") (result i64) (memory.size))
          (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
          (func (export "load") (param i64) (result i64) (i64.load offset=8 (local.get 0)))
          (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
          (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
          (func (export "call") (param i64) (result i32) (call_indirect $calls (type $answer) (local.get 0)))
          (func (export "table-grow") (param i64) (result i64) (table.grow $calls (ref.null func) (local.get 0))))
        """

    func instantiate() throws -> Instance {
        let engine = Engine()
        return try Linker().instantiate(try engine.compile(try WAT.assemble(Self.text)), in: Store(engine: engine))
    }

    @Test func aTebibyteDeclaredIsOnlyWhatIsUsed() throws {
        let instance = try instantiate()
        #expect(try instance.invoke("size", []) == [.i64(1)])
        #expect(try instance.invoke("grow", [.i64(1)]) == [.i64(1)])
        // 2^24 pages declared; the two used are all the memory has.
        let memory = try #require(instance.memory(named: "memory"))
        #expect(memory.byteCount == 2 * 65536)
        // Past the engine's limit (4 GiB), growth fails with an i64 -1.
        #expect(try instance.invoke("grow", [.i64(1 << 33)]) == [.i64(UInt64.max)])
        #expect(try instance.invoke("grow", [.i64(UInt64.max)]) == [.i64(UInt64.max)])
    }

    @Test func addressesNeverWrap() throws {
        let instance = try instantiate()
        _ = try instance.invoke("store", [.i64(65536 - 16), .i64(42)])
        #expect(try instance.invoke("load", [.i64(65536 - 24)]) == [.i64(42)])
        #expect(try instance.invoke("load", [.i64(65536 - 16)]) == [.i64(0)])
        // Past the one page, past 4 GiB, or past 2^64 with the offset: a
        // trap, never a wrapped access (2^64 - 8 + 8 wraps to 0).
        for address in [UInt64(65536 - 8), UInt64(1) << 32, UInt64.max - 4, UInt64.max - 7, (UInt64(1) << 32) - 8] {
            #expect(throws: (any Error).self) { try instance.invoke("load", [.i64(address)]) }
        }
        #expect(throws: (any Error).self) { try instance.invoke("fill", [.i64(8), .i64(UInt64.max)]) }
        #expect(throws: (any Error).self) { try instance.invoke("fill", [.i64(UInt64.max), .i64(2)]) }
    }

    @Test func sixtyFourBitTablesTakeWholeIndices() throws {
        let instance = try instantiate()
        #expect(try instance.invoke("call", [.i64(1)]) == [.i32(7)])
        // An index whose low half is 1 is not index 1.
        #expect(throws: (any Error).self) { try instance.invoke("call", [.i64((1 << 32) | 1)]) }
        #expect(try instance.invoke("table-grow", [.i64(UInt64.max)]) == [.i64(UInt64.max)])
        #expect(try instance.invoke("table-grow", [.i64(3)]) == [.i64(2)])
    }

    @Test func withoutTheFeatureTheyAreRefused() throws {
        var configuration = EngineConfiguration()
        configuration.features = .wasm2
        #expect(throws: ModuleLoadError.self) { _ = try Engine(configuration: configuration).compile(try WAT.assemble(Self.text)) }
    }
}
