import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Vectors (v128) where the spec suite's scripts do not reach: across the
/// embedding API (arguments, results, host functions, globals), and as the
/// two-register values the translator moves through locals, blocks,
/// branches, calls and `select`. The lane arithmetic itself is the spec
/// suite's (`spec-tests/`, simd/).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct VectorTests {
    static let a = V128(low: 0x0807_0605_0403_0201, high: 0x100F_0E0D_0C0B_0A09)
    static let b = V128(low: 0x1111_1111_1111_1111, high: 0x2222_2222_2222_2222)

    func instantiate(_ text: String, linker: Linker = Linker()) throws -> Instance {
        let engine = Engine()
        return try linker.instantiate(try engine.compile(try WAT.assemble(text)), in: Store(engine: engine))
    }

    @Test func vectorsPassThroughInvokeBetweenScalars() throws {
        let instance = try instantiate("""
            (module
              (func (export "swap") (param i32 v128 i64 v128) (result v128 i32 v128 i64)
                (local.get 3) (local.get 0) (local.get 1) (local.get 2)))
            """)
        let results = try instance.invoke("swap", [.i32(7), .v128(Self.a), .i64(9), .v128(Self.b)])
        #expect(results == [.v128(Self.b), .i32(7), .v128(Self.a), .i64(9)])
    }

    @Test func hostFunctionsTakeAndReturnVectors() throws {
        var linker = Linker()
        let type = FunctionType(parameters: [.v128, .i32], results: [.i64, .v128])
        linker.define("env", "twist", HostFunction(type: type) { _, arguments in
            guard case .v128(let vector) = arguments[0], case .i32(let shift) = arguments[1] else { return [] }
            return [.i64(vector.high), .v128(V128(low: vector.high >> UInt64(shift), high: vector.low))]
        })
        let instance = try instantiate("""
            (module
              (import "env" "twist" (func $twist (param v128 i32) (result i64 v128)))
              (func (export "call") (param v128) (result i64 v128)
                (v128.const i64x2 5 6) (drop)
                (call $twist (local.get 0) (i32.const 8))))
            """, linker: linker)
        #expect(try instance.invoke("call", [.v128(Self.a)]) == [.i64(Self.a.high), .v128(V128(low: Self.a.high >> 8, high: Self.a.low))])
    }

    @Test func vectorGlobalsImportExportAndMutate() throws {
        var linker = Linker()
        let imported = GlobalCell(type: GlobalType(valueType: .v128, isMutable: true), value: 0)
        imported.value = .v128(Self.a)
        linker.define("env", "g", .global(imported))
        linker.define("env", "fixed", .global(GlobalCell(type: GlobalType(valueType: .v128, isMutable: false), value: Self.a.low,
                                                        high: Self.a.high)))
        let instance = try instantiate("""
            (module
              (import "env" "g" (global $g (mut v128)))
              (import "env" "fixed" (global $fixed v128))
              (global $copy v128 (global.get $fixed))
              (global $k (export "k") v128 (v128.const i32x4 1 2 3 4))
              (func (export "bump") (result v128)
                (global.set $g (i32x4.add (global.get $g) (global.get $k)))
                (global.get $copy)))
            """, linker: linker)
        #expect(try instance.invoke("bump", []) == [.v128(Self.a)])
        #expect(imported.value == .v128(V128(low: Self.a.low &+ 0x0000_0002_0000_0001, high: Self.a.high &+ 0x0000_0004_0000_0003)))
        #expect(instance.global(named: "k")?.value == .v128(V128(low: 0x0000_0002_0000_0001, high: 0x0000_0004_0000_0003)))
    }

    @Test func vectorsFlowThroughBlocksBranchesAndSelect() throws {
        let instance = try instantiate("""
            (module
              (type $vv (func (param v128) (result v128)))
              (table 2 funcref)
              (elem (i32.const 0) $double $negate)
              (func $double (type $vv) (i32x4.add (local.get 0) (local.get 0)))
              (func $negate (type $vv) (i32x4.neg (local.get 0)))
              (func (export "run") (param $n i32) (param $v v128) (result v128)
                (local $acc v128) (local $i i32)
                (local.get $v)
                (block $done (param v128) (result v128)
                  (loop $next (param v128) (result v128)
                    (local.tee $acc (call_indirect (type $vv) (i32.and (local.get $i) (i32.const 1))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                    (br $next)))
                (if (param v128) (result v128) (i32.eq (local.get $n) (i32.const 3))
                  (then (i32x4.add (v128.const i32x4 100 0 0 0)))
                  (else))
                (select (local.get $acc) (i32.const 1))))
            """)
        // From v: double, negate, double (n = 3): -4v; the `if` adds 100 to
        // lane 0, and `select` keeps it over $acc (condition 1 takes the first).
        let v = V128(low: 0x0000_0002_0000_0001, high: 0x0000_0004_0000_0003)
        let expected = V128(low: UInt64(UInt32(bitPattern: -4 + 100)) | UInt64(UInt32(bitPattern: -8)) << 32,
                            high: UInt64(UInt32(bitPattern: -12)) | UInt64(UInt32(bitPattern: -16)) << 32)
        #expect(try instance.invoke("run", [.i32(3), .v128(v)]) == [.v128(expected)])
        // n = 2: double, negate; no addition; the same.
        let two = V128(low: UInt64(UInt32(bitPattern: -2)) | UInt64(UInt32(bitPattern: -4)) << 32,
                       high: UInt64(UInt32(bitPattern: -6)) | UInt64(UInt32(bitPattern: -8)) << 32)
        #expect(try instance.invoke("run", [.i32(2), .v128(v)]) == [.v128(two)])
    }

    @Test func brTableCarriesVectorsAndSelectPicksByCondition() throws {
        let instance = try instantiate("""
            (module
              (func (export "pick") (param $which i32) (param $x v128) (param $y v128) (result v128)
                (block $b (result v128)
                  (block $a (result v128)
                    (local.get $x)
                    (br_table $a $b (local.get $which)))
                  (drop)
                  (select (result v128) (local.get $y) (local.get $x) (i32.const 1)))))
            """)
        #expect(try instance.invoke("pick", [.i32(0), .v128(Self.a), .v128(Self.b)]) == [.v128(Self.b)])
        #expect(try instance.invoke("pick", [.i32(1), .v128(Self.a), .v128(Self.b)]) == [.v128(Self.a)])
    }

    @Test func vectorMemoryAccessesTrapOutOfBounds() throws {
        let instance = try instantiate("""
            (module
              (memory 1)
              (func (export "load") (param i32) (result v128) (v128.load offset=1 (local.get 0)))
              (func (export "store_lane") (param i32) (v128.store32_lane 3 (local.get 0) (v128.const i32x4 1 2 3 4))))
            """)
        #expect(try instance.invoke("load", [.i32(65536 - 17)]) == [.v128(V128(low: 0, high: 0))])
        #expect(throws: InvocationError.self) { try instance.invoke("load", [.i32(65536 - 16)]) }
        #expect(throws: InvocationError.self) { try instance.invoke("load", [.i32(0xFFFF_FFFF)]) }
        _ = try instance.invoke("store_lane", [.i32(65532)])
        #expect(throws: InvocationError.self) { try instance.invoke("store_lane", [.i32(65533)]) }
    }

    /// `spin wasm ir` names vector operations, with their lanes.
    @Test func vectorOpsPrintTheirOperation() {
        #expect(Op.vector(.i32x4ExtractLane, lane: 3, result: 4, 2).description
            == "vector(operation: i32x4ExtractLane[3], result: 4, 2, 0, 0)")
        #expect(Op.vector(.f64x2Mul, result: 6, 2, 4).description == "vector(operation: f64x2Mul, result: 6, 2, 4, 0)")
        #expect(Op.vectorMemory(.v128Store16Lane, lane: 7, value: 2, address: 1, offset: 8).description
            == "vectorMemory(operation: v128Store16Lane[7], value: 2, address: 1, offset: 8, vector: 0)")
    }

    /// Ops name their vector operation by the case's one-byte tag.
    @Test func everyOperationSurvivesItsOpField() {
        for operation in SIMDOperation.allCases {
            for lane: UInt8 in [0, 15] {
                let field = Op.vectorField(operation, lane: lane)
                #expect(Op.vectorOperation(field) == operation)
                #expect(Op.vectorLane(field) == Int(lane))
            }
        }
    }
}
