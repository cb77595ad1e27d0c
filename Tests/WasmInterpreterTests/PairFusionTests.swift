import Testing
import WATSupport
@testable import WasmInterpreter

/// Pairs of ops the translator runs as one (RATIONALE.md#fusing-pairs-of-ops):
/// what it emits, where it must not fuse, and what the fused ops compute,
/// edge values included.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct PairFusionTests {
    func translate(_ body: String, signature: String = "(param i32 i32) (result i32)", locals: String = "") throws -> [String] {
        let module = try Engine().compile(try WAT.assemble("(module (memory 1) (func \(signature) \(locals) \(body)))"))
        return Array(module.disassemble(function: 0).dropFirst())
    }

    @Test func bitFieldExtractsAreOneOp() throws {
        #expect(try translate("(i32.and (i32.shr_u (local.get 0) (i32.const 9)) (i32.const 1))") == [
            "0: i32ShrUAndImmediate(2, 0, shift: 9, mask: 1)", "1: return1(value: 2)",
        ])
        #expect(try translate("(i32.shr_u (i32.and (local.get 0) (i32.const 0xff00)) (i32.const 8))") == [
            "0: i32AndShrUImmediate(2, 0, mask: 65280, shift: 8)", "1: return1(value: 2)",
        ])
    }

    @Test func sumsAndScaledIndicesAreOneOp() throws {
        #expect(try translate("(i32.add (i32.add (local.get 0) (local.get 1)) (local.get 0))") == [
            "0: i32Add3(2, 0, 1, 0)", "1: return1(value: 2)",
        ])
        #expect(try translate("(i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))") == [
            "0: i32AddShlImmediate(2, 0, 1, shift: 2)", "1: return1(value: 2)",
        ])
        #expect(try translate("(i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 1))") == [
            "0: i32MulAdd(2, 0, 1, 1)", "1: return1(value: 2)",
        ])
    }

    @Test func aResultKeptInALocalIsNotFused() throws {
        // The first sum is stored in local 0, which the second reads twice.
        #expect(try translate("(local.set 0 (i32.add (local.get 0) (local.get 1))) (i32.add (local.get 0) (local.get 0))") == [
            "0: i32Add(0, 0, 1)", "1: i32Add(2, 0, 0)", "2: return1(value: 2)",
        ])
    }

    @Test func aLoadTestedForZeroBranchesByItself() throws {
        #expect(try translate("(block (br_if 0 (i32.load offset=4 (local.get 0))) (local.set 1 (i32.const 7))) (local.get 1)") == [
            "0: i32LoadBrIfNez(destination: 2, address: 0, memoryOffset: 4, offset: 2) -> 2",
            "1: const32(destination: 1, value: 7)",
            "2: return1(value: 1)",
        ])
        #expect(try translate("(if (i32.load8_u (local.get 0)) (then (local.set 1 (i32.const 7)))) (local.get 1)") == [
            "0: i32Load8UBrIfEqz(destination: 2, address: 0, memoryOffset: 0, offset: 2) -> 2",
            "1: const32(destination: 1, value: 7)",
            "2: return1(value: 1)",
        ])
        // `p = p->next; if (p)`: the value stays in the local.
        #expect(try translate("(block (br_if 0 (local.tee 1 (i32.load (local.get 0))))) (local.get 1)") == [
            "0: i32LoadBrIfNez(destination: 1, address: 0, memoryOffset: 0, offset: 1) -> 1",
            "1: return1(value: 1)",
        ])
    }

    @Test func anAddedConstantMovesIntoTheLoadOrStoreUsingIt() throws {
        #expect(try translate("(i32.load16_u offset=2 (i32.add (local.get 0) (i32.const 24)))") == [
            "0: i32Load16U(destination: 2, address: 0 + 24, offset: 2)", "1: return1(value: 2)",
        ])
        #expect(try translate("(i32.store8 (i32.add (local.get 0) (i32.const 1)) (local.get 1)) (local.get 1)") == [
            "0: i32Store8(value: 1, address: 0 + 1, offset: 0)", "1: return1(value: 1)",
        ])
        // The sum is kept in a local (`p += 1; *p`): the addition stays.
        #expect(try translate("(i32.load8_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))))") == [
            "0: i32AddImmediate(0, 0, 1)", "1: i32Load8U(destination: 2, address: 0, offset: 0)", "2: return1(value: 2)",
        ])
        // The sum is the stored value, not the address.
        #expect(try translate("(i32.store (local.get 1) (i32.add (local.get 0) (i32.const 4))) (local.get 1)") == [
            "0: i32AddImmediate(3, 0, 4)", "1: i32Store(value: 3, address: 1, offset: 0)", "2: return1(value: 1)",
        ])
        // A load that adds a constant keeps its branch apart: the fused branch needs `y`.
        #expect(try translate("(block (br_if 0 (i32.load (i32.add (local.get 0) (i32.const 8))))) (local.get 1)") == [
            "0: i32Load(destination: 2, address: 0 + 8, offset: 0)", "1: brIfNez(condition: 2, offset: 1) -> 2",
            "2: return1(value: 1)",
        ])
    }

    /// The addition wraps at 2^32 before the offset is added, as the separate
    /// `i32.add` would; the offset does not wrap.
    @Test func accessesAddingAConstantWrapLikeTheAddition() throws {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08")
              (func (export "load") (param i32) (result i32) (i32.load8_u offset=4 (i32.add (local.get 0) (i32.const -1))))
              (func (export "store") (param i32 i32) (i32.store16 offset=2 (i32.add (local.get 0) (i32.const 0x20)) (local.get 1)))
              (func (export "read") (param i32) (result i32) (i32.load16_u (local.get 0))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let load = try instance.typedFunction("load", Int32.self, returning: Int32.self)
        #expect(try load(8) == 4)   // 8 - 1 + 4 = 11
        #expect(throws: Trap.self) { try load(0) }  // 0 - 1 wraps to 2^32 - 1; + 4 does not wrap
        #expect(throws: Trap.self) { try load(65533) }  // 65536: out of bounds
        func store(_ address: UInt32, _ value: UInt32) throws(Trap) {
            do { _ = try instance.invoke("store", [.i32(address), .i32(value)]) } catch {
                guard case .trap(let trap) = error else { preconditionFailure("\(error)") }
                throw trap
            }
        }
        let read = try instance.typedFunction("read", Int32.self, returning: Int32.self)
        try store(0xffff_ffe8, 0x1234)  // wraps to 8, + 2
        #expect(try read(10) == 0x1234)
        try store(100, 0x5678)
        #expect(try read(134) == 0x5678)
        #expect(throws: Trap.self) { try store(65502, 1) }  // 65536
        #expect(throws: Trap.self) { try store(0xffff_ffde, 1) }  // 2^32 - 2, + 2: the offset does not wrap
    }

    @Test func aSelectOnANegatedConditionSwapsItsArms() throws {
        #expect(try translate("(select (local.get 0) (local.get 1) (i32.eqz (local.get 1)))") == [
            "0: select(destination: 2, condition: 1, ifTrue: 1, ifFalse: 0)", "1: return1(value: 2)",
        ])
        #expect(try translate("(select (local.get 0) (local.get 1) (i64.eqz (local.get 2)))", locals: "(local i64)") == [
            "0: selectI64(destination: 3, condition: 2, ifTrue: 1, ifFalse: 0)", "1: return1(value: 3)",
        ])
        let bytes = try WAT.assemble("""
            (module
              (func (export "pick32") (param i32) (result i32) (select (i32.const 10) (i32.const 20) (i32.eqz (local.get 0))))
              (func (export "pick64") (param i64) (result i32) (select (i32.const 10) (i32.const 20) (i64.eqz (local.get 0)))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let pick32 = try instance.typedFunction("pick32", Int32.self, returning: Int32.self)
        let pick64 = try instance.typedFunction("pick64", Int64.self, returning: Int32.self)
        #expect(try pick32(0) == 10)
        #expect(try pick32(-1) == 20)
        #expect(try pick64(0) == 10)
        // Only the high half set: not zero, which an i32 test of the slot would miss.
        #expect(try pick64(1 << 32) == 20)
        #expect(try pick64(.min) == 20)
    }

    /// Go computes addresses in i64 and wraps each to i32; accesses use only
    /// the low 32 bits of their address register, so the wrap goes.
    @Test func aWrappedAddressOrStoredValueIsReadUnwrapped() throws {
        #expect(try translate("(i64.load offset=8 (i32.wrap_i64 (local.get 0)))", signature: "(param i64) (result i64)") == [
            "0: i64Load(destination: 1, address: 0, offset: 8)", "1: return1(value: 1)",
        ])
        #expect(try translate("(i32.store8 (local.get 1) (i32.wrap_i64 (local.get 0))) (i32.const 0)",
                              signature: "(param i64 i32) (result i32)") == [
            "0: i32Store8(value: 0, address: 1, offset: 0)", "1: const32(destination: 2, value: 0)", "2: return1(value: 2)",
        ])
        // An i64 store's value is all 64 bits: the wrap stays.
        #expect(try translate("(i64.store (local.get 1) (i64.extend_i32_u (i32.wrap_i64 (local.get 0)))) (i32.const 0)",
                              signature: "(param i64 i32) (result i32)") == [
            "0: i32WrapI64(3, 0)", "1: i64Store(value: 3, address: 1, offset: 0)",
            "2: const32(destination: 2, value: 0)", "3: return1(value: 2)",
        ])
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (func (export "load") (param i64) (result i32) (i32.load8_u offset=1 (i32.wrap_i64 (local.get 0))))
              (func (export "store") (param i64 i64) (i32.store8 (i32.wrap_i64 (local.get 0)) (i32.wrap_i64 (local.get 1)))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let load = try instance.typedFunction("load", Int64.self, returning: Int32.self)
        _ = try instance.invoke("store", [.i64(0x7_0000_0009), .i64(0xffff_ffff_0000_01ab)])
        #expect(try load(0x1_0000_0008) == 0xab)  // the high halves of address and value are dropped
        #expect(throws: Trap.self) { try load(0xffff) }  // 0xffff + 1: out of bounds
    }

    /// `i64.extend_i32_u` of an i32 an op just computed is that op: every i32
    /// result is held zero-extended.
    @Test func anUnsignedExtensionOfAComputedI32IsTheOpItself() throws {
        #expect(try translate("(i64.extend_i32_u (i32.add (local.get 0) (local.get 1)))", signature: "(param i32 i32) (result i64)") == [
            "0: i32Add(2, 0, 1)", "1: return1(value: 2)",
        ])
        // A global is copied, not computed: the extension stays.
        let module = try Engine().compile(try WAT.assemble(
            "(module (global i32 (i32.const -1)) (func (result i64) (i64.extend_i32_u (global.get 0))))"))
        #expect(Array(module.disassemble(function: 0).dropFirst()) == [
            "0: globalGet(destination: 0, index: 0)", "1: i64ExtendI32U(0, 0)", "2: return1(value: 0)",
        ])
        let bytes = try WAT.assemble("""
            (module
              (func (export "sum") (param i32 i32) (result i64) (i64.extend_i32_u (i32.add (local.get 0) (local.get 1))))
              (func (export "bool") (param i64) (result i64) (i64.extend_i32_u (i64.eqz (local.get 0))))
              (func (export "sign") (param i32) (result i64) (i64.extend_i32_u (i32.load8_s (local.get 0))))
              (memory 1) (data (i32.const 4) "\\80"))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let sum = try instance.typedFunction("sum", (Int32, Int32).self, returning: Int64.self)
        let bool = try instance.typedFunction("bool", Int64.self, returning: Int64.self)
        let sign = try instance.typedFunction("sign", Int32.self, returning: Int64.self)
        #expect(try sum(-1, 0) == 0xffff_ffff)
        #expect(try sum(-1, 2) == 1)
        #expect(try bool(0) == 1)
        #expect(try bool(1 << 40) == 0)
        #expect(try sign(4) == 0xffff_ff80)
    }

    @Test func aMemoryCounterIsIncrementedInOneOp() throws {
        #expect(try translate("(i32.store offset=4 (local.get 0) (i32.add (i32.load offset=4 (local.get 0)) (i32.const 1))) (local.get 1)") == [
            "0: i32AddImmediateToMemory(address: 0, memoryOffset: 4, addend: 1)", "1: return1(value: 1)",
        ])
        // Stored elsewhere: a load that adds, then the store.
        #expect(try translate("(i32.store offset=8 (local.get 0) (i32.add (i32.load offset=4 (local.get 0)) (i32.const 1))) (local.get 1)") == [
            "0: i32LoadAddImmediate(destination: 3, address: 0, memoryOffset: 4, addend: 1)",
            "1: i32Store(value: 3, address: 0, offset: 8)", "2: return1(value: 1)",
        ])
        #expect(try translate("(i32.and (i32.add (local.get 0) (i32.const 1)) (i32.const 7))") == [
            "0: i32AddAndImmediate(2, 0, addend: 1, mask: 7)", "1: return1(value: 2)",
        ])
    }

    @Test func aStoreOrAConstantBeforeABranchJoinsIt() throws {
        #expect(try translate("(block (i32.store (local.get 0) (local.get 1)) (br_if 0 (local.get 1)) (local.set 1 (i32.const 7))) (local.get 1)") == [
            "0: i32StoreBrIfNez(value: 1, address: 0, memoryOffset: 0, condition: 1, offset: 2) -> 2",
            "1: const32(destination: 1, value: 7)", "2: return1(value: 1)",
        ])
        #expect(try translate("(if (result i32) (local.get 0) (then (i32.const 3)) (else (i32.const 4)))") == [
            "0: brIfEqz(condition: 0, offset: 2) -> 2", "1: const32Br(destination: 2, value: 3, offset: 2) -> 3",
            "2: const32(destination: 2, value: 4)", "3: return1(value: 2)",
        ])
    }

    @Test func thirdRoundOfFusedOpsComputesWhatTheOpsCompute() throws {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (func (export "read") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "bump") (param i32) (result i32)
                (i32.store offset=2 (local.get 0) (i32.add (i32.load offset=2 (local.get 0)) (i32.const 5)))
                (i32.load offset=2 (local.get 0)))
              (func (export "bumpByOne") (param i32) (result i32)
                (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const -1)))
                (i32.load (local.get 0)))
              (func (export "wrapIndex") (param i32) (result i32) (i32.and (i32.add (local.get 0) (i32.const 3)) (i32.const 0xff)))
              (func (export "fillUntilZero") (param i32 i32) (result i32)
                ;; stores n-1, n-2, ..., 0 at p+4, p+8, ..., p+4n and returns p+4n
                (loop
                  (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
                  (local.set 0 (i32.add (local.get 0) (i32.const 4)))
                  (i32.store (local.get 0) (local.get 1))
                  (br_if 0 (local.get 1)))
                (local.get 0))
              (func (export "pick") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 3)) (else (i32.const 4)))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let bump = try instance.typedFunction("bump", Int32.self, returning: Int32.self)
        #expect(try bump(100) == 5)
        #expect(try bump(100) == 10)
        #expect(throws: Trap.self) { try bump(65531) }
        let bumpByOne = try instance.typedFunction("bumpByOne", Int32.self, returning: Int32.self)
        #expect(try bumpByOne(200) == -1)  // 0 - 1 wraps
        #expect(try bumpByOne(200) == -2)
        #expect(throws: Trap.self) { try bumpByOne(65533) }
        #expect(try bumpByOne(65532) == -1)  // the last word: in bounds, and the trap above wrote nothing
        let wrapIndex = try instance.typedFunction("wrapIndex", Int32.self, returning: Int32.self)
        #expect(try [wrapIndex(252), wrapIndex(253), wrapIndex(-4)] == [255, 0, 255])
        let fillUntilZero = try instance.typedFunction("fillUntilZero", (Int32, Int32).self, returning: Int32.self)
        #expect(try fillUntilZero(1000, 3) == 1012)
        let read = try instance.typedFunction("read", Int32.self, returning: Int32.self)
        #expect(try [read(1004), read(1008), read(1012)] == [2, 1, 0])
        #expect(throws: Trap.self) { try fillUntilZero(65528, 2) }  // 65532 is written, 65536 traps
        #expect(try read(65532) == 1)
        let pick = try instance.typedFunction("pick", Int32.self, returning: Int32.self)
        #expect(try [pick(1), pick(0)] == [3, 4])
    }

    @Test func aLoadedF64AddedInOneOp() throws {
        #expect(try translate("(f64.add (f64.load offset=8 (local.get 0)) (local.get 1))", signature: "(param i32 f64) (result f64)") == [
            "0: f64AddLoad(2, 1, address: 0, memoryOffset: 8)", "1: return1(value: 2)",
        ])
        // A load that adds a constant to its address keeps its own op.
        #expect(try translate("(f64.add (local.get 1) (f64.load (i32.add (local.get 0) (i32.const 8))))", signature: "(param i32 f64) (result f64)") == [
            "0: f64Load(destination: 3, address: 0 + 8, offset: 0)", "1: f64Add(2, 1, 3)", "2: return1(value: 2)",
        ])
    }

    @Test func aLoadedF64MultipliedInOneOp() throws {
        #expect(try translate("(f64.mul (local.get 1) (f64.load offset=8 (local.get 0)))", signature: "(param i32 f64) (result f64)") == [
            "0: f64MulLoad(2, 1, address: 0, memoryOffset: 8)", "1: return1(value: 2)",
        ])
        // A product of the loaded value with itself keeps both ops.
        #expect(try translate("(f64.mul (f64.load (local.get 0)) (f64.load (local.get 0)))", signature: "(param i32) (result f64)") == [
            "0: f64Load(destination: 1, address: 0, offset: 0)", "1: f64MulLoad(1, 1, address: 0, memoryOffset: 0)",
            "2: return1(value: 1)",
        ])
    }

    /// `operation` (`add` or `mul`) of an `f64.load` and a parameter, in
    /// each operand order; memory 16 holds the f64 whose little-endian bytes
    /// `data` escapes, and memory 0 holds +0.
    func loadedF64Pair(_ operation: String, data: String) throws
        -> (loadFirst: TypedFunction<Int32, Double, Double>, loadSecond: TypedFunction<Int32, Double, Double>) {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 16) "\(data)")
              (func (export "loadFirst") (param i32 f64) (result f64) (f64.\(operation) (f64.load (local.get 0)) (local.get 1)))
              (func (export "loadSecond") (param i32 f64) (result f64) (f64.\(operation) (local.get 1) (f64.load (local.get 0)))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        return (try instance.typedFunction("loadFirst", (Int32, Double).self, returning: Double.self),
                try instance.typedFunction("loadSecond", (Int32, Double).self, returning: Double.self))
    }

    /// Each operand order, rounding as the unfused pair does, and the load's trap.
    @Test func aLoadedF64MulComputesWhatThePairComputes() throws {
        let (loadFirst, loadSecond) = try loadedF64Pair("mul", data: #"\01\00\00\00\00\00\f0\3f"#)
        let loaded = 1.0.nextUp  // memory 16 holds 1 + 2^-52
        #expect(try loadFirst(16, 3) == loaded * 3)  // rounds: 3 + 3 * 2^-52 is not representable
        #expect(try loadSecond(16, -0.5) == loaded * -0.5)
        #expect(try loadFirst(0, -2).sign == .minus)  // +0 * -2 is -0
        #expect(throws: Trap.self) { try loadSecond(65529, 1) }
    }

    /// Each operand order, rounding as the unfused pair does, and the load's trap.
    @Test func aLoadedF64AddComputesWhatThePairComputes() throws {
        let (loadFirst, loadSecond) = try loadedF64Pair("add", data: #"\00\00\00\00\00\00\f0\3f"#)
        #expect(try loadFirst(16, 0x1p-53) == 1.0)  // memory 16 holds 1; 1 + 2^-53 rounds to even: 1
        #expect(try loadSecond(16, -0.5) == 0.5)
        #expect(try loadFirst(0, -0.0).sign == .plus)  // +0 + -0 is +0
        #expect(throws: Trap.self) { try loadSecond(65529, 1) }
    }

    @Test func copiesOnEitherSideOfALoopStartStayApart() throws {
        let lines = try translate("""
            (local.set 2 (local.get 0))
            (loop (local.set 3 (local.get 1)) (br_if 0 (local.get 0)))
            (local.get 3)
            """, locals: "(local i32 i32)")
        #expect(lines == [
            "0: copy(destination: 2, source: 0)",
            "1: copy(destination: 3, source: 1)",
            "2: brIfNez(condition: 0, offset: -1) -> 1",
            "3: return1(value: 3)",
        ])
    }

    @Test func copiesAfterABlockEndStayApartFromThoseBefore() throws {
        let lines = try translate("""
            (block (local.set 2 (local.get 0)) (br_if 0 (local.get 1)) (local.set 3 (local.get 1)))
            (local.set 3 (local.get 0))
            (i32.add (local.get 2) (local.get 3))
            """, locals: "(local i32 i32)")
        #expect(lines == [
            "0: copy(destination: 2, source: 0)",
            "1: brIfNez(condition: 1, offset: 2) -> 3",
            "2: copy(destination: 3, source: 1)",
            "3: copy(destination: 3, source: 0)",
            "4: i32Add(4, 2, 3)",
            "5: return1(value: 4)",
        ])
    }

    @Test func aMaskedComparisonBranchesInOneOp() throws {
        #expect(try translate("(block (br_if 0 (i32.ne (i32.and (local.get 0) (i32.const 0xf0)) (i32.const 0x30))) (local.set 1 (i32.const 7))) (local.get 1)") == [
            "0: i32AndImmediateBrIfNeImmediate(destination: 2, 0, mask: 240, constant: 48, offset: 2) -> 2",
            "1: const32(destination: 1, value: 7)",
            "2: return1(value: 1)",
        ])
        // A constant wider than 16 bits keeps the two ops.
        #expect(try translate("(block (br_if 0 (i32.eq (i32.and (local.get 0) (i32.const 0xf0000)) (i32.const 0x30000)))) (local.get 1)") == [
            "0: i32AndImmediate(2, 0, 983040)",
            "1: brIfI32EqImmediate(2, 196608, offset: 1) -> 2",
            "2: return1(value: 1)",
        ])
    }

    @Test func aLoopCounterStepsAndBranchesInOneOp() throws {
        #expect(try translate("""
            (loop
              (local.set 2 (i32.add (local.get 2) (local.get 0)))
              (local.set 0 (i32.add (local.get 0) (i32.const 1)))
              (br_if 0 (i32.ne (local.get 0) (local.get 1))))
            (local.get 2)
            """, locals: "(local i32)") == [
            "0: i32Add(2, 2, 0)",
            "1: i32AddImmediateBrIfNe(counter: 0, step: 1, limit: 1, offset: -1) -> 0",
            "2: return1(value: 2)",
        ])
        #expect(try translate("""
            (loop (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if 0 (i32.ne (local.get 0) (i32.const 100))))
            (local.get 0)
            """) == [
            "0: i32AddImmediateBrIfNeImmediate(counter: 0, step: 1, limit: 100, offset: 0) -> 0",
            "1: return1(value: 0)",
        ])
    }

    /// Each fused op against the values the unfused Wasm gives, at the edges:
    /// shift counts of 32 and more, wrapping sums and products.
    @Test func fusedOpsComputeWhatThePairComputes() throws {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 8) "\\00\\00\\00\\00\\2a\\00\\00\\00\\00\\ff")
              (func (export "shrAnd") (param i32) (result i32) (i32.and (i32.shr_u (local.get 0) (i32.const 36)) (i32.const 0xff)))
              (func (export "andShr") (param i32) (result i32) (i32.shr_u (i32.and (local.get 0) (i32.const 0xffff0000)) (i32.const 40)))
              (func (export "add3") (param i32 i32 i32) (result i32) (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
              (func (export "addShl") (param i32 i32) (result i32) (i32.add (i32.shl (local.get 1) (i32.const 33)) (local.get 0)))
              (func (export "mulAdd") (param i32 i32 i32) (result i32) (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1))))
              (func (export "loadNez") (param i32) (result i32)
                (block (br_if 0 (i32.load (local.get 0))) (return (i32.const 0))) (i32.const 1))
              (func (export "load8Eqz") (param i32) (result i32)
                (if (result i32) (i32.load8_u offset=1 (local.get 0)) (then (i32.const 1)) (else (i32.const 0)))))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let shrAnd = try instance.typedFunction("shrAnd", Int32.self, returning: Int32.self)
        #expect(try shrAnd(Int32(bitPattern: 0xabcd_1234)) == 0x23)  // 36 shifts by 4
        let andShr = try instance.typedFunction("andShr", Int32.self, returning: Int32.self)
        #expect(try andShr(Int32(bitPattern: 0xabcd_1234)) == 0x00ab_cd00)  // 40 shifts by 8
        let add3 = try instance.typedFunction("add3", (Int32, Int32, Int32).self, returning: Int32.self)
        #expect(try add3(Int32.max, 1, 5) == Int32.min &+ 5)
        let addShl = try instance.typedFunction("addShl", (Int32, Int32).self, returning: Int32.self)
        #expect(try addShl(1, Int32(bitPattern: 0xc000_0001)) == Int32(bitPattern: 0x8000_0003))
        let mulAdd = try instance.typedFunction("mulAdd", (Int32, Int32, Int32).self, returning: Int32.self)
        #expect(try mulAdd(0x10000, 0x10001, 7) == 0x10007)
        let loadNez = try instance.typedFunction("loadNez", Int32.self, returning: Int32.self)
        #expect(try [loadNez(8), loadNez(12), loadNez(9)] == [0, 1, 1])
        #expect(throws: Trap.self) { try loadNez(65533) }
        let load8Eqz = try instance.typedFunction("load8Eqz", Int32.self, returning: Int32.self)
        #expect(try [load8Eqz(8), load8Eqz(16), load8Eqz(11)] == [0, 1, 1])
        #expect(throws: Trap.self) { try load8Eqz(65535) }
    }

    @Test func secondRoundOfFusedOpsComputesWhatThePairComputes() throws {
        let bytes = try WAT.assemble("""
            (module (memory 1)
              (data (i32.const 16) "\\78\\56\\34\\12")
              (data (i32.const 32) "\\28\\00\\00\\00\\00\\00\\00\\00\\30\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00")
              (func (export "maskedEq") (param i32) (result i32) (local i32)
                (block (br_if 0 (i32.ne (local.tee 1 (i32.and (local.get 0) (i32.const 0xff0))) (i32.const 0x340)))
                  (return (i32.add (local.get 1) (i32.const 1))))
                (local.get 1))
              (func (export "listLength") (param i32) (result i32) (local i32)
                (block (loop
                  (br_if 1 (i32.eqz (local.tee 0 (i32.load (local.get 0)))))
                  (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                  (br 0)))
                (local.get 1))
              (func (export "sumTo") (param i32 i32) (result i32) (local i32)
                (loop
                  (local.set 2 (i32.add (local.get 2) (local.get 0)))
                  (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                  (br_if 0 (i32.ne (local.get 0) (local.get 1))))
                (local.get 2))
              (func (export "countTo") (param i32) (result i32)
                (loop (local.set 0 (i32.add (local.get 0) (i32.const 7))) (br_if 0 (i32.ne (local.get 0) (i32.const 70))))
                (local.get 0)))
            """)
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
        let maskedEq = try instance.typedFunction("maskedEq", Int32.self, returning: Int32.self)
        #expect(try [maskedEq(0x1345), maskedEq(0x1355)] == [0x341, 0x350])
        let listLength = try instance.typedFunction("listLength", Int32.self, returning: Int32.self)
        #expect(try [listLength(32), listLength(40), listLength(48)] == [2, 1, 0])  // 32 -> 40 -> 48 -> 0 (...)
        #expect(throws: Trap.self) { try listLength(65534) }
        let sumTo = try instance.typedFunction("sumTo", (Int32, Int32).self, returning: Int32.self)
        #expect(try sumTo(0, 10) == 45)
        #expect(try sumTo(Int32.max, Int32.min &+ 1) == -1)  // the counter wraps to the limit: max + min
        let countTo = try instance.typedFunction("countTo", Int32.self, returning: Int32.self)
        #expect(try countTo(0) == 70)
    }
}
