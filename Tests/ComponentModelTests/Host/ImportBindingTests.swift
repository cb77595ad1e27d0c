@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// The resource types a component imports from the host stand for the
/// host's own types. A linked component works that binding out once
/// (`HostImports.resourceBindings`) and every instance starts from it, so
/// it must hold for a type the component never aliases out of its import.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ImportBindingTests {
    final class Tag {}

    static let text = """
        (component
          (import "test:bind/host" (instance $host
            (export "tag" (type $tag (sub resource)))
            (export "make-tag" (func (param "value" u32) (result (own $tag)))))))
        """

    @Test func importedResourceTypesStandForTheHostsWithoutAnAlias() throws {
        let validated = try ValidatedComponent(try WAT.assemble(Self.text), engine: Engine())
        var linker = ComponentLinker()
        let tag = linker.defineResource("test:bind/host", "tag") { call, rep throws(Trap) in call.resources.remove(rep) }
        linker.define("test:bind/host", "make-tag", type: .init(parameters: [.init("value", .u32)], result: .own(tag))) {
            call, _ throws(Trap) in call.own(Tag())
        }
        guard case .instance(let hostType)? = validated.importTypes.first,
              case .type(.resource(let declared))? = hostType.exports.first(where: { $0.name == "tag" })?.type else {
            Issue.record("the import's type has no resource `tag`")
            return
        }
        #expect(declared !== tag)
        let linked = try linker.link(validated)
        for _ in 0..<2 {
            let instance = try linked.instantiate(in: Store(engine: validated.engine))
            #expect(instance.state.runtime(declared) === tag)
        }
    }
}
