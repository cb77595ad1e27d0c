@testable import ComponentModel
import Testing
import WATSupport

/// The effective-size limit on types (see `ValidationScope+TypeSize.swift`): a chain of
/// tuples doubling at each step takes a few bytes per step and, written out,
/// 2^(k+2) - 1 nodes at step k. Without the limit, validating the 40-step
/// chain below never finishes. Each case is also put to `wasm-tools
/// validate`, which must agree on accepting or refusing it.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct TypeSizeTests {
    static func chain(_ steps: Int, indent: String = "  ") -> String {
        ([indent + "(type $t0 (tuple u64 u64))"] + (1...steps).map { indent + "(type $t\($0) (tuple $t\($0 - 1) $t\($0 - 1)))" })
            .joined(separator: "\n")
    }

    /// A lifted function taking step `steps` of the chain.
    static func lifted(_ steps: Int) -> String {
        """
        (component
        \(chain(steps))
          (core module $m
            (memory (export "memory") 1)
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
            (func (export "f") (param i32)))
          (core instance $i (instantiate $m))
          (func $f (param "x" $t\(steps))
            (canon lift (core func $i "f") (memory (core memory $i "memory")) (realloc (core func $i "realloc")))))
        """
    }

    static let twoParameters = "(component\n\(chain(17))\n  (type $f (func (param \"a\" $t17) (param \"b\" $t17))))"

    /// Step 17 measured once as an imported instance's export, then used twice.
    static let aliased = """
        (component
          (import "i" (instance $i
        \(chain(17, indent: "    "))
            (export "a" (type (eq $t17)))))
          (alias export $i "a" (type $a))
          (type $b (tuple $a $a)))
        """

    static func verdicts(_ text: String) throws -> (ours: String?, reference: String?) {
        try Verdicts.of(text)
    }

    static let limit = "effective type size exceeds the limit of 1000000"

    /// Step 17 (524,287 nodes) is within the limit, step 18 (1,048,575) is not.
    @Test(arguments: [15, 17])
    func typeWithinTheLimitIsAccepted(steps: Int) throws {
        let (ours, reference) = try Self.verdicts(Self.lifted(steps))
        #expect(ours == nil)
        #expect(reference == nil)
    }

    @Test(arguments: [18, 40])
    func typeOverTheLimitIsRefused(steps: Int) throws {
        let (ours, reference) = try Self.verdicts(Self.lifted(steps))
        #expect(ours == Self.limit)
        #expect(reference?.contains(Self.limit) == true)
    }

    @Test(arguments: [twoParameters, aliased])
    func typesAddUpOverTheLimit(text: String) throws {
        let (ours, reference) = try Self.verdicts(text)
        #expect(ours == Self.limit)
        #expect(reference?.contains(Self.limit) == true)
    }
}
