@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Annotated names (`[constructor]`, `[method]`, `[static]`) and the
/// `implements` attribute on the exports of a bag of exports
/// (`(instance (export ...))`), which has no index space to name a
/// resource in.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct AnnotatedNamesTests {
    @Test func bagOfExportsNamesNoResource() throws {
        let verdict = try Verdicts.of("""
            (component
              (type $T (resource (rep i32)))
              (core module $m (func (export "a") (result i32) unreachable))
              (core instance $i (instantiate $m))
              (func $f (result (own $T)) (canon lift (core func $i "a")))
              (instance
                (export "a" (type $T))
                (export "[constructor]a" (func $f))))
            """)
        #expect(verdict.ours == "resource used in function does not have a name in this context")
        #expect(verdict.reference?.contains("resource used in function does not have a name in this context") == true)
    }

    /// The decoder keeps the attribute and validation checks it. wasm-tools
    /// 1.262 validates without the `cm-implements` checks, so ours only.
    @Test(arguments: [("a", "`implements` must be an interface name"), ("a:b/c", nil)])
    func bagExportImplementsAnInterface(implements: String, message: String?) throws {
        let bytes = try WAT.assemble("""
            (component
              (instance)
              (instance (export "x" (implements "\(implements)") (instance 0))))
            """)
        let component = try decodeComponent(bytes)
        var names: [ExternName] = []
        for case .instances(let instances) in component.definitions {
            for case .exports(let items) in instances { names += items.map(\.name) }
        }
        #expect(names.map(\.implements) == [implements])
        var ours: String?
        do {
            _ = try ValidatedComponent(bytes, engine: Engine())
        } catch {
            ours = error.message
        }
        #expect(ours == message)
    }
}
