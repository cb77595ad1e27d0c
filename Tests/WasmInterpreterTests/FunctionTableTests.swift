import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// An instance's function table is a window of its store's function entries
/// (`Store.openFunctionTable`): it must stay right when the store grows after
/// it, and the copies of imported functions in it keep their own addresses.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct FunctionTableTests {
    let engine = Engine()

    /// A module with `value` in its exported global "v".
    func provider(_ value: Int32) throws -> CompiledModule {
        try engine.compile(try WAT.assemble("""
            (module
              (func (export "id") (result i32) (i32.const \(value)))
              (global (export "v") i32 (i32.const \(value))))
            """))
    }

    /// Enough functions that the store's entry buffers are pooled ones
    /// (`FunctionEntryPool.minimumPooledCapacity`): a buffer given back too
    /// early is taken by the next store of the same size and overwritten.
    var importer: CompiledModule {
        get throws {
            let padding = String(repeating: "(func)\n", count: FunctionEntryPool.minimumPooledCapacity + 50)
            return try engine.compile(try WAT.assemble("""
                (module
                  (import "p" "id" (func $id (result i32)))
                  (import "p" "v" (global $v i32))
                  (table 2 funcref)
                  (elem (i32.const 0) $own $id)
                  (type $answer (func (result i32)))
                  (func $own (result i32) (global.get $v))
                  (func (export "direct") (result i32) (i32.add (call $own) (call $id)))
                  (func (export "indirect") (result i32)
                    (i32.add (call_indirect (type $answer) (i32.const 0))
                             (call_indirect (type $answer) (i32.const 1))))
                  (export "reexported" (func $id))
                  \(padding))
                """))
        }
    }

    @Test func aTableStaysRightWhenItsStoreGrows() throws {
        let importer = try importer
        let first = Store(engine: engine)
        let instance = try importer.instantiate(imports: try provider(1).instantiate(imports: [], in: first).exportedItems,
                                                in: first)
        // The store grows twice over, then a second store of the same shape
        // takes whatever buffers were given back.
        for _ in 0..<2 {
            _ = try importer.instantiate(imports: try provider(5).instantiate(imports: [], in: first).exportedItems, in: first)
        }
        let second = Store(engine: engine)
        _ = try importer.instantiate(imports: try provider(2).instantiate(imports: [], in: second).exportedItems, in: second)
        #expect(try instance.invoke("direct") == [.i32(2)])
        #expect(try instance.invoke("indirect") == [.i32(2)])
    }

    @Test func anImportedFunctionKeepsItsAddress() throws {
        let store = Store(engine: engine)
        let provided = try provider(3).instantiate(imports: [], in: store).exportedItems
        let instance = try importer.instantiate(imports: provided, in: store)
        guard case .function(let original) = provided[0],
              case .function(let reexported) = instance.exportedItems[2] else {
            Issue.record("expected functions first among the provider's exports and third among the importer's")
            return
        }
        #expect(reexported == original)
    }
}
