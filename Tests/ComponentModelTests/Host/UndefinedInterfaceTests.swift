@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// `ComponentLinker.serveUndefinedInterfaces`: an import of an interface the
/// linker does not define links when a server is set, its resources become
/// host resources (also under a second name, as `type headers = fields`
/// gives one), and each function gets the body the server makes for its type.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct UndefinedInterfaceTests {
    static let text = """
        (component
          (import "test:missing/store@1.0.0" (instance $store
            (export "handle" (type $h (sub resource)))
            (export "also-handle" (type (eq $h)))
            (type $failure (variant (case "nope") (case "other" string)))
            (export "failure" (type $e (eq $failure)))
            (export "open" (func (param "name" string) (result (result (own $h) (error $e)))))
            (export "[method]handle.size" (func (param "self" (borrow $h)) (result u32)))))
          (alias export $store "open" (func $open))
          (core module $libc
            (memory (export "mem") 1)
            (data (i32.const 0) "x")
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 200))
          (core instance $libc (instantiate $libc))
          (core func $open-lowered (canon lower (func $open) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
          (core module $m
            (import "libc" "mem" (memory 1))
            (import "host" "open" (func $open (param i32 i32 i32)))
            ;; open("x") into the result area at 100; returns result tag * 256 + variant case.
            (func (export "outcome") (result i32)
              (call $open (i32.const 0) (i32.const 1) (i32.const 100))
              (i32.add (i32.mul (i32.load8_u (i32.const 100)) (i32.const 256)) (i32.load8_u (i32.const 104))))
            ;; The string of `other(string)`: its pointer and length are at 108.
            (func (export "message") (result i32) i32.const 108))
          (core instance $i (instantiate $m
            (with "libc" (instance $libc))
            (with "host" (instance (export "open" (func $open-lowered))))))
          (func (export "outcome") (result u32) (canon lift (core func $i "outcome")))
          (func (export "message") (result string) (canon lift (core func $i "message") (memory (core memory $libc "mem")))))
        """

    @Test func servedFunctionsReturnWhatTheServerMakes() throws {
        let validated = try ValidatedComponent(try WAT.assemble(Self.text), engine: Engine())
        var linker = ComponentLinker()
        linker.serveUndefinedInterfaces { interface, function, type in
            // `error(other("interface#function"))`, when the type has that shape.
            guard case .result(_, .variant(let cases)?)? = type.result,
                  let other = cases.firstIndex(where: { $0.name == "other" }) else { return nil }
            return { _, _ throws(Trap) in .error(.variant(case: UInt32(other), payload: .string("\(interface)#\(function)"))) }
        }
        // The method has no such result: the server declines it, and that import cannot link.
        #expect(throws: LinkError.self) { try linker.link(validated) }

        linker.serveUndefinedInterfaces { interface, function, _ in
            if function == "open" {
                return { _, _ throws(Trap) in .error(.variant(case: 1, payload: .string("\(interface)#\(function)"))) }
            }
            return { _, _ throws(Trap) in throw Trap(.host("not served")) }
        }
        let instance = try linker.link(validated).instantiate(in: Store(engine: validated.modules[0].engine))
        #expect(try instance.function("outcome")?.call([]) == .u32(1 * 256 + 1))
        #expect(try instance.function("message")?.call([]) == .string("test:missing/store@1.0.0#open"))
    }

    @Test func withoutAServerTheImportDoesNotLink() throws {
        let validated = try ValidatedComponent(try WAT.assemble(Self.text), engine: Engine())
        #expect {
            try ComponentLinker().link(validated)
        } throws: { error in
            (error as? LinkError)?.message == "no host implements this interface"
        }
    }

    /// An interface the linker defines only in part (a newer minor version of
    /// it added `[method]handle.size`, say): with a server, the missing
    /// function is served like those of an undefined interface; without one,
    /// it does not link.
    @Test func functionsMissingFromADefinedInterfaceAreServed() throws {
        let validated = try ValidatedComponent(try WAT.assemble(Self.text), engine: Engine())
        var linker = ComponentLinker()
        let handle = linker.defineResource("test:missing/store@1.1.0", "handle")
        let failure = ComponentValueType.variant([.init("nope", nil), .init("other", .string)])
        linker.define("test:missing/store@1.1.0", "open",
                      type: ComponentFunctionType(parameters: [.init("name", .string)],
                                                  result: .result(ok: .own(handle), error: failure))) { _, _ throws(Trap) in
            .error(.variant(case: 1, payload: .string("defined")))
        }
        #expect {
            try linker.link(validated)
        } throws: { error in
            (error as? LinkError)?.message == "unknown import function" && (error as? LinkError)?.name == "[method]handle.size"
        }
        final class Served: @unchecked Sendable { var functions: [String] = [] }  // link runs on this thread
        let served = Served()
        linker.serveUndefinedInterfaces { _, function, _ in
            served.functions.append(function)
            return { _, _ throws(Trap) in throw Trap(.host("not served")) }
        }
        let instance = try linker.link(validated).instantiate(in: Store(engine: validated.modules[0].engine))
        #expect(served.functions == ["[method]handle.size"])
        _ = try instance.function("outcome")?.call([])
        #expect(try instance.function("message")?.call([]) == .string("defined"))
    }
}
