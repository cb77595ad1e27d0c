@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// WebAssembly 3.0 in a component's core items: tags linked between core
/// instances, exceptions that leave a lifted function, and `sub` / `rec`
/// core function types. The reference suite's `linking/tags.wast` covers
/// the happy paths; these cover the refusals and the boundary.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct CoreWasm3TypesTests {
    static func instantiate(_ text: String) throws -> ComponentInstance {
        let engine = Engine()
        let linked = try ComponentLinker().link(ValidatedComponent(WAT.assemble(text), engine: engine))
        return try linked.instantiate(in: Store(engine: engine))
    }

    static func validationError(_ text: String) throws -> String? {
        do {
            _ = try ValidatedComponent(WAT.assemble(text), engine: Engine())
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// An exception no core frame catches becomes a trap at the lift: the
    /// component's caller sees a trap, never a thrown exception.
    @Test func uncaughtExceptionTrapsAtTheLift() throws {
        let instance = try Self.instantiate("""
            (component
              (core module $M
                (tag $t (param i32))
                (func (export "throw") (param i32) (result i32) (throw $t (local.get 0))))
              (core instance $m (instantiate $M))
              (func (export "throw") (param "x" u32) (result u32) (canon lift (core func $m "throw"))))
            """)
        let function = try #require(instance.function("throw"))
        #expect(throws: Trap.self) { try function.call([.u32(5)]) }
    }

    /// A tag import must have exactly the exporter's payload type.
    @Test func tagTypesMustMatch() throws {
        let message = try #require(try Self.validationError("""
            (component
              (core module $Tag (tag (export "t") (param i64)))
              (core module $User (import "tag" "t" (tag (param i32))))
              (core instance $tag (instantiate $Tag))
              (core instance (instantiate $User (with "tag" (instance $tag)))))
            """))
        #expect(message.contains("type mismatch for export `t`"), "\(message)")
    }

    /// Module types may import and export tags, and an imported module's
    /// tag imports are checked against what the component passes it.
    @Test func moduleTypesDeclareTags() throws {
        #expect(try Self.validationError("""
            (component
              (import "m" (core module $M
                (type (func (param i32)))
                (import "a" "t" (tag (type 0)))
                (export "e" (tag (type 0)))))
              (core module $Tag (tag (export "t") (param i32)))
              (core instance $tag (instantiate $Tag))
              (core instance $m (instantiate $M (with "a" (instance $tag))))
              (alias core export $m "e" (core tag $e)))
            """) == nil)
        let wrongPayload = try #require(try Self.validationError("""
            (component
              (import "m" (core module $M (type (func (param i32))) (import "a" "t" (tag (type 0)))))
              (core module $Tag (tag (export "t") (param f32)))
              (core instance $tag (instantiate $Tag))
              (core instance $m (instantiate $M (with "a" (instance $tag)))))
            """))
        #expect(wrongPayload.contains("type mismatch"), "\(wrongPayload)")
    }

    @Test func subtypedFunctionTypesValidate() throws {
        #expect(try Self.validationError("""
            (component
              (core type $a (sub (func (param i32))))
              (core type (sub final $a (func (param i32))))
              (core rec (type $c (sub (func))) (type (sub $c (func))))
              (core type (module (type (sub (func))) (type (sub 0 (func))))))
            """) == nil)
    }

    @Test func aFinalSupertypeIsRefused() throws {
        let message = try #require(try Self.validationError("""
            (component (core type $a (func)) (core type (sub $a (func))))
            """))
        #expect(message.contains("final super type"), "\(message)")
    }

    @Test func aSupertypeMustMatch() throws {
        let message = try #require(try Self.validationError("""
            (component (core type $a (sub (func (param i32)))) (core type (sub $a (func (param i64)))))
            """))
        #expect(message.contains("must match super type"), "\(message)")
    }

    /// Struct and array core types stay refused by name, not as garbage.
    @Test func structTypesAreUnsupported() throws {
        let message = try #require(try Self.validationError("(component (core type (struct)))"))
        #expect(message.contains("unsupported feature: gc"), "\(message)")
    }
}
