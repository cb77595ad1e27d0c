@testable import ComponentModel
import Testing
import WATSupport

/// External visibility of types (Explainer.md, "External Visibility of
/// Types") where instances and outer aliases carry types: each case is put
/// to `wasm-tools validate` too, which must agree.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ExternalVisibilityTests {
    static let liftedOwn = """
        (core module $m (func (export "f") (result i32) unreachable))
        (core instance $i (instantiate $m))
        """

    /// A bag of exports brings its function's resource along when exported.
    static let bagWithUnnamedResource = """
        (component
          \(liftedOwn)
          (type $R (resource (rep i32)))
          (func $f (result (own $R)) (canon lift (core func $i "f")))
          (instance $bag (export "f" (func $f)))
          (export "bag" (instance $bag)))
        """

    static let bagWithNamedResource = """
        (component
          \(liftedOwn)
          (type $R (resource (rep i32)))
          (export $R' "r" (type $R))
          (func $f (result (own $R')) (canon lift (core func $i "f")))
          (instance $bag (export "f" (func $f)))
          (export "bag" (instance $bag)))
        """

    /// The child names its record; the parent re-exports only the instance.
    static let childInstanceReexported = """
        (component
          (component $A
            \(liftedOwn)
            (type $Rec (record (field "x" u32)))
            (export $Rec' "t" (type $Rec))
            (func $f (result $Rec') (canon lift (core func $i "f")))
            (instance $bag (export "f" (func $f)))
            (export "i" (instance $bag)))
          (instance $a (instantiate $A))
          (export "i2" (instance $a "i")))
        """

    static func instanceType(exporting record: String) -> String {
        """
        (type $I (instance
            (type $Rec (record (field "x" u32)))
            (export "rec" (type $Rec' (eq $Rec)))
            (type $Rec2 (record (field "r" \(record))))
            (export "t" (type (eq $Rec2)))))
        """
    }

    @Test func exportedBagNeedsItsResourceNamed() throws {
        let refused = try Verdicts.of(Self.bagWithUnnamedResource)
        #expect(refused.ours == "instance not valid to be used as export")
        #expect(refused.reference?.contains("instance not valid to be used as export") == true)
        let accepted = try Verdicts.of(Self.bagWithNamedResource)
        #expect(accepted.ours == nil)
        #expect(accepted.reference == nil)
    }

    @Test func reexportedChildInstanceNeedsItsTypesNamedHere() throws {
        let refused = try Verdicts.of(Self.childInstanceReexported)
        #expect(refused.ours == "instance not valid to be used as export")
        #expect(refused.reference?.contains("instance not valid to be used as export") == true)
    }

    /// An imported instance names its exports in order: a record may use one
    /// the instance exported before it, not one it keeps to itself.
    @Test(arguments: [("$Rec", false), ("$Rec'", true)])
    func importedInstanceNamesItsExportsInOrder(record: String, valid: Bool) throws {
        let text = "(component\n\(Self.instanceType(exporting: record))\n  (import \"i\" (instance (type $I))))"
        let verdict = try Verdicts.of(text)
        #expect(verdict.ours == (valid ? nil : "instance not valid to be used as import"))
        #expect((verdict.reference == nil) == valid)
    }

    /// A type the component only exported is named for exports, not for an
    /// instance it imports.
    @Test(arguments: [("(export $Rec' \"r\" (type $Rec))", false), ("(import \"r\" (type $Rec' (eq $Rec)))", true)])
    func importedInstanceNeedsImportedNames(naming: String, valid: Bool) throws {
        let verdict = try Verdicts.of("""
            (component
              (type $Rec (record (field "x" u32)))
              \(naming)
              (import "i" (instance (export "f" (func (param "x" $Rec'))))))
            """)
        #expect(verdict.ours == (valid ? nil : "instance not valid to be used as import"))
        #expect((verdict.reference == nil) == valid)
    }

    /// An instance type with an export made of a record nothing names is
    /// no type to import or export; one made of what it exported before is.
    @Test(arguments: [("(import \"i\" (type (eq $I)))", "$Rec"), ("(export \"i\" (type $I))", "$Rec"),
                      ("(import \"i\" (type (eq $I)))", "$Rec'"), ("(export \"i\" (type $I))", "$Rec'")])
    func instanceTypeAsTypeUsesOnlyItsOwnNames(use: String, record: String) throws {
        let text = "(component\n\(Self.instanceType(exporting: record))\n  \(use))"
        let message = record == "$Rec'" ? nil : "type not valid to be used as \(use.hasPrefix("(import") ? "import" : "export")"
        let verdict = try Verdicts.of(text)
        #expect(verdict.ours == message)
        #expect(verdict.reference?.contains(message ?? "") ?? (message == nil))
    }

    /// As a type, an instance type names nothing for the component: what it
    /// uses from outside must be named for the way it goes already.
    @Test(arguments: [
        ("(export $Rec' \"r\" (type $Rec))", "(import \"i\" (type (eq $I)))", "type not valid to be used as import"),
        ("(export $Rec' \"r\" (type $Rec))", "(export \"i\" (type $I))", nil),
        ("(import \"r\" (type $Rec' (eq $Rec)))", "(import \"i\" (type (eq $I)))", nil),
    ])
    func instanceTypeAsTypeNeedsOuterNames(naming: String, use: String, message: String?) throws {
        let verdict = try Verdicts.of("""
            (component
              (type $Rec (record (field "x" u32)))
              \(naming)
              (type $I (instance (export "f" (func (param "x" $Rec')))))
              \(use))
            """)
        #expect(verdict.ours == message)
        #expect(verdict.reference?.contains(message ?? "") ?? (message == nil))
    }

    /// An instance type of primitives only needs no names.
    @Test func instanceTypeOfPrimitivesIsAType() throws {
        let verdict = try Verdicts.of("""
            (component
              (type $I (instance (export "f" (func (param "x" u32) (result string)))))
              (import "i" (type (eq $I)))
              (export "j" (type $I)))
            """)
        #expect(verdict.ours == nil)
        #expect(verdict.reference == nil)
    }

    /// A type the parent imported or exported is not named in a child
    /// component that aliases it; the child must import it itself.
    @Test(arguments: [
        ("(import \"t\" (type $Rec' (eq $Rec)))", "(import \"f\" (func (result $Rec')))", "func not valid to be used as import"),
        ("(export $Rec' \"t\" (type $Rec))",
         "\(liftedOwn) (func $f (result $Rec') (canon lift (core func $i \"f\"))) (export \"f\" (func $f))",
         "func not valid to be used as export"),
        ("(import \"t\" (type $Rec' (eq $Rec)))",
         "(import \"t\" (type $T (eq $Rec'))) (import \"f\" (func (result $T)))", nil),
    ])
    func outerAliasBringsNoName(parent: String, child: String, message: String?) throws {
        let text = """
            (component
              (type $Rec (record (field "x" u32)))
              \(parent)
              (component \(child)))
            """
        let verdict = try Verdicts.of(text)
        #expect(verdict.ours == message)
        if let message {
            #expect(verdict.reference?.contains(message) == true)
        } else {
            #expect(verdict.reference == nil)
        }
    }
}
