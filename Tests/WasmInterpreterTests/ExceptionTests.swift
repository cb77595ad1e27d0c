import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Exception handling (Wasm 3.0, on in `WasmFeatures.default`): tags,
/// `throw`, `throw_ref`, `try_table` with its four clause kinds, unwinding
/// through Wasm and host frames, and uncaught exceptions as typed traps.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct ExceptionTests {
    static let text = """
        (module
          (import "host" "reenter" (func $reenter (param i32) (result i32)))
          (import "shared" "oops" (tag $oops (param i32)))
          (tag $pair (export "pair") (param i64 f64))
          (tag $empty)
          (func $raise-pair (param i64) (throw $pair (local.get 0) (f64.const 2.5)))
          ;; Three frames deep, then caught: the values reach the label.
          (func $deep (param i64) (call $deeper (local.get 0)))
          (func $deeper (param i64) (call $raise-pair (local.get 0)))
          (func (export "catch-pair") (param i64) (result i64)
            (block $caught (result i64 f64)
              (try_table (catch $pair $caught) (call $deep (local.get 0)))
              (return (i64.const -1)))
            (drop)
            (i64.add (i64.const 1000)))
          ;; catch_all takes what a specific clause does not.
          (func (export "catch-all") (result i32)
            (block $all
              (try_table (catch $oops 1) (catch_all $all) (throw $empty))
              (return (i32.const 0)))
            (i32.const 7))
          ;; catch_ref, then throw_ref of the same exception to an outer handler.
          (func (export "rethrow") (param i64) (result i64)
            (block $outer (result i64 f64)
              (try_table (catch $pair $outer)
                (block $inner (result i64 f64 exnref)
                  (try_table (catch_ref $pair $inner) (call $raise-pair (local.get 0)))
                  (unreachable))
                (throw_ref))
              (unreachable))
            (drop))
          (func (export "throw-null-ref") (throw_ref (ref.null exn)))
          ;; Uncaught: reaches the embedder.
          (func (export "uncaught") (param i64) (call $raise-pair (local.get 0)))
          ;; An exception thrown by Wasm the host called propagates through
          ;; the host function and is caught here.
          (func (export "through-host") (result i32)
            (block $caught (result i32)
              (try_table (catch $oops $caught) (drop (call $reenter (i32.const 41))))
              (i32.const -1)))
          (func (export "raise-oops") (param i32) (result i32) (throw $oops (local.get 0)))
          ;; Throws and catches n times.
          (func (export "churn") (param $n i32) (result i32) (local $sum i32)
            (loop $again
              (block $caught (result i32)
                (try_table (catch $oops $caught) (throw $oops (local.get $n)))
                (unreachable))
              (local.set $sum (i32.add (local.get $sum)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum)))
        """

    struct Fixture {
        let store: Store
        let instance: Instance
        let oops: ExceptionTag
    }

    func instantiate() throws -> Fixture {
        let engine = Engine()
        let store = Store(engine: engine)
        var linker = Linker()
        let shared = try linker.instantiate(try engine.compile(try WAT.assemble("""
            (module (tag (export "oops") (param i32)))
            """)), in: store)
        linker.define(instance: shared, as: "shared")
        guard case .tag(let oops) = shared.export(named: "oops") else { throw Trap(.host("no tag")) }
        // Calls back into the module's "raise-oops" and lets what it throws through.
        let box = InstanceBox()
        linker.define("host", "reenter", HostFunction(type: FunctionType(parameters: [.i32], results: [.i32])) { (_, arguments) throws(Trap) in
            guard let instance = box.instance, let raise = instance.function(named: "raise-oops") else { return [.i32(0)] }
            return try raise.call(arguments)
        })
        let instance = try linker.instantiate(try engine.compile(try WAT.assemble(Self.text)), in: store)
        box.instance = instance
        return Fixture(store: store, instance: instance, oops: oops)
    }

    final class InstanceBox: @unchecked Sendable {
        var instance: Instance?
    }

    @Test func handlersTakeExceptionsWithTheirValues() throws {
        let fixture = try instantiate()
        #expect(try fixture.instance.invoke("catch-pair", [.i64(5)]) == [.i64(1005)])
        #expect(try fixture.instance.invoke("catch-all") == [.i32(7)])
        #expect(try fixture.instance.invoke("rethrow", [.i64(9)]) == [.i64(9)])
        // The frames the exception unwound are gone: calls go on normally.
        #expect(try fixture.instance.invoke("catch-pair", [.i64(6)]) == [.i64(1006)])
    }

    @Test func anUncaughtExceptionReachesTheEmbedderWithItsTagAndValues() throws {
        let fixture = try instantiate()
        let uncaught = trap { _ = try fixture.instance.invoke("uncaught", [.i64(77)]) }
        guard case .exception(let reference) = uncaught?.reason else {
            Issue.record("expected an exception, got \(String(describing: uncaught))")
            return
        }
        let details = try #require(fixture.store.exceptionDetails(reference))
        #expect(details.values == [.i64(77), .float64(2.5)])
        #expect(details.tag.type == FunctionType(parameters: [.i64, .f64], results: []))
        #expect(trap { _ = try fixture.instance.invoke("throw-null-ref") }?.reason == .nullExceptionReference)
    }

    @Test func exceptionsPropagateThroughHostFunctions() throws {
        let fixture = try instantiate()
        // raise-oops throws 41 inside the host call; the caller's handler gets it.
        #expect(try fixture.instance.invoke("through-host") == [.i32(41)])
    }

    @Test func anImportedTagIsTheExportersTag() throws {
        let fixture = try instantiate()
        // The module throws the imported $oops; its exception carries the shared tag.
        let uncaught = trap { _ = try fixture.instance.invoke("raise-oops", [.i32(3)]) }
        guard case .exception(let reference) = uncaught?.reason else {
            Issue.record("expected an exception")
            return
        }
        let details = try #require(fixture.store.exceptionDetails(reference))
        #expect(details.tag.address == fixture.oops.address)
        #expect(details.values == [.i32(3)])
    }

    @Test func exceptionsCaughtWithoutAReferenceAreFreed() throws {
        let fixture = try instantiate()
        // 1 + 2 + ... + 100,000, each term thrown and caught.
        #expect(try fixture.instance.invoke("churn", [.i32(100_000)]) == [.i32(705_082_704)])
        #expect(fixture.store.exceptions.count <= 2)
    }

    /// A landing pad writes the exception's values into registers above the
    /// block's operands; the frame must hold them even when nothing else in
    /// the function reaches that high (here: six values straight to the
    /// function's label, above three parameters and an empty stack).
    @Test func landingPadRegistersFitTheFrame() throws {
        let engine = Engine()
        let compiled = try engine.compile(try WAT.assemble("""
            (module
              (tag $six (param i64 i64 i64 i64 i64 i64))
              (func $raise (throw $six (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)))
              (func (export "catch") (param i64 i64 i64) (result i64 i64 i64 i64 i64 i64)
                (try_table (catch $six 0) (call $raise))
                (unreachable)))
            """))
        let function = try #require(compiled.compiledFunction(1))
        let clause = try #require(function.handlers.first?.clauses.first)
        #expect(Int(clause.payloadBase) + 6 <= function.frameSize)
        let instance = try Linker().instantiate(compiled, in: Store(engine: engine))
        #expect(try instance.invoke("catch", [.i64(0), .i64(0), .i64(0)]) == (1...6).map { .i64(UInt64($0)) })
    }

    @Test func turnedOffTheFeatureIsRefusedByName() throws {
        let bytes = try WAT.assemble("(module (tag) (func (throw 0)))")
        do {
            _ = try loadModule(bytes, features: .wasm2)
            Issue.record("loaded with exceptions off")
        } catch {
            #expect(error.message.contains("unsupported feature: exception-handling"))
        }
    }
}
