@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// `subtask.cancel` of a call into an async host function: a host that
/// registered `whenCancelled` stops and the caller sees
/// CANCELLED_BEFORE_RETURNED (4) at once; a host that did not finishes in
/// its own time, and an async cancel answers BLOCKED.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct HostCancellationTests {
    /// `run() -> u32`: starts `wait` with an async lower, cancels it, and returns what the cancel answered.
    static let text = """
        (component
          (import "test:host/timer" (instance $timer (export "wait" (func async))))
          (alias export $timer "wait" (func $wait))
          (core func $wait (canon lower (func $wait) async))
          (core func $cancel (canon subtask.cancel async))
          (core func $drop (canon subtask.drop))
          (core module $m
            (import "" "wait" (func $wait (result i32)))
            (import "" "cancel" (func $cancel (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "run") (result i32)
              (local $started i32) (local $state i32)
              (local.set $started (call $wait))
              ;; STARTED (1), with the subtask's index above it.
              (if (i32.ne (i32.and (local.get $started) (i32.const 15)) (i32.const 1)) (then unreachable))
              (local.set $state (call $cancel (i32.shr_u (local.get $started) (i32.const 4))))
              (if (i32.eq (local.get $state) (i32.const 4))
                (then (call $drop (i32.shr_u (local.get $started) (i32.const 4)))))
              (local.get $state)))
          (core instance $i (instantiate $m (with "" (instance
            (export "wait" (func $wait)) (export "cancel" (func $cancel)) (export "drop" (func $drop))))))
          (func (export "run") (result u32) (canon lift (core func $i "run"))))
        """

    /// The calls the host has not answered, kept alive as a host keeps them.
    final class Pending: @unchecked Sendable {
        var calls: [HostReturn] = []
        var cancelled = 0
    }

    static func run(stopsWhenCancelled: Bool) throws -> (ComponentValue?, Pending) {
        let pending = Pending()
        var linker = ComponentLinker()
        linker.define("test:host/timer", "wait", type: ComponentFunctionType(parameters: [], result: nil, isAsync: true)) {
            _, _, done throws(Trap) in
            pending.calls.append(done)
            guard stopsWhenCancelled else { return }
            done.whenCancelled { [unowned done] () throws(Trap) in
                pending.cancelled += 1
                try done.resolveCancelled()
            }
        }
        let engine = Engine()
        let linked = try linker.link(ValidatedComponent(WAT.assemble(text), engine: engine))
        let instance = try linked.instantiate(in: Store(engine: engine))
        let run = try #require(instance.function("run"))
        return (try run.call([]), pending)
    }

    @Test func aHostThatStopsEndsTheCallCancelled() throws {
        let (state, pending) = try Self.run(stopsWhenCancelled: true)
        #expect(state == .u32(4))
        #expect(pending.cancelled == 1)
        let allDone = pending.calls.allSatisfy { $0.isDone }
        #expect(allDone)
    }

    @Test func aHostThatDoesNotStopLeavesTheCallRunning() throws {
        let (state, pending) = try Self.run(stopsWhenCancelled: false)
        #expect(state == .u32(UInt32.max))  // BLOCKED
        #expect(pending.cancelled == 0)
        #expect(pending.calls.count == 1 && !pending.calls[0].isDone)
    }
}
