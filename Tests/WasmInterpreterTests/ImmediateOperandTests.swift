import Testing
import WATSupport
@testable import WasmInterpreter

/// Constant operands the translator folds into the op
/// (RATIONALE.md#immediate-operands): a constant minuend, and a constant
/// divisor, which may never be one that traps.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct ImmediateOperandTests {
    func translate(_ body: String, signature: String = "(param i32) (result i32)") throws -> [String] {
        let module = try Engine().compile(try WAT.assemble("(module (memory 1) (func \(signature) \(body)))"))
        return Array(module.disassemble(function: 0).dropFirst())
    }

    func instantiate(_ functions: String) throws -> Instance {
        let engine = Engine()
        return try Linker().instantiate(try engine.compile(try WAT.assemble("(module \(functions))")), in: Store(engine: engine))
    }

    @Test func aConstantMinuendIsAnImmediate() throws {
        #expect(try translate("(i32.sub (i32.const 0) (local.get 0))") == [
            "0: i32SubFromImmediate(1, 0, 0)", "1: return1(value: 1)",
        ])
        #expect(try translate("(i64.sub (i64.const -5) (local.get 0))", signature: "(param i64) (result i64)") == [
            "0: i64SubFromImmediate(1, 0, -5)", "1: return1(value: 1)",
        ])
        // Beyond 32 bits: the constant stays a register.
        #expect(try translate("(i64.sub (i64.const 0x100000000) (local.get 0))", signature: "(param i64) (result i64)") == [
            "0: const64(value: 4294967296, destination: 1)", "1: i64Sub(1, 1, 0)", "2: return1(value: 1)",
        ])
        let instance = try instantiate("""
            (func (export "neg32") (param i32) (result i32) (i32.sub (i32.const 7) (local.get 0)))
            (func (export "neg64") (param i64) (result i64) (i64.sub (i64.const -2) (local.get 0)))
            """)
        let neg32 = try instance.typedFunction("neg32", Int32.self, returning: Int32.self)
        let neg64 = try instance.typedFunction("neg64", Int64.self, returning: Int64.self)
        for value: Int32 in [0, 7, 9, -1, .min, .max] { #expect(try neg32(value) == 7 &- value) }
        for value: Int64 in [0, -2, 1 << 40, -1, .min, .max] { #expect(try neg64(value) == -2 &- value) }
    }

    @Test func aConstantDivisorIsAnImmediateUnlessItCanTrap() throws {
        #expect(try translate("(i32.rem_u (local.get 0) (i32.const 10))") == [
            "0: i32RemUImmediate(1, 0, 10)", "1: return1(value: 1)",
        ])
        #expect(try translate("(i32.div_s (local.get 0) (i32.const -3))") == [
            "0: i32DivSImmediate(1, 0, -3)", "1: return1(value: 1)",
        ])
        // 0 traps, and -1 overflows (div_s) or is a special case (rem_s): registers.
        #expect(try translate("(i32.div_u (local.get 0) (i32.const 0))") == [
            "0: const32(destination: 2, value: 0)", "1: i32DivU(1, 0, 2)", "2: return1(value: 1)",
        ])
        #expect(try translate("(i32.div_s (local.get 0) (i32.const -1))") == [
            "0: const32(destination: 2, value: 4294967295)", "1: i32DivS(1, 0, 2)", "2: return1(value: 1)",
        ])
        #expect(try translate("(i64.rem_s (local.get 0) (i64.const -1))", signature: "(param i64) (result i64)") == [
            "0: const64(value: 18446744073709551615, destination: 2)", "1: i64RemS(1, 0, 2)", "2: return1(value: 1)",
        ])
    }

    @Test func divisionByAConstantComputesWhatTheOpComputes() throws {
        let instance = try instantiate("""
            (func (export "i32") (param i32) (result i32 i32 i32 i32)
              (i32.div_u (local.get 0) (i32.const 7)) (i32.rem_u (local.get 0) (i32.const 0xfffffff0))
              (i32.div_s (local.get 0) (i32.const -7)) (i32.rem_s (local.get 0) (i32.const 7)))
            (func (export "i64") (param i64) (result i64 i64 i64 i64)
              (i64.div_u (local.get 0) (i64.const -3)) (i64.rem_u (local.get 0) (i64.const 1000))
              (i64.div_s (local.get 0) (i64.const -7)) (i64.rem_s (local.get 0) (i64.const 7)))
            (func (export "trap") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
            """)
        for value: Int32 in [0, 1, 6, 7, -1, -7, -8, .min, .max] {
            let results = try instance.invoke("i32", [.i32(UInt32(bitPattern: value))])
            let unsigned = UInt32(bitPattern: value)
            #expect(results == [.i32(unsigned / 7), .i32(unsigned % 0xffff_fff0),
                                .i32(UInt32(bitPattern: value / -7)), .i32(UInt32(bitPattern: value % 7))], "\(value)")
        }
        for value: Int64 in [0, 1, -1, -3, -4, 1 << 62, .min, .max] {
            let results = try instance.invoke("i64", [.i64(UInt64(bitPattern: value))])
            let unsigned = UInt64(bitPattern: value)
            #expect(results == [.i64(unsigned / UInt64(bitPattern: -3)), .i64(unsigned % 1000),
                                .i64(UInt64(bitPattern: value / -7)), .i64(UInt64(bitPattern: value % 7))], "\(value)")
        }
        let trap = try instance.typedFunction("trap", Int32.self, returning: Int32.self)
        #expect(throws: Trap.self) { try trap(.min) }
        #expect(try trap(5) == -5)
    }

    @Test func aConstantStoredIsInTheStore() throws {
        let signature = "(param i32)"
        #expect(try translate("(i32.store offset=4 (local.get 0) (i32.const -2))", signature: signature) == [
            "0: i32StoreImmediate(value: -2, address: 0, offset: 4)", "1: return0",
        ])
        // The address's added constant folds in too; 8- and 16-bit stores take any constant.
        #expect(try translate("(i64.store8 (i32.add (local.get 0) (i32.const 8)) (i64.const 0x1ff))", signature: signature) == [
            "0: i32Store8Immediate(value: 255, address: 0 + 8, offset: 0)", "1: return0",
        ])
        #expect(try translate("(f64.store (local.get 0) (f64.const 0))", signature: signature) == [
            "0: i64StoreImmediate(value: 0, address: 0, offset: 0)", "1: return0",
        ])
        #expect(try translate("(i32.store (local.get 0) (i32.const 0x87654321))", signature: signature) == [
            "0: i32StoreImmediate(value: -2023406815, address: 0, offset: 0)", "1: return0",
        ])
        // Go's return addresses.
        #expect(try translate("(i64.store (local.get 0) (i64.const 268566528))", signature: signature) == [
            "0: i64StoreImmediate(value: 268566528, address: 0, offset: 0)", "1: return0",
        ])
        // Beyond 32 bits (and -0.0, whose sign bit is set), the value takes a register.
        #expect(try translate("(i64.store (local.get 0) (i64.const 0x80000000))", signature: signature) == [
            "0: const32(destination: 2, value: 2147483648)", "1: i64Store(value: 2, address: 0, offset: 0)", "2: return0",
        ])
        #expect(try translate("(f64.store (local.get 0) (f64.const -0))", signature: signature) == [
            "0: const64(value: 9223372036854775808, destination: 2)", "1: f64Store(value: 2, address: 0, offset: 0)", "2: return0",
        ])
    }

    @Test func aConstantStoreWritesItsBytes() throws {
        let instance = try instantiate("""
            (memory 1)
            (func (export "stores") (param i32)
              (i64.store (local.get 0) (i64.const -1))
              (i64.store offset=8 (local.get 0) (i64.const -3))
              (i32.store offset=16 (local.get 0) (i32.const -32768))
              (i64.store32 offset=20 (local.get 0) (i64.const 0x7fff))
              (i32.store16 offset=24 (local.get 0) (i32.const 0x12345))
              (i32.store8 offset=26 (local.get 0) (i32.const -1))
              (f32.store offset=28 (local.get 0) (f32.const 0))
              (i64.store offset=32 (local.get 0) (i64.const 0x7fffffff))
              (i64.store offset=40 (local.get 0) (i64.const -0x80000000))
              (i32.store offset=48 (local.get 0) (i32.const 0x87654321)))
            (func (export "load") (param i32) (result i64) (i64.load (local.get 0)))
            """)
        let load = try instance.typedFunction("load", Int32.self, returning: Int64.self)
        _ = try instance.invoke("stores", [.i32(64)])
        #expect(try load(64) == -1)
        #expect(try load(72) == -3)
        #expect(UInt64(bitPattern: try load(80)) == 0x0000_7fff_ffff_8000)
        // 0x2345 at 88, then 0xff, then the byte at 91 untouched (0), then f32 0 at 92.
        #expect(UInt64(bitPattern: try load(88)) == 0x0000_0000_00ff_2345)
        #expect(try load(96) == 0x7fff_ffff)
        #expect(try load(104) == -0x8000_0000)
        #expect(UInt64(bitPattern: try load(112)) == 0x8765_4321)
        #expect(throws: InvocationError.self) { try instance.invoke("stores", [.i32(65536 - 31)]) }
    }
}
