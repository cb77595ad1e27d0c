@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// A linked component finds the items it aliases out of the host's
/// instances once (`HostImports.instanceAliases`), and every instance
/// takes them from there; aliases of its own instances are looked up by name.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct InstanceAliasTests {
    static let text = """
        (component
          (import "test:alias/host" (instance $host
            (export "one" (func (result u32)))
            (export "two" (func (result u32)))))
          (alias export $host "two" (func $two))
          (alias export $host "one" (func $one))
          (instance $bag (export "first" (func $one)))
          (alias export $bag "first" (func $first))
          (core func $two-lowered (canon lower (func $two)))
          (core func $first-lowered (canon lower (func $first)))
          (core module $m
            (import "host" "two" (func $two (result i32)))
            (import "host" "first" (func $first (result i32)))
            (func (export "digits") (result i32)
              (i32.add (i32.mul (call $two) (i32.const 10)) (call $first))))
          (core instance $i (instantiate $m
            (with "host" (instance (export "two" (func $two-lowered)) (export "first" (func $first-lowered))))))
          (func (export "digits") (result u32) (canon lift (core func $i "digits"))))
        """

    @Test func aliasesOfTheHostsInstancesAreFoundOnce() throws {
        let validated = try ValidatedComponent(try WAT.assemble(Self.text), engine: Engine())
        var linker = ComponentLinker()
        linker.define("test:alias/host", "one", type: .init(parameters: [], result: .u32)) { _, _ throws(Trap) in .u32(1) }
        linker.define("test:alias/host", "two", type: .init(parameters: [], result: .u32)) { _, _ throws(Trap) in .u32(2) }
        let linked = try linker.link(validated)
        // The two of the host's instance known, the bag's left to instantiation.
        #expect(linked.hostImports.instanceAliases.map { $0 != nil } == [true, true, false])
        for _ in 0..<2 {
            let instance = try linked.instantiate(in: Store(engine: validated.engine))
            #expect(try instance.function("digits")?.call([]) == .u32(21))
        }
    }
}
