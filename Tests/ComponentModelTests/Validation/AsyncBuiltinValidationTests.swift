@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Validation of the async (🔀), error-context (📝) and thread (🧵)
/// built-ins, async lifts and lowers, and stream and future types, judged
/// against wasm-tools (every feature on) case by case.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct AsyncBuiltinValidationTests {
    /// What every case may use: a memory, a realloc, a funcref table, and a
    /// few stream and future types.
    static let prelude = """
        (type $s (stream u8)) (type $ss (stream string)) (type $f (future)) (type $fs (future (list u8)))
        (core module $libc
          (memory (export "mem") 1)
          (table (export "tbl") 1 funcref)
          (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable))
        (core instance $libc (instantiate $libc))
        (alias core export $libc "mem" (core memory $mem))
        (alias core export $libc "realloc" (core func $realloc))
        (alias core export $libc "tbl" (core table $tbl))
        (core type $start (func (param i32)))
        """

    /// Each built-in with the core type CanonicalABI.md gives it. A core
    /// module imports it at exactly that type, so a wrong type fails
    /// instantiation's type check in validation.
    static let builtins: [(canon: String, coreType: String)] = [
        ("task.return (result u32)", "(param i32)"),
        ("task.return (result string) (memory $mem)", "(param i32 i32)"),
        ("task.return (result (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (memory $mem)", "(param i32)"),
        ("task.return", ""),
        ("task.cancel", ""),
        ("context.get i32 0", "(result i32)"),
        ("context.set i32 1", "(param i32)"),
        ("backpressure.inc", ""),
        ("backpressure.dec", ""),
        ("subtask.cancel async", "(param i32) (result i32)"),
        ("subtask.drop", "(param i32)"),
        ("stream.new $s", "(result i64)"),
        ("stream.read $s (memory $mem)", "(param i32 i32 i32) (result i32)"),
        ("stream.read $ss (memory $mem) (realloc $realloc) async", "(param i32 i32 i32) (result i32)"),
        ("stream.write $s (memory $mem) async", "(param i32 i32 i32) (result i32)"),
        ("stream.cancel-read $s", "(param i32) (result i32)"),
        ("stream.cancel-write $s async", "(param i32) (result i32)"),
        ("stream.drop-readable $s", "(param i32)"),
        ("stream.drop-writable $s", "(param i32)"),
        ("future.new $f", "(result i64)"),
        ("future.read $f", "(param i32 i32) (result i32)"),
        ("future.write $fs (memory $mem)", "(param i32 i32) (result i32)"),
        ("future.cancel-read $f async", "(param i32) (result i32)"),
        ("future.cancel-write $f", "(param i32) (result i32)"),
        ("future.drop-readable $f", "(param i32)"),
        ("future.drop-writable $f", "(param i32)"),
        ("error-context.new (memory $mem)", "(param i32 i32) (result i32)"),
        ("error-context.debug-message (memory $mem) (realloc $realloc)", "(param i32 i32)"),
        ("error-context.drop", "(param i32)"),
        ("waitable-set.new", "(result i32)"),
        ("waitable-set.wait (memory $mem)", "(param i32 i32) (result i32)"),
        ("waitable-set.poll (memory $mem)", "(param i32 i32) (result i32)"),
        ("waitable-set.drop", "(param i32)"),
        ("waitable.join", "(param i32 i32)"),
        ("thread.yield", "(result i32)"),
        ("thread.index", "(result i32)"),
        ("thread.new-indirect $start $tbl", "(param i32 i32) (result i32)"),
        ("thread.resume-later", "(param i32)"),
        ("thread.suspend", "(result i32)"),
        ("thread.suspend-then-resume", "(param i32) (result i32)"),
        ("thread.yield-then-resume", "(param i32) (result i32)"),
        ("thread.suspend-then-promote", "(param i32) (result i32)"),
        ("thread.yield-then-promote", "(param i32) (result i32)"),
    ]

    static func importing(_ canon: String, as coreType: String) -> String {
        """
        (component \(prelude)
          (core func $b (canon \(canon)))
          (core module $user (import "" "b" (func \(coreType))))
          (core instance (instantiate $user (with "" (instance (export "b" (func $b)))))))
        """
    }

    @Test(arguments: builtins)
    func builtinHasItsCoreType(canon: String, coreType: String) throws {
        let (ours, reference) = try Verdicts.of(Self.importing(canon, as: coreType), features: "all")
        #expect(reference == nil)
        #expect(ours == nil)
    }

    /// The same built-ins imported at a type one parameter longer: both
    /// validators must refuse, or the test above proves nothing.
    @Test(arguments: builtins)
    func builtinRefusesAnotherCoreType(canon: String, coreType: String) throws {
        let (ours, reference) = try Verdicts.of(Self.importing(canon, as: "(param f64) " + coreType), features: "all")
        #expect(reference != nil)
        #expect(ours != nil)
    }

    /// Lifts and lowers, by the async ABI's core signatures (`flatten_functype`).
    static let functions: [String] = [
        // A stackless (callback) lift: results through task.return, a callback code back.
        """
        (core module $m (func (export "f") (param i32 i32 i32) (result i32) unreachable)
                        (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
        (core instance $i (instantiate $m))
        (type $ft (func async (param "a" u32) (param "b" string) (result u64)))
        (func (type $ft) (canon lift (core func $i "f") async (callback (core func $i "cb")) (memory $mem) (realloc $realloc)))
        """,
        // A stackful lift returns nothing.
        """
        (core module $m (func (export "f") (param i32)))
        (core instance $i (instantiate $m))
        (type $ft (func async (param "a" u32) (result u32))) (func (type $ft) (canon lift (core func $i "f") async))
        """,
        // An async lower: at most 4 flat parameters, results through an out-pointer, a status back.
        """
        (import "g" (func $g async (param "a" u32) (param "b" u64) (param "c" u32) (param "d" u32) (param "e" u32) (result u8)))
        (core func $g' (canon lower (func $g) async (memory $mem)))
        (core module $m (import "" "g" (func (param i32 i32) (result i32))))
        (core instance (instantiate $m (with "" (instance (export "g" (func $g'))))))
        """,
        // A sync lower of an async function keeps the sync ABI.
        """
        (import "g" (func $g async (param "a" u32) (result u32)))
        (core func $g' (canon lower (func $g)))
        (core module $m (import "" "g" (func (param i32) (result i32))))
        (core instance (instantiate $m (with "" (instance (export "g" (func $g'))))))
        """,
        // Streams, futures and error contexts cross as i32 handles.
        """
        (import "g" (func $g (param "a" (stream u8)) (param "b" error-context) (result (future string))))
        (core func $g' (canon lower (func $g)))
        (core module $m (import "" "g" (func (param i32 i32) (result i32))))
        (core instance (instantiate $m (with "" (instance (export "g" (func $g'))))))
        """,
    ]

    @Test(arguments: functions)
    func functionIsAccepted(text: String) throws {
        let (ours, reference) = try Verdicts.of("(component \(Self.prelude) \(text))", features: "all")
        #expect(reference == nil)
        #expect(ours == nil)
    }

    /// Each case with the message we give; wasm-tools must refuse it too.
    static let refused: [(text: String, message: String)] = [
        ("(type (stream char))", "`stream<char>` is not valid"),
        ("(type $r (resource (rep i32))) (type (future (borrow $r)))", "stream and future payloads cannot contain a `borrow` type"),
        ("""
         (core module $m (func (export "f")))
         (core instance $i (instantiate $m))
         (func (canon lift (core func $i "f") async))
         """, "the `async` canonical option requires an async function type"),
        ("""
         (import "f" (func $f))
         (core func (canon lower (func $f) async))
         """, "the `async` canonical option requires an async function type"),
        ("""
         (core module $m (func (export "f") (result i32) unreachable) (func (export "cb") (param i32 i32) (result i32) unreachable))
         (core instance $i (instantiate $m))
         (type $ft (func async)) (func (type $ft) (canon lift (core func $i "f") async (callback (core func $i "cb"))))
         """, "canonical option `callback` uses a core function with an incorrect signature"),
        ("""
         (core module $m (func (export "f") (result i32) unreachable) (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
         (core instance $i (instantiate $m))
         (type $ft (func async)) (func (type $ft) (canon lift (core func $i "f") (callback (core func $i "cb"))))
         """, "cannot specify callback without async"),
        ("""
         (core module $m (func (export "f")) (func (export "pr")))
         (core instance $i (instantiate $m))
         (type $ft (func async)) (func (type $ft) (canon lift (core func $i "f") async (post-return (core func $i "pr"))))
         """, "cannot specify post-return function in async"),
        ("""
         (core module $m (func (export "f")))
         (core instance $i (instantiate $m))
         (type $ft (func async (result u32))) (func (type $ft) (canon lift (core func $i "f") async (callback (core func $i "f"))))
         """, "canonical option `callback` uses a core function with an incorrect signature"),
        ("""
         (core module $m (func (export "f") (param i32) (result i32) unreachable))
         (core instance $i (instantiate $m))
         (type $ft (func async (param "a" u32))) (func (type $ft) (canon lift (core func $i "f") async))
         """, "lowered function type `(i32) -> (i32)` does not match the expected type `(i32) -> ()` for a lifted function"),
        ("(core func (canon context.get i32 2))", "context slot 2 is out of bounds (there are 2)"),
        ("(core func (canon stream.new $f))", "type index 2 is not a stream type"),
        ("(core func (canon future.read $s))", "type index 0 is not a future type"),
        ("(core func (canon task.return (result u32) (realloc $realloc) (memory $mem)))",
         "cannot specify options other than `memory` and `string-encoding` for `task.return`"),
        ("(core func (canon task.return (result string)))", "canonical option `memory` is required"),
        ("(core func (canon stream.read $ss (memory $mem)))", "canonical option `realloc` is required"),
        ("(core func (canon stream.write $s))", "canonical option `memory` is required"),
        ("(core func (canon error-context.debug-message (memory $mem)))", "canonical option `realloc` is required"),
        ("(core func (canon waitable-set.wait (memory 1)))", "unknown memory 1: memory index out of bounds"),
        ("(core type $t (func (param i32) (result i32))) (core func (canon thread.new-indirect $t $tbl))",
         "`thread.new-indirect` needs a function type taking one i32 and returning nothing"),
    ]

    @Test(arguments: refused)
    func definitionIsRefused(text: String, message: String) throws {
        let (ours, reference) = try Verdicts.of("(component \(Self.prelude) \(text))", features: "all")
        #expect(reference != nil)
        #expect(ours?.hasSuffix(message) == true, "ours: \(ours ?? "accepted")")
    }

}
