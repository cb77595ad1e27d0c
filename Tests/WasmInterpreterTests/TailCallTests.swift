import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Tail calls (Wasm 3.0, on in `WasmFeatures.default`): a tail call reuses
/// the caller's frame, so endless tail recursion runs in constant stack;
/// a tail call into the host or into another instance returns where a
/// call would have.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct TailCallTests {
    static let text = """
        (module
          (import "host" "twice" (func $twice (param i64) (result i64)))
          (import "other" "negate" (func $negate (param i64) (result i64)))
          (type $step (func (param i64 i64) (result i64)))
          (table funcref (elem $ping $pong))
          ;; Mutual recursion through return_call: n steps, counting in acc.
          (func $even (export "even") (param i64) (result i32)
            (if (result i32) (i64.eqz (local.get 0))
              (then (i32.const 1))
              (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
          (func $odd (param i64) (result i32)
            (if (result i32) (i64.eqz (local.get 0))
              (then (i32.const 0))
              (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
          ;; The same through the table, with a frame that grows: ping has
          ;; locals that pong does not, and two arguments move down each time.
          (func $ping (param $n i64) (param $acc i64) (result i64) (local $spare i64)
            (local.set $spare (i64.add (local.get $acc) (i64.const 3)))
            (if (result i64) (i64.eqz (local.get $n))
              (then (local.get $acc))
              (else (return_call_indirect (type $step)
                      (i64.sub (local.get $n) (i64.const 1)) (local.get $spare) (i32.const 1)))))
          (func $pong (param $n i64) (param $acc i64) (result i64)
            (return_call_indirect (type $step) (local.get $n) (i64.sub (local.get $acc) (i64.const 1)) (i32.const 0)))
          (func (export "ping") (param i64) (result i64) (return_call $ping (local.get 0) (i64.const 0)))
          (func (export "to-host") (param i64) (result i64) (return_call $twice (i64.add (local.get 0) (i64.const 1))))
          (func (export "to-other") (param i64) (result i64) (return_call $negate (local.get 0)))
          (func (export "add-after-tail") (param i64) (result i64)
            (i64.add (call $through (local.get 0)) (i64.const 1000)))
          (func $through (param i64) (result i64) (return_call $twice (local.get 0))))
        """

    func instantiate(features: WasmFeatures = .default) throws -> Instance {
        var configuration = EngineConfiguration()
        configuration.features = features
        let engine = Engine(configuration: configuration)
        let store = Store(engine: engine)
        var linker = Linker()
        linker.define("host", "twice", HostFunction(type: FunctionType(parameters: [.i64], results: [.i64])) { _, arguments in
            guard case .i64(let value) = arguments[0] else { return [] }
            return [.i64(value &* 2)]
        })
        let other = try engine.compile(try WAT.assemble("""
            (module (func (export "negate") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0))))
            """))
        linker.define(instance: try linker.instantiate(other, in: store), as: "other")
        return try linker.instantiate(try engine.compile(try WAT.assemble(Self.text)), in: store)
    }

    @Test func aHundredMillionMutualTailCallsRunInConstantStack() throws {
        let instance = try instantiate()
        // A call per step would exhaust the 20,000 frames the engine allows
        // after 20,000 steps; tail calls take none.
        #expect(try instance.invoke("even", [.i64(100_000_000)]) == [.i32(1)])
        #expect(try instance.invoke("even", [.i64(99_999_999)]) == [.i32(0)])
    }

    @Test func indirectTailCallsMoveTheirArguments() throws {
        let instance = try instantiate()
        // Each of the 100,000 rounds adds 3 in ping and takes 1 in pong.
        #expect(try instance.invoke("ping", [.i64(100_000)]) == [.i64(200_000)])
    }

    @Test func tailCallsIntoTheHostAndAnotherInstanceReturnTheirResults() throws {
        let instance = try instantiate()
        #expect(try instance.invoke("to-host", [.i64(20)]) == [.i64(42)])
        #expect(try instance.invoke("to-other", [.i64(5)]) == [.i64(UInt64(bitPattern: -5))])
        // The tail call in $through returns to its caller, which goes on.
        #expect(try instance.invoke("add-after-tail", [.i64(4)]) == [.i64(1008)])
    }

    @Test func withoutTheFeatureTailCallsAreRefused() throws {
        #expect(throws: ModuleLoadError.self) { _ = try instantiate(features: .wasm2) }
    }
}
