import ComponentModel
import SpinHost
import Testing
import WATSupport

/// `spin inspect` on a component: each interface with its resources (and
/// their members), types and functions in WIT syntax, and the top-level
/// items. `wasm-tools component wit` prints this component as world `root`
/// of package `test:demo` with interfaces `errors`, `streams` and `run`.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ComponentInspectionTests {
    static let component = """
        (component
          (import "test:demo/errors@0.1.0" (instance $errors
            (export "error" (type (sub resource)))
            (export "[method]error.message" (func (param "self" (borrow 0)) (result string)))
          ))
          (alias export $errors "error" (type $error))
          (import "test:demo/streams@0.1.0" (instance $streams
            (alias outer 1 $error (type $error))
            (export "error" (type $err (eq $error)))
            (export "input-stream" (type $input (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $err)) (case "closed")))
            (export "stream-error" (type $se (eq $stream-error)))
            (type $mode (flags "read" "write"))
            (export "mode" (type $m (eq $mode)))
            (type $size u64)
            (export "size" (type $sz (eq $size)))
            (export "[constructor]input-stream" (func (param "mode" $m) (result (own $input))))
            (export "[method]input-stream.read" (func (param "self" (borrow $input)) (param "len" $sz) (result (result (list u8) (error $se)))))
            (export "[static]input-stream.open" (func (param "path" string) (result (option (own $input)))))
            (export "poll" (func (param "in" (list (borrow $input))) (result (list u32))))
            (type $range (record (field "start" u64) (field "end" u64)))
            (export "range" (type $range-export (eq $range)))
            (export "span" (type $span-export (eq $range)))
            (export "seek" (func (param "to" $range-export)))
          ))
          (type $point (record (field "x" u32) (field "flags" bool)))
          (import "point" (type $point-import (eq $point)))
          (import "greet" (func $greet (param "name" string) (param "at" $point-import) (result string)))
          (instance $run (export "greet" (func $greet)))
          (export "test:demo/run@0.1.0" (instance $run))
          (export "hello" (func $greet))
        )
        """

    @Test func listsInterfacesInWITSyntax() throws {
        let inspection = try ComponentInspection(bytes: try WAT.assemble(Self.component))
        #expect(inspection.summary == "component, 4 imports, 2 exports")
        #expect(inspection.interfaceLines == [
            "import test:demo/errors@0.1.0",
            "  resource error",
            "    message: func(self: borrow<error>) -> string",
            "import test:demo/streams@0.1.0",
            "  use test:demo/errors@0.1.0.{error}",
            "  resource input-stream",
            "    constructor: func(mode: mode) -> input-stream",
            "    read: func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>",
            "    open: static func(path: string) -> option<input-stream>",
            "  variant stream-error { last-operation-failed(error), closed }",
            "  flags mode { read, write }",
            "  type size = u64",
            "  record range { start: u64, end: u64 }",
            "  record span { start: u64, end: u64 }",
            "  poll: func(in: list<borrow<input-stream>>) -> list<u32>",
            // Two names for one structure: spelled out rather than guessed.
            "  seek: func(to: record { start: u64, end: u64 })",
            "import record point { x: u32, %flags: bool }",
            "import greet: func(name: string, at: point) -> string",
            "export test:demo/run@0.1.0",
            "  greet: func(name: string, at: point) -> string",
            "export hello: func(name: string, at: point) -> string",
        ])
    }

    @Test func tellsComponentsFromModules() throws {
        #expect(ComponentInspection.isComponent(try WAT.assemble(Self.component)))
        #expect(!ComponentInspection.isComponent(try WAT.assemble("(module)")))
    }

    @Test func anInvalidComponentIsAComponentError() throws {
        let bytes = try WAT.assemble("(component)") + [0x01]   // a section id with no size
        #expect(throws: ComponentError.self) { try ComponentInspection(bytes: bytes) }
    }
}
