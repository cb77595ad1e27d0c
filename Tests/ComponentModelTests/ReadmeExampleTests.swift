import ComponentModel
import Foundation
import Testing
import WATSupport
import WasmInterpreter

/// README.md's "Embedding: components and host functions" example, run
/// against a guest, and checked to be the very code the README shows. It
/// uses the public API only (no `@testable`).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ReadmeExampleTests {
    /// Logs the name, makes a greeter ("Hello"), greets the name with it,
    /// drops it and returns the greeting.
    static let guest = """
        (component
          (import "example:greet/host@0.1.0" (instance $host
            (export "greeter" (type $greeter (sub resource)))
            (export "log" (func (param "msg" string)))
            (export "[constructor]greeter" (func (param "greeting" string) (result (own $greeter))))
            (export "[method]greeter.greet" (func (param "self" (borrow $greeter)) (param "name" string) (result string)))))
          (alias export $host "greeter" (type $greeter))
          (alias export $host "log" (func $log))
          (alias export $host "[constructor]greeter" (func $new))
          (alias export $host "[method]greeter.greet" (func $greet))
          (core module $libc
            (memory (export "memory") 1)
            (data (i32.const 16) "Hello")
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
              global.get $next local.get 2 i32.const 1 i32.sub i32.add i32.const 0 local.get 2 i32.sub i32.and
              local.tee $p local.get 3 i32.add global.set $next local.get $p))
          (core instance $libc (instantiate $libc))
          (alias core export $libc "memory" (core memory $mem))
          (alias core export $libc "realloc" (core func $realloc))
          (core func $log (canon lower (func $log) (memory $mem)))
          (core func $new (canon lower (func $new) (memory $mem)))
          (core func $greet (canon lower (func $greet) (memory $mem) (realloc $realloc)))
          (core func $drop (canon resource.drop $greeter))
          (core module $main
            (import "host" "log" (func $log (param i32 i32)))
            (import "host" "new" (func $new (param i32 i32) (result i32)))
            (import "host" "greet" (func $greet (param i32 i32 i32 i32)))
            (import "host" "drop" (func $drop (param i32)))
            (func (export "run") (param $name i32) (param $length i32) (result i32) (local $greeter i32)
              local.get $name local.get $length call $log
              i32.const 16 i32.const 5 call $new local.set $greeter
              local.get $greeter local.get $name local.get $length i32.const 32 call $greet
              local.get $greeter call $drop
              i32.const 32))
          (core instance $main (instantiate $main (with "host" (instance
            (export "log" (func $log)) (export "new" (func $new)) (export "greet" (func $greet)) (export "drop" (func $drop))))))
          (func $run (param "name" string) (result string)
            (canon lift (core func $main "run") (memory $mem) (realloc $realloc)))
          (instance $app (export "run" (func $run)))
          (export "example:greet/app@0.1.0" (instance $app)))
        """

    @Test func readmeExampleRuns() throws {
        let bytes = try WAT.assemble(Self.guest)
        // --- README example begins ---
        let engine = Engine()
        let component = try ValidatedComponent(bytes, engine: engine)  // decode, validate, translate: once

        final class Greeter {                                  // the Swift object behind a `greeter` handle
            let greeting: String
            init(greeting: String) { self.greeting = greeting }
        }
        let host = "example:greet/host@0.1.0"
        var linker = ComponentLinker()
        let greeter = linker.defineResource(host, "greeter")   // the guest's drop of its handle frees the object
        nonisolated(unsafe) var messages: [String] = []
        linker.define(host, "log", type: ComponentFunctionType(parameters: [.init("msg", .string)], result: nil)) {
            _, arguments throws(Trap) in
            messages.append(arguments[0].stringValue ?? "")
            return nil
        }
        linker.define(host, "[constructor]greeter",
                      type: ComponentFunctionType(parameters: [.init("greeting", .string)], result: .own(greeter))) {
            call, arguments throws(Trap) in
            call.own(Greeter(greeting: arguments[0].stringValue ?? ""))
        }
        linker.define(host, "[method]greeter.greet",
                      type: ComponentFunctionType(parameters: [.init("self", .borrow(greeter)), .init("name", .string)],
                                                  result: .string)) {
            call, arguments throws(Trap) in
            let object = try call.object(arguments[0], as: Greeter.self)
            return .string("\(object.greeting), \(arguments[1].stringValue ?? "")!")
        }
        let linked = try linker.link(component)                // imports resolved and type-checked: once

        let store = Store(engine: engine)                      // one per request
        let instance = try linked.instantiate(in: store)
        let greeting = try instance.function("example:greet/app@0.1.0", "run")!.call([.string("world")])
        // greeting == .string("Hello, world!"), messages == ["world"]
        // --- README example ends ---
        #expect(greeting == .string("Hello, world!"))
        #expect(messages == ["world"])
        #expect(HostResources.of(store).count == 0)  // the guest dropped its greeter: the object is gone
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The README's code block, exactly as written.
    static func readmeBlock() throws -> String {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## Embedding: components and host functions"),
              let start = readme.range(of: "```swift\n", range: section.upperBound..<readme.endIndex),
              let end = readme.range(of: "\n```", range: start.upperBound..<readme.endIndex) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return String(readme[start.upperBound..<end.lowerBound])
    }

    /// The code between the markers above, its test indentation removed.
    static func testedCode() throws -> String {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.hasSuffix("// --- README example begins ---") }),
              let end = lines.firstIndex(where: { $0.hasSuffix("// --- README example ends ---") }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return lines[(begin + 1)..<end].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
    }

    @Test func readmeShowsTheCodeThatRuns() throws {
        let block = try Self.readmeBlock()
        #expect(!block.isEmpty)
        #expect(block == (try Self.testedCode()))
    }
}
