import Testing
import WATSupport
@testable import WasmInterpreter

/// The fused ops Go's code runs most: its address arithmetic, computed in i64
/// from an i32 stack pointer and wrapped back, which fuses along a chain
/// (`fusedWithRecentResults`); its stack pointer reloaded after a call and
/// the branch on the call's result; the stack pointer moved and stored back
/// to its global; values moved between its stack slots.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct GoCodeFusionTests {
    func translate(_ body: String, signature: String, locals: String = "", globals: String = "") throws -> [String] {
        let module = try Engine().compile(try WAT.assemble("(module (memory 1) \(globals) (func \(signature) \(locals) \(body)))"))
        return Array(module.disassemble(function: 0).dropFirst())
    }

    @Test func anExtendedSumWrappedBackIsOneI32Addition() throws {
        #expect(try translate("(i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 8)))",
                              signature: "(param i32) (result i32)") == [
            "0: i32AddImmediate(1, 0, 8)", "1: return1(value: 1)",
        ])
        #expect(try translate("(i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const -8)))",
                              signature: "(param i32) (result i32)") == [
            "0: i32AddImmediate(1, 0, 4294967288)", "1: return1(value: 1)",
        ])
        // An i64 sum wrapped: only its low half matters.
        #expect(try translate("(i32.wrap_i64 (i64.add (local.get 0) (i64.const 3)))", signature: "(param i64) (result i32)") == [
            "0: i32AddImmediate(1, 0, 3)", "1: return1(value: 1)",
        ])
    }

    @Test func anExtendedSumUsedAsAnAddressGoesIntoTheAccess() throws {
        // extend, add, wrap, store: all four in the store.
        #expect(try translate("(i64.store8 (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 16))) (i64.const 1))",
                              signature: "(param i32)") == [
            "0: i32Store8Immediate(value: 1, address: 0 + 16, offset: 0)", "1: return0",
        ])
        // An i64 sum as the (wrapped) address of a load.
        #expect(try translate("(i64.load (i32.wrap_i64 (i64.add (local.get 0) (i64.const 80))))",
                              signature: "(param i64) (result i64)") == [
            "0: i64Load(destination: 1, address: 0 + 80, offset: 0)", "1: return1(value: 1)",
        ])
    }

    @Test func aChainStopsAtAResultStillOnTheStack() throws {
        // The first extension is returned as well: it stays.
        #expect(try translate("""
            (i64.extend_i32_u (local.get 0))
            (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 8)))
            """, signature: "(param i32) (result i64 i32)") == [
            "0: i64ExtendI32U(1, 0)", "1: i32AddImmediate(2, 0, 8)", "2: returnMany(first: 1, count: 2)",
        ])
        // The extension is kept in a local: only the addition and the wrap join.
        #expect(try translate("(i32.wrap_i64 (i64.add (local.tee 1 (i64.extend_i32_u (local.get 0))) (i64.const 8)))",
                              signature: "(param i32) (result i32)", locals: "(local i64)") == [
            "0: i64ExtendI32U(1, 0)", "1: i32AddImmediate(2, 1, 8)", "2: return1(value: 2)",
        ])
        // An i64 sum stored as a value keeps all 64 bits.
        #expect(try translate("(i64.store (local.get 0) (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 8)))",
                              signature: "(param i32)") == [
            "0: i64ExtendI32U(2, 0)", "1: i64AddImmediate(2, 2, 8)", "2: i64Store(value: 2, address: 0, offset: 0)", "3: return0",
        ])
    }

    /// The sums wrap at 2^32 as the i32 ones do; the high halves of i64
    /// addresses are dropped; the static offset does not wrap.
    @Test func fusedChainsComputeWhatTheOpsCompute() throws {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08")
              (func (export "address") (param i32) (result i32)
                (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 16))))
              (func (export "load") (param i32) (result i32)
                (i32.load8_u offset=1 (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const -8)))))
              (func (export "load64") (param i64) (result i32)
                (i32.load8_u (i32.wrap_i64 (i64.add (local.get 0) (i64.const 3)))))
              (func (export "store") (param i32 i64)
                (i64.store8 (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 16))) (local.get 1))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let address = try instance.typedFunction("address", Int32.self, returning: Int32.self)
        #expect(try address(-8) == 8)  // 2^32 - 8 + 16 wraps
        let load = try instance.typedFunction("load", Int32.self, returning: Int32.self)
        #expect(try load(16) == 2)  // 16 - 8 + 1 = 9
        #expect(throws: Trap.self) { try load(7) }  // 7 - 8 wraps to 2^32 - 1; + 1 does not wrap
        let load64 = try instance.typedFunction("load64", Int64.self, returning: Int32.self)
        #expect(try load64(0x1_0000_0005) == 1)  // the high half goes: address 8
        #expect(try load64(-1) == 0)  // 2^64 - 1 + 3 wraps to 2
        func store(_ address: Int32, _ value: Int64) throws {
            _ = try instance.invoke("store", [.i32(UInt32(bitPattern: address)), .i64(UInt64(bitPattern: value))])
        }
        try store(-6, 0x1ff)  // 2^32 - 6 + 16 wraps to 10
        #expect(try load(17) == 0xff)  // 17 - 8 + 1 = 10
        #expect(throws: (any Error).self) { try store(65520, 1) }  // 65536
    }

    @Test func aGlobalReadBeforeABranchJoinsIt() throws {
        #expect(try translate("(block (local.set 1 (global.get 0)) (br_if 0 (local.get 0)) (local.set 1 (i32.const 7))) (local.get 1)",
                              signature: "(param i32) (result i32)", locals: "(local i32)",
                              globals: "(global (mut i32) (i32.const 5))") == [
            "0: globalGetBrIfNez(destination: 1, index: 0, condition: 0, offset: 2) -> 2",
            "1: const32(destination: 1, value: 7)",
            "2: return1(value: 1)",
        ])
        let bytes = try WAT.assemble("""
            (module (global (mut i32) (i32.const 5))
              (func (export "reload") (param i32) (result i32) (local i32)
                (block (local.set 1 (global.get 0)) (br_if 0 (local.get 0)) (local.set 1 (i32.const 7)))
                (local.get 1))
              (func (export "testsTheGlobal") (result i32) (local i32)
                (block (local.set 0 (global.get 0)) (br_if 0 (local.get 0)) (return (i32.const 1)))
                (local.get 0))
              (func (export "set") (param i32) (global.set 0 (local.get 0))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let reload = try instance.typedFunction("reload", Int32.self, returning: Int32.self)
        #expect(try [reload(1), reload(0)] == [5, 7])
        // The branch reads the register the global was just written to.
        #expect(try instance.invoke("testsTheGlobal") == [.i32(5)])
        _ = try instance.invoke("set", [.i32(0)])
        #expect(try instance.invoke("testsTheGlobal") == [.i32(1)])
    }

    @Test func aStackPointerMovedAndStoredBackIsOneOp() throws {
        #expect(try translate("(global.set 0 (local.tee 1 (i32.sub (local.get 0) (i32.const 16)))) (local.get 1)",
                              signature: "(param i32) (result i32)", locals: "(local i32)", globals: "(global (mut i32) (i32.const 0))") == [
            "0: i32AddImmediateGlobalSet(1, 0, addend: 4294967280, global: 0)", "1: return1(value: 1)",
        ])
        let bytes = try WAT.assemble("""
            (module (global (export "sp") (mut i32) (i32.const 0))
              (func (export "push") (param i32) (result i32) (local i32)
                (global.set 0 (local.tee 1 (i32.sub (local.get 0) (i32.const 16)))) (local.get 1)))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let push = try instance.typedFunction("push", Int32.self, returning: Int32.self)
        #expect(try push(8) == -8)  // wraps, in the local and in the global
        guard case .global(let sp)? = instance.export(named: "sp") else { Issue.record("no global"); return }
        #expect(sp.value == .i32(UInt32(bitPattern: -8)))
    }

    @Test func aValueMovedBetweenStackSlotsIsOneOp() throws {
        #expect(try translate("(i64.store offset=8 (local.get 1) (i64.load offset=16 (local.get 0)))",
                              signature: "(param i32 i32)") == [
            "0: i64LoadStore(sourceAddress: 0, sourceOffset: 16, destinationAddress: 1, destinationOffset: 8)", "1: return0",
        ])
        // A load that adds a constant to its address has no field left for it: two ops.
        #expect(try translate("(i64.store (local.get 1) (i64.load (i32.add (local.get 0) (i32.const 8))))",
                              signature: "(param i32 i32)") == [
            "0: i64Load(destination: 3, address: 0 + 8, offset: 0)", "1: i64Store(value: 3, address: 1, offset: 0)", "2: return0",
        ])
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 16) "\\01\\02\\03\\04\\05\\06\\07\\08")
              (func (export "move") (param i32 i32) (i64.store offset=2 (local.get 1) (i64.load offset=1 (local.get 0))))
              (func (export "read") (param i32) (result i64) (i64.load (local.get 0))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        func move(_ source: Int32, _ destination: Int32) throws {
            _ = try instance.invoke("move", [.i32(UInt32(bitPattern: source)), .i32(UInt32(bitPattern: destination))])
        }
        let read = try instance.typedFunction("read", Int32.self, returning: Int64.self)
        try move(15, 98)
        #expect(try read(100) == 0x0807_0605_0403_0201)
        #expect(throws: (any Error).self) { try move(65528, 200) }  // the load traps: nothing is stored
        #expect(try read(200) == 0)
        #expect(throws: (any Error).self) { try move(15, 65530) }  // the store traps
        #expect(throws: (any Error).self) { try move(-1, 0) }  // 2^32 - 1 + 1 does not wrap
    }
}
