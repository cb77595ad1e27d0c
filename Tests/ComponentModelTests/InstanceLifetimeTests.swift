@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// A component instance's store is freed once nothing outside holds it:
/// `spin up` makes one store per request, so anything that keeps a store
/// alive (a reference cycle through the instantiation's index spaces, which
/// nested components point back at) leaks each request's memory.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct InstanceLifetimeTests {
    /// A parent with core instances of its own and a nested component that
    /// outer-aliases its module: the shape of componentize-py's output, in
    /// small.
    static let text = """
    (component
      (core module $M
        (memory (export "memory") 1)
        (func (export "answer") (result i32) i32.const 42))
      (core instance $own (instantiate $M))
      (component $Inner
        (alias outer 1 $M (core module $m))
        (core instance $i (instantiate $m))
        (func (export "answer") (result u32) (canon lift (core func $i "answer"))))
      (instance $inner (instantiate $Inner))
      (export "answer" (func $inner "answer")))
    """

    @Test func storeIsFreedAfterItsInstanceIsDropped() throws {
        let engine = Engine()
        let linked = try ComponentLinker().link(ValidatedComponent(WAT.assemble(Self.text), engine: engine))
        weak var released: Store?
        do {
            let store = Store(engine: engine)
            let instance = try linked.instantiate(in: store)
            let answer = try #require(instance.function("answer"))
            #expect(try answer.call([]) == .u32(42))
            released = store
        }
        #expect(released == nil, "the store outlived its instance")
    }
}
