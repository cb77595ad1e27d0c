import Foundation
import Testing
import WATSupport
import WasmDecoder
@testable import WasmInterpreter

/// Garbage collection (Wasm 3.0, on in `WasmFeatures.default`): the heap
/// stays bounded under allocation, references the host holds survive
/// collections, and the feature can be turned off. The spec suite's GC
/// scripts check the instructions themselves.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct GCTests {
    static let text = """
        (module
          (type $point (struct (field $x i32) (field $y (mut i64))))
          (type $words (array (mut i64)))
          (type $list (struct (field $head i32) (field $tail (ref null $list))))
          ;; Allocates `count` arrays of `length` i64s (each element written,
          ;; so its pages are really used), keeping only the last; returns
          ;; the sum of their lengths as a check that each was made.
          (func (export "churn") (param $count i32) (param $length i32) (result i64)
            (local $last (ref null $words)) (local $total i64)
            (loop $again
              (local.set $last (array.new $words (i64.const 7) (local.get $length)))
              (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (array.len (local.get $last)))))
              (br_if $again (local.tee $count (i32.sub (local.get $count) (i32.const 1)))))
            (local.get $total))
          (func (export "make-point") (param i32 i64) (result (ref $point))
            (struct.new $point (local.get 0) (local.get 1)))
          (func (export "point-sum") (param (ref $point)) (result i64)
            (i64.add (i64.extend_i32_s (struct.get $point $x (local.get 0))) (struct.get $point $y (local.get 0))))
          ;; A list of n cells n..1 held in a global while arrays churn; its sum after.
          (global $kept (mut (ref null $list)) (ref.null $list))
          (func (export "keep-list") (param $n i32)
            (loop $again
              (global.set $kept (struct.new $list (local.get $n) (global.get $kept)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "list-sum") (result i32) (local $cell (ref null $list)) (local $sum i32)
            (local.set $cell (global.get $kept))
            (block $done
              (loop $next
                (br_if $done (ref.is_null (local.get $cell)))
                (local.set $sum (i32.add (local.get $sum) (struct.get $list $head (local.get $cell))))
                (local.set $cell (struct.get $list $tail (local.get $cell)))
                (br $next)))
            (local.get $sum)))
        """

    func instantiate() throws -> (Store, Instance) {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble(Self.text)), in: store)
        return (store, instance)
    }

    /// Resident memory of this process now, from /proc (Linux).
    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }

    /// 10 GB allocated in total, 64 KiB at a time, in one call: the
    /// collector frees what the loop drops, so memory stays bounded.
    @Test func allocatingTenGigabytesInALoopKeepsMemoryBounded() throws {
        let (store, instance) = try instantiate()
        let before = try #require(Self.residentBytes())
        let count = 10 * 1024 * 1024 * 1024 / (64 * 1024)
        #expect(try instance.invoke("churn", [.i32(UInt32(count)), .i32(8192)]) == [.i64(UInt64(count) * 8192)])
        let grown = try #require(Self.residentBytes()) - before
        #expect(store.heap.collections > 100)
        #expect(store.heap.liveCount < 1000)
        #expect(grown < 256 << 20, "resident memory grew by \(grown >> 20) MiB")
    }

    /// Live objects survive collections: a struct the host holds, and a
    /// list only a global reaches.
    @Test func reachableObjectsSurviveCollections() throws {
        let (store, instance) = try instantiate()
        let point = try instance.invoke("make-point", [.i32(signed: -3), .i64(10)])
        try instance.invoke("keep-list", [.i32(1000)])
        _ = try instance.invoke("churn", [.i32(2000), .i32(65536)])  // 1 GB: several collections
        #expect(store.heap.collections > 5)
        #expect(try instance.invoke("point-sum", point) == [.i64(7)])
        #expect(try instance.invoke("list-sum") == [.i32(500_500)])
    }

    @Test func aNullStructAccessTrapsByName() throws {
        let (_, instance) = try instantiate()
        let engine = instance.store.engine
        let compiled = try engine.compile(try WAT.assemble("""
            (module (type $s (struct (field i32)))
              (func (export "get") (result i32) (struct.get $s 0 (ref.null $s)))
              (func (export "oob") (result i32) (array.get_u $a (array.new_fixed $a 2 (i32.const 1) (i32.const 2)) (i32.const 2)))
              (type $a (array i8)))
            """))
        let other = try Linker().instantiate(compiled, in: Store(engine: engine))
        #expect(trap { _ = try other.invoke("get") }?.reason == .nullStructureReference)
        #expect(trap { _ = try other.invoke("oob") }?.reason == .outOfBoundsArrayAccess)
    }

    /// `Value.anyref` at the API: an i31 in, an i31 out, and a host value
    /// through `any.convert_extern` and back.
    @Test func anyReferencesCrossTheEmbeddingAPI() throws {
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble("""
            (module
              (func (export "i31") (param anyref) (result i32) (i31.get_s (ref.cast i31ref (local.get 0))))
              (func (export "make") (param i32) (result anyref) (ref.i31 (local.get 0)))
              (func (export "round-trip") (param externref) (result externref)
                (extern.convert_any (any.convert_extern (local.get 0)))))
            """)), in: Store(engine: engine))
        #expect(try instance.invoke("i31", [.anyref(.i31(-5))]) == [.i32(signed: -5)])
        #expect(try instance.invoke("make", [.i32(signed: -1)]) == [.anyref(.i31(-1))])
        #expect(try instance.invoke("round-trip", [.externref(42)]) == [.externref(42)])
        #expect(trap { _ = try instance.invoke("i31", [.anyref(.host(3))]) }?.reason == .castFailure)
    }

    /// A host may set a global of a struct type to another struct; the
    /// access traps rather than reading past the object's fields.
    @Test func anObjectOfTheWrongTypeTrapsInsteadOfCrashing() throws {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble("""
            (module
              (type $one (struct (field i32)))
              (type $three (struct (field i32) (field i32) (field i32)))
              (global $g (export "g") (mut (ref null $three)) (ref.null $three))
              (func (export "one") (result anyref) (struct.new $one (i32.const 1)))
              (func (export "third") (result i32) (struct.get $three 2 (global.get $g))))
            """)), in: store)
        let one = try instance.invoke("one")
        guard case .global(let global) = instance.export(named: "g") else {
            Issue.record("no global")
            return
        }
        global.value = one[0]
        let reason = trap { _ = try instance.invoke("third") }?.reason
        #expect(reason == .host("GC reference of the wrong type"))
    }

    /// Constant expressions allocate too; a vector field keeps both halves.
    @Test func aGlobalsInitializerAllocatesWithWholeVectors() throws {
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble("""
            (module
              (type $boxed (struct (field v128) (field i8)))
              (global $g (ref $boxed) (struct.new $boxed (v128.const i64x2 5 -7) (i32.const 0x1FF)))
              (func (export "high") (result i64) (i64x2.extract_lane 1 (struct.get $boxed 0 (global.get $g))))
              (func (export "byte") (result i32) (struct.get_s $boxed 1 (global.get $g))))
            """)), in: Store(engine: engine))
        #expect(try instance.invoke("high") == [.i64(signed: -7)])
        #expect(try instance.invoke("byte") == [.i32(signed: -1)])
    }

    /// wasmtime's limits: 63 supertypes above a type at most. An
    /// `array.new_fixed` of 2^32 - 1 operands in unreachable code validates
    /// at once rather than popping four billion times.
    @Test func implementationLimitsAreWasmtimes() throws {
        func chain(_ depth: Int) -> String {
            "(module (type (sub (struct)))" + (1...depth).map { "(type (sub \($0 - 1) (struct)))" }.joined() + ")"
        }
        _ = try loadModule(try WAT.assemble(chain(63)), features: .default)
        let tooDeep = try WAT.assemble(chain(64))
        do {
            _ = try loadModule(tooDeep, features: .default)
            Issue.record("a 64-deep hierarchy was accepted")
        } catch {
            #expect(error.message.contains("sub type hierarchy too deep"))
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try loadModule(try WAT.assemble("""
                (module (type $a (array i32)) (func (drop (unreachable) (array.new_fixed $a 4294967295))))
                """), features: .default)
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func turnedOffTheFeatureIsRefusedByName() throws {
        let bytes = try WAT.assemble("(module (type (struct (field i32))))")
        do {
            _ = try loadModule(bytes, features: WasmFeatures.default.subtracting(.gc))
            Issue.record("loaded with GC off")
        } catch {
            #expect(error.message.contains("unsupported feature: gc"))
        }
    }
}
