import Foundation
import Testing
import WATSupport
import WasmDecoder
import WasmInterpreter

/// Guests that loop forever, recurse without end or ask for too much memory
/// end in traps; the host process goes on.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct LimitTests {
    static let guest = """
        (module
          (memory (export "memory") 1)
          (func $spin (export "spin") (loop $again (br $again)))
          (func (export "spinIf") (loop $again (br_if $again (i32.const 1))))
          (func (export "spinCompare") (param i32)
            (loop $again (br_if $again (i32.lt_u (local.get 0) (i32.const 10)))))
          (func (export "spinTable") (loop $again (br_table $again $again (i32.const 0))))
          (func $recurse (export "recurse") (param i32) (result i32)
            (i32.add (call $recurse (local.get 0)) (i32.const 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func $inner (unreachable))
          (func $outer (export "outer") (call $inner)))
        """

    func instantiate(_ configuration: EngineConfiguration = EngineConfiguration()) throws -> (Store, Instance) {
        let engine = Engine(configuration: configuration)
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble(Self.guest)), in: store)
        return (store, instance)
    }

    @Test func infiniteLoopIsInterruptedFromAnotherThread() throws {
        let (store, instance) = try instantiate()
        let handle = store.interruptHandle
        let timer = Thread { Thread.sleep(forTimeInterval: 0.2); handle.interrupt() }
        timer.start()
        let started = Date()
        let failure = trap { _ = try instance.invoke("spin") }
        #expect(failure?.reason == .interrupted)
        #expect(Date().timeIntervalSince(started) < 5)
        // The store runs again once the request is cleared.
        handle.reset()
        #expect(try instance.invoke("grow", [.i32(0)]) == [.i32(1)])
    }

    @Test func infiniteLoopRunsOutOfFuel() throws {
        var configuration = EngineConfiguration()
        configuration.fuel = 1_000_000
        let (_, instance) = try instantiate(configuration)
        #expect(trap { _ = try instance.invoke("spin") }?.reason == .outOfFuel)
    }

    /// Every form of back-edge checks: conditional, fused compare-and-branch,
    /// and `br_table`, each jumping to itself.
    @Test(arguments: [("spinIf", []), ("spinCompare", [Value.i32(1)]), ("spinTable", [])])
    func everyBackEdgeRunsOutOfFuel(export: String, arguments: [Value]) throws {
        var configuration = EngineConfiguration()
        configuration.fuel = 1_000_000
        let (_, instance) = try instantiate(configuration)
        #expect(trap { _ = try instance.invoke(export, arguments) }?.reason == .outOfFuel)
    }

    @Test func infiniteRecursionTraps() throws {
        let (_, instance) = try instantiate()
        let failure = trap { _ = try instance.invoke("recurse", [.i32(0)]) }
        #expect(failure?.reason == .callStackExhausted)
        #expect(failure?.backtrace.first?.functionName == "recurse")
    }

    @Test func infiniteRecursionOnASmallThreadStackTraps() throws {
        // Guest calls never recurse on the native stack, so 64 KiB is plenty.
        let (_, instance) = try instantiate()
        // The store moves to the thread and back; nothing else touches it meanwhile.
        nonisolated(unsafe) let guest = instance
        nonisolated(unsafe) var failure: Trap?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            failure = trap { _ = try guest.invoke("recurse", [.i32(0)]) }
            done.signal()
        }
        thread.stackSize = 64 * 1024
        thread.start()
        done.wait()
        #expect(failure?.reason == .callStackExhausted)
    }

    @Test func memoryGrowthStopsAtTheConfiguredLimit() throws {
        var configuration = EngineConfiguration()
        configuration.maximumMemoryPages = 4
        let (_, instance) = try instantiate(configuration)
        #expect(try instance.invoke("grow", [.i32(3)]) == [.i32(1)])
        #expect(try instance.invoke("grow", [.i32(1)]) == [.i32(UInt32.max)])
        #expect(try instance.invoke("grow", [.i32(65536)]) == [.i32(UInt32.max)])
        #expect(instance.memory(named: "memory")?.pageCount == 4)
    }

    @Test func trapCarriesABacktraceWithNames() throws {
        let (_, instance) = try instantiate()
        let failure = trap { _ = try instance.invoke("outer") }
        #expect(failure?.reason == .unreachable)
        #expect(failure?.backtrace.map(\.functionName) == ["inner", "outer"])
        #expect(failure?.description.contains("func[6] inner") == true)
    }
}
