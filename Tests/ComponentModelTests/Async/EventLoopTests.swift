@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// The host driving a callback-lifted async export: the task waits on a
/// stream read, the host's idle handler supplies the bytes, the task's
/// callback returns the result.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct EventLoopTests {
    /// `count(s: stream<u8>) -> u32`: reads once, returns how many bytes came.
    static let text = """
        (component
          (core module $libc (memory (export "mem") 1))
          (core instance $libc (instantiate $libc))
          (type $S (stream u8))
          (core func $stream.read (canon stream.read $S async (memory (core memory $libc "mem"))))
          (core func $ws.new (canon waitable-set.new))
          (core func $join (canon waitable.join))
          (core func $task.return (canon task.return (result u32)))
          (core module $m
            (import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
            (import "" "ws.new" (func $ws.new (result i32)))
            (import "" "join" (func $join (param i32 i32)))
            (import "" "task.return" (func $task.return (param i32)))
            (func (export "count") (param $s i32) (result i32)
              (local $set i32) (local $status i32)
              (local.set $set (call $ws.new))
              (call $join (local.get $s) (local.get $set))
              (local.set $status (call $stream.read (local.get $s) (i32.const 1024) (i32.const 100)))
              (if (i32.ne (local.get $status) (i32.const -1))
                (then (call $task.return (i32.shr_u (local.get $status) (i32.const 4))) (return (i32.const 0))))
              (i32.or (i32.const 2) (i32.shl (local.get $set) (i32.const 4))))
            (func (export "callback") (param $event i32) (param $index i32) (param $payload i32) (result i32)
              (if (i32.ne (local.get $event) (i32.const 2)) (then unreachable))
              (call $task.return (i32.shr_u (local.get $payload) (i32.const 4)))
              (i32.const 0)))
          (core instance $i (instantiate $m (with "" (instance
            (export "stream.read" (func $stream.read)) (export "ws.new" (func $ws.new))
            (export "join" (func $join)) (export "task.return" (func $task.return))))))
          (type $count (func async (param "s" $S) (result u32)))
          (func (export "count") (type $count)
            (canon lift (core func $i "count") async (callback (core func $i "callback")))))
        """

    static func count() throws -> (ComponentFunction, Store) {
        let engine = Engine()
        let linked = try ComponentLinker().link(ValidatedComponent(WAT.assemble(text), engine: engine))
        let instance = try linked.instantiate(in: Store(engine: engine))
        return (try #require(instance.function("count")), instance.store)
    }

    @Test func idleHandlerFeedsAWaitingTask() throws {
        let (count, store) = try Self.count()
        let (stream, value) = HostStream.make(elementType: .u8, in: store)
        var result: ComponentValue?
        try count.start([value]) { result = $0 }
        #expect(result == nil)
        let loop = ComponentEventLoop(store)
        #expect(loop.hasParkedTasks)
        var idleCalls = 0
        loop.setIdleHandler { () throws(Trap) -> Bool in
            idleCalls += 1
            guard idleCalls == 1 else { return false }
            try stream.write(bytes: Array("seven b".utf8)) { _, _ in }
            return true
        }
        try loop.run { result != nil }
        #expect(result == .u32(7))
        #expect(idleCalls == 1)
        #expect(!loop.hasParkedTasks)
    }

    @Test func withoutHostWorkAWaitingCallIsADeadlock() throws {
        let (count, store) = try Self.count()
        let (_, value) = HostStream.make(elementType: .u8, in: store)
        do {
            _ = try count.call([value])
            Issue.record("returned")
        } catch {
            #expect(error.message.contains("deadlock detected"))
        }
    }

    @Test func bytesAlreadyThereReturnAtOnce() throws {
        let (count, store) = try Self.count()
        let (stream, value) = HostStream.make(elementType: .u8, in: store)
        try stream.write(bytes: [1, 2, 3]) { _, _ in }
        #expect(try count.call([value]) == .u32(3))
    }
}
