@testable import WasmInterpreter
import Testing
import WATSupport
import WasmDecoder

/// What the layers above the interpreter build on: typed host state in the
/// store, exits that are not faults, raw-slot calls and checked guest memory.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct HostInterfaceTests {
    final class Counter { var calls = 0 }
    final class Label { let text: String; init(_ text: String) { self.text = text } }
    static let counterKey = HostStateKey<Counter>()
    static let labelKey = HostStateKey<Label>()

    @Test func storesKeepOneStateOfEachKind() {
        let engine = Engine()
        let first = Store(engine: engine), second = Store(engine: engine)
        #expect(first[Self.counterKey] == nil)
        let counter = Counter()
        first[Self.counterKey] = counter
        first[Self.labelKey] = Label("first")
        second[Self.labelKey] = Label("second")
        #expect(first[Self.counterKey] === counter)
        #expect(first[Self.labelKey]?.text == "first")
        #expect(second[Self.labelKey]?.text == "second")
        #expect(second[Self.counterKey] == nil)
        first[Self.counterKey] = nil
        #expect(first[Self.counterKey] == nil)
        #expect(first[Self.labelKey]?.text == "first")
    }

    @Test func hostFunctionsFindTheirStoresState() throws {
        let bytes = try WAT.assemble("""
            (module (import "env" "tick" (func $tick))
              (func (export "run") (call $tick) (call $tick)))
            """)
        let engine = Engine()
        var linker = Linker()
        linker.define("env", "tick", HostFunction(type: FunctionType(parameters: [], results: [])) { caller, _ in
            caller.store[Self.counterKey]?.calls += 1
            return []
        })
        let module = try engine.compile(bytes)
        for expected in [2, 2] {  // a fresh store each time: state does not leak between them
            let store = Store(engine: engine)
            let counter = Counter()
            store[Self.counterKey] = counter
            _ = try linker.instantiate(module, in: store).invoke("run", [])
            #expect(counter.calls == expected)
        }
    }

    /// A guest that calls an exiting host function below two Wasm frames.
    func exitingInstance(code: Int32) throws -> Instance {
        let bytes = try WAT.assemble("""
            (module (import "env" "exit" (func $exit (param i32)))
              (func $inner (param i32) (call $exit (local.get 0)) (unreachable))
              (func (export "main") (param i32) (call $inner (local.get 0))))
            """)
        let engine = Engine()
        var linker = Linker()
        linker.define("env", "exit", HostFunction(type: FunctionType(parameters: [.i32], results: [])) { (_, arguments) throws(Trap) -> [Value] in
            guard case .i32(let code) = arguments[0] else { return [] }
            throw Trap.exit(Int32(bitPattern: code))
        })
        return try linker.instantiate(try engine.compile(bytes), in: Store(engine: engine))
    }

    @Test(arguments: [0, 3] as [Int32])
    func exitIsAnOutcomeNotAFault(code: Int32) throws {
        let main = try #require(try exitingInstance(code: code).function(named: "main"))
        #expect(try main.run([.i32(UInt32(bitPattern: code))]) == .exited(code))
        do {
            _ = try main.call([.i32(UInt32(bitPattern: code))])
            Issue.record("an exit returned normally")
        } catch {
            #expect(error.isExit)
            #expect(error.backtrace.isEmpty, "an exit pays for no backtrace")
        }
    }

    @Test func faultsStillCarryABacktrace() throws {
        let bytes = try WAT.assemble("""
            (module (func $inner (unreachable)) (func (export "main") (call $inner)))
            """)
        let engine = Engine()
        let main = try #require(try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
            .function(named: "main"))
        do {
            _ = try main.run([])
            Issue.record("unreachable did not trap")
        } catch {
            #expect(!error.isExit)
            #expect(error.backtrace.count == 2)
        }
    }

    @Test func rawSlotInvokeTakesAndReturnsFlattenedValues() throws {
        let bytes = try WAT.assemble("""
            (module (func (export "mix") (param i32 i64 f64) (result i64 f64 i32 i32)
              (i64.add (local.get 1) (i64.extend_i32_u (local.get 0)))
              (f64.mul (local.get 2) (f64.const 2))
              (local.get 0)
              (i32.const 7)))
            """)
        let engine = Engine()
        let store = Store(engine: engine)
        let mix = try #require(try Linker().instantiate(try engine.compile(bytes), in: store).function(named: "mix"))
        var slots: [UInt64] = [5, 10, 1.5.bitPattern, 99]
        try slots.withUnsafeMutableBufferPointer { (slots) throws(Trap) in
            try store.invoke(address: mix.storeAddress, slots: slots)
        }
        #expect(slots == [15, 3.0.bitPattern, 5, 7])
        var short: [UInt64] = [1, 2, 3]
        #expect(throws: Trap.self) {
            try short.withUnsafeMutableBufferPointer { (slots) throws(Trap) in
                try store.invoke(address: mix.storeAddress, slots: slots)
            }
        }
    }

    @Test func guestMemoryChecksEveryRange() throws {
        let bytes = try WAT.assemble(#"(module (memory (export "memory") 1) (data (i32.const 8) "h\c3\a9!\ff"))"#)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let memory = GuestMemory(instance.memory(named: "memory"))
        let size = LinearMemory.pageSize
        #expect(try memory.string(at: 8, count: 4) == "hé!")
        #expect(try memory.string(at: 8, count: 5) == nil, "invalid UTF-8 is reported, not repaired")
        #expect(throws: GuestMemoryFault.self) { try memory.read(at: size - 2, count: 3) }
        #expect(throws: GuestMemoryFault.self) { try memory.load(UInt32.self, at: size - 3) }
        #expect(throws: GuestMemoryFault.self) { try memory.store(UInt64(1), at: -1) }
        #expect(throws: GuestMemoryFault.self) { try memory.write([1, 2], at: Int(UInt32.max)) }
        #expect(try memory.read(at: size + 100, count: 0) == [], "an empty range may dangle")
        try memory.store(UInt32(0xDEAD_BEEF), at: size - 4)
        #expect(try memory.load(UInt32.self, at: size - 4) == 0xDEAD_BEEF)
        #expect(throws: GuestMemoryFault.self) { try GuestMemory(nil).read(at: 0, count: 1) }
    }
}
