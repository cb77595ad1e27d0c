import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Typed function references (Wasm 3.0, on in `WasmFeatures.default`):
/// references typed by the function type they name, calls through them,
/// null checks, non-nullable locals and tables, and type identity across
/// modules.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct FunctionReferenceTests {
    static let text = """
        (module
          (type $binary (func (param i32 i32) (result i32)))
          (type $countdown (func (param i64) (result i64)))
          (func $add (export "add") (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func $neg (export "neg") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
          (elem declare func $add $sub)
          ;; A table of non-null references needs an initialiser: every slot holds $sub.
          (table $ops 4 (ref $binary) (ref.func $sub))
          (func (export "apply") (param $f (ref $binary)) (param i32 i32) (result i32)
            (call_ref $binary (local.get 1) (local.get 2) (local.get $f)))
          (func (export "apply-or-minus-one") (param $f (ref null $binary)) (result i32)
            (block $null
              (return (call_ref $binary (i32.const 7) (i32.const 2) (br_on_null $null (local.get $f)))))
            (i32.const -1))
          (func (export "non-null-or-add") (param $f (ref null $binary)) (result i32)
            (call_ref $binary (i32.const 7) (i32.const 2)
              (block $present (result (ref $binary))
                (br_on_non_null $present (local.get $f))
                (ref.func $add))))
          (func (export "call-null") (result i32)
            (call_ref $binary (i32.const 1) (i32.const 2) (ref.null $binary)))
          (func (export "as-non-null") (param $f (ref null $binary)) (result i32)
            (ref.is_null (ref.as_non_null (local.get $f))))
          (func (export "table-slot") (param i32) (result i32)
            (call_ref $binary (i32.const 10) (i32.const 4) (table.get $ops (local.get 0))))
          ;; A non-nullable local, set before it is read.
          (func (export "local") (result i32) (local $f (ref $binary))
            (local.set $f (ref.func $add))
            (call_ref $binary (i32.const 40) (i32.const 2) (local.get $f)))
          ;; return_call_ref into itself: n steps in constant stack.
          (func $down (type $countdown)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 42))
              (else (return_call_ref $countdown (i64.sub (local.get 0) (i64.const 1)) (ref.func $down)))))
          (elem declare func $down)
          (func (export "down") (param i64) (result i64) (call $down (local.get 0))))
        """

    func instantiate() throws -> (Instance, Store) {
        let engine = Engine()
        let store = Store(engine: engine)
        return (try Linker().instantiate(try engine.compile(try WAT.assemble(Self.text)), in: store), store)
    }

    func reference(_ instance: Instance, _ name: String) throws -> Value {
        let function = try #require(instance.function(named: name))
        return .funcref(function.reference)
    }


    @Test func callsThroughTypedReferences() throws {
        let (instance, _) = try instantiate()
        #expect(try instance.invoke("apply", [try reference(instance, "add"), .i32(40), .i32(2)]) == [.i32(42)])
        #expect(try instance.invoke("apply-or-minus-one", [try reference(instance, "add")]) == [.i32(9)])
        #expect(try instance.invoke("apply-or-minus-one", [.funcref(nil)]) == [.i32(signed: -1)])
        #expect(try instance.invoke("non-null-or-add", [.funcref(nil)]) == [.i32(9)])
        #expect(try instance.invoke("table-slot", [.i32(3)]) == [.i32(6)])
        #expect(try instance.invoke("local") == [.i32(42)])
        #expect(try instance.invoke("down", [.i64(1_000_000)]) == [.i64(42)])
    }

    @Test func nullReferencesTrap() throws {
        let (instance, _) = try instantiate()
        #expect(trap { _ = try instance.invoke("call-null") }?.reason == .nullFunctionReference)
        #expect(trap { _ = try instance.invoke("as-non-null", [.funcref(nil)]) }?.reason == .nullReference)
        #expect(try instance.invoke("as-non-null", [try reference(instance, "add")]) == [.i32(0)])
    }

    @Test func theHostMustPassAReferenceOfTheParameterType() throws {
        let (instance, _) = try instantiate()
        // `neg` is (i32) -> i32: calling it as (i32 i32) -> i32 would read a
        // missing argument. The call is refused before it starts.
        let neg = try reference(instance, "neg")
        let refused = trap { _ = try instance.invoke("apply", [neg, .i32(1), .i32(2)]) }
        #expect(refused?.description.contains("do not match") == true)
        #expect(trap { _ = try instance.invoke("apply", [.funcref(nil), .i32(1), .i32(2)]) } != nil)
    }

    @Test func nonNullableLocalsMustBeSetBeforeTheyAreRead() throws {
        func validate(_ body: String) throws {
            _ = try loadModule(try WAT.assemble("""
                (module (type $t (func)) (func $f) (elem declare func $f)
                  (func (local $r (ref $t)) \(body)))
                """), features: .default)
        }
        try validate("(local.set $r (ref.func $f)) (drop (local.get $r))")
        try validate("(block (local.set $r (ref.func $f)) (drop (local.get $r)))")
        // Set inside a block only: unset again after its end.
        #expect(throws: ModuleError.self) { try validate("(block (local.set $r (ref.func $f))) (drop (local.get $r))") }
        #expect(throws: ModuleError.self) { try validate("(drop (local.get $r))") }
    }

    @Test func aTableOfNonNullableReferencesNeedsAnInitialiser() throws {
        #expect(throws: ModuleError.self) {
            _ = try loadModule(try WAT.assemble("(module (type $t (func)) (table 1 (ref $t)))"), features: .default)
        }
    }

    /// Import matching compares types by identity across modules: an
    /// equivalent definition at another index matches, another one does not.
    @Test func typesMatchAcrossModulesByStructure() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        var linker = Linker()
        let exporter = try engine.compile(try WAT.assemble("""
            (module
              (type $unary (func (param i32) (result i32)))
              (func $id (type $unary) (local.get 0))
              (global (export "f") (ref null $unary) (ref.func $id)))
            """))
        linker.define(instance: try linker.instantiate(exporter, in: store), as: "exporter")
        let equivalent = try engine.compile(try WAT.assemble("""
            (module
              (type $other (func))
              (type $same (func (param i32) (result i32)))
              (import "exporter" "f" (global $f (ref null $same)))
              (func (export "call") (result i32) (call_ref $same (i32.const 5) (global.get $f))))
            """))
        #expect(try linker.instantiate(equivalent, in: store).invoke("call") == [.i32(5)])
        let different = try engine.compile(try WAT.assemble("""
            (module
              (type $different (func (param i64) (result i32)))
              (import "exporter" "f" (global (ref null $different))))
            """))
        #expect(throws: InstantiationError.self) { try linker.instantiate(different, in: store) }
    }

    @Test func turnedOffTheFeatureIsRefusedByName() throws {
        let bytes = try WAT.assemble("(module (type $t (func)) (func (param (ref null $t))))")
        #expect(throws: ModuleError.self) { _ = try loadModule(bytes, features: .wasm2) }
        do {
            _ = try loadModule(bytes, features: .wasm2)
        } catch {
            #expect(error.message.contains("unsupported feature: function-references"))
        }
    }
}
