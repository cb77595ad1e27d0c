import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// A Wasm activation suspended at a host call and resumed later
/// (`Execution/Suspension.swift`): what the component model's guest threads
/// stand on. The resumed code must see its locals, its callers' frames and
/// the host function's results, wherever on the stack it resumes.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct SuspensionTests {
    static let text = """
        (module
          (import "host" "pause" (func $pause (param i32) (result i32)))
          (func $inner (param $x i32) (result i32)
            (local $keep i64)
            (local.set $keep (i64.const 0x1122334455667788))
            (i32.add (call $pause (local.get $x))
                     (i32.wrap_i64 (i64.shr_u (local.get $keep) (i64.const 32)))))
          (func (export "run") (param $x i32) (result i32)
            (i32.mul (call $inner (i32.add (local.get $x) (i32.const 1))) (i32.const 2)))
          (func (export "twice") (param $x i32) (result i32)
            (i32.sub (call $pause (local.get $x)) (call $pause (i32.const 1000))))
          (func (export "plain") (param i32) (result i32) (call $pause (local.get 0))))
        """

    /// The arguments `pause` saw; it suspends when it may, else answers ten times its argument.
    final class Log: @unchecked Sendable { var arguments: [UInt64] = [] }

    static func instantiate() throws -> (Store, Instance, Log) {
        let engine = Engine()
        let log = Log()
        var linker = Linker()
        linker.define("host", "pause", HostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), raw: { caller, slots in
            log.arguments.append(slots[0])
            if caller.store.canSuspend { caller.store.requestSuspension() } else { slots[0] = slots[0] * 10 }
        }))
        let store = Store(engine: engine)
        let instance = try linker.instantiate(try engine.compile(try WAT.assemble(Self.text)), in: store)
        return (store, instance, log)
    }

    static func start(_ store: Store, _ instance: Instance, _ name: String, _ argument: UInt64,
                      _ slots: inout [UInt64]) throws -> SuspendedCall? {
        slots = [argument]
        let address = try #require(instance.function(named: name)).storeAddress
        return try slots.withUnsafeMutableBufferPointer { try store.start(address: address, slots: $0) }
    }

    static func resume(_ store: Store, _ call: SuspendedCall, giving value: UInt64) throws -> (SuspendedCall?, UInt64) {
        var results: [UInt64] = [0]
        let again = try results.withUnsafeMutableBufferPointer { buffer in
            try store.resume(call, results: buffer) { $0[0] = value }
        }
        return (again, results[0])
    }

    @Test func resumedCodeKeepsItsLocalsAndCallers() throws {
        let (store, instance, log) = try Self.instantiate()
        var slots: [UInt64] = []
        let call = try #require(try Self.start(store, instance, "run", 4, &slots))
        #expect(log.arguments == [5])
        // Other code runs on the same stacks meanwhile; it cannot be suspended.
        #expect(try instance.invoke("plain", [.i32(7)]) == [.i32(70)])
        let (again, result) = try Self.resume(store, call, giving: 100)
        #expect(again == nil)
        #expect(result == UInt64((100 + 0x1122_3344) * 2))
    }

    @Test func twoSuspendedCallsResumeInEitherOrder() throws {
        let (store, instance, _) = try Self.instantiate()
        var slots: [UInt64] = []
        let first = try #require(try Self.start(store, instance, "run", 1, &slots))
        let second = try #require(try Self.start(store, instance, "run", 2, &slots))
        #expect(try Self.resume(store, second, giving: 20).1 == UInt64((20 + 0x1122_3344) * 2))
        #expect(try Self.resume(store, first, giving: 10).1 == UInt64((10 + 0x1122_3344) * 2))
    }

    @Test func aResumedCallMaySuspendAgain() throws {
        let (store, instance, log) = try Self.instantiate()
        var slots: [UInt64] = []
        let call = try #require(try Self.start(store, instance, "twice", 9, &slots))
        let (again, _) = try Self.resume(store, call, giving: 5000)
        let second = try #require(again)
        #expect(log.arguments == [9, 1000])
        let (done, result) = try Self.resume(store, second, giving: 1)
        #expect(done == nil)
        #expect(result == 4999)
    }
}
