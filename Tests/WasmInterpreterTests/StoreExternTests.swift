import Testing
import WATSupport
import WasmDecoder
import WasmInterpreter

/// `CompiledModule.instantiate(imports:in:)`, the component model's way in:
/// imports given as items of the store, checked against the import types.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct StoreExternTests {
    let engine = Engine()

    func compile(_ text: String) throws -> CompiledModule {
        try engine.compile(try WAT.assemble(text))
    }

    var provider: CompiledModule {
        get throws {
            try compile("""
                (module
                  (func (export "seven") (result i32) (i32.const 7))
                  (global (export "base") i32 (i32.const 35))
                  (memory (export "memory") 1))
                """)
        }
    }

    var importer: CompiledModule {
        get throws {
            try compile("""
                (module
                  (import "p" "seven" (func $seven (result i32)))
                  (import "p" "base" (global $base i32))
                  (import "p" "memory" (memory 1))
                  (func (export "sum") (result i32)
                    (i32.store (i32.const 8) (i32.add (call $seven) (global.get $base)))
                    (i32.load (i32.const 8))))
                """)
        }
    }

    @Test func exportedItemsInstantiateAnImporter() throws {
        let store = Store(engine: engine)
        let items = try provider.instantiate(imports: [], in: store).exportedItems
        let instance = try importer.instantiate(imports: items, in: store)
        #expect(try instance.invoke("sum") == [.i32(42)])
    }

    @Test func aFunctionAddressOutsideTheStoreIsRefused() throws {
        let store = Store(engine: engine)
        var items = try provider.instantiate(imports: [], in: store).exportedItems
        items[0] = .function(address: 1_000)
        do {
            _ = try importer.instantiate(imports: items, in: store)
            Issue.record("instantiated with an address the store does not have")
        } catch {
            #expect("\(error)".contains("import from another store"))
        }
    }

    @Test func aFunctionOfAnotherTypeIsRefused() throws {
        let store = Store(engine: engine)
        let other = try compile(#"(module (func (export "f") (param i64)))"#).instantiate(imports: [], in: store)
        var items = try provider.instantiate(imports: [], in: store).exportedItems
        items[0] = other.exportedItems[0]
        do {
            _ = try importer.instantiate(imports: items, in: store)
            Issue.record("instantiated with a function of the wrong type")
        } catch {
            #expect("\(error)".contains("incompatible import type"))
        }
    }
}
