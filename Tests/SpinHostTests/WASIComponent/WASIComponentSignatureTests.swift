@testable import ComponentModel
@testable import SpinHost
import Testing

/// Every definition of `WASIComponent.define` and `WASIHTTP.define` has exactly the type its WIT
/// gives it: `WITSignatures.swift` (generated from spin-sdk's WIT files by
/// scripts/wasi-p2-signatures.py) lists each function with its types
/// spelled out, and the definitions are rendered the same way here.
/// Resources are named by the interface that defines them, so a function
/// of `wasi:cli/stdin` returning some other `input-stream` than
/// `wasi:io/streams`' fails too.
struct WASIComponentSignatureTests {
    @Test func definitionsMatchTheWIT() {
        var linker = ComponentLinker()
        WASIComponent.define(in: &linker)
        WASIHTTP.define(in: &linker)
        let rendered = render(linker)
        let expected = Set(witSignatures)
        let actual = Set(rendered)
        #expect(rendered.count == actual.count, "a definition is rendered twice")
        for missing in expected.subtracting(actual).sorted() {
            Issue.record("not defined as the WIT says: \(missing)")
        }
        for extra in actual.subtracting(expected).sorted() {
            Issue.record("defined but not in the WIT: \(extra)")
        }
    }

    /// One line per resource and function, as the script prints them.
    private func render(_ linker: ComponentLinker) -> [String] {
        var owners: [ResourceType: String] = [:]
        for interface in linker.interfaces.values {
            for (name, definition) in interface.resources { owners[definition.type] = "\(interface.name)#\(name)" }
        }
        var lines: [String] = []
        for interface in linker.interfaces.values {
            for name in interface.resources.keys { lines.append("\(interface.name) resource \(name)") }
            for (name, function) in interface.functions {
                let parameters = function.type.parameters.map { "\($0.name): \(render($0.type, owners))" }
                let result = function.type.result.map { " -> \(render($0, owners))" } ?? ""
                lines.append("\(interface.name) \(name): func(\(parameters.joined(separator: ", ")))\(result)")
            }
        }
        return lines
    }

    private func render(_ type: ComponentValueType?, _ owners: [ResourceType: String]) -> String {
        guard let type else { return "_" }
        func list(_ types: [ComponentValueType]) -> String { types.map { render($0, owners) }.joined(separator: ", ") }
        switch type {
        case .bool: return "bool"
        case .s8: return "s8"
        case .u8: return "u8"
        case .s16: return "s16"
        case .u16: return "u16"
        case .s32: return "s32"
        case .u32: return "u32"
        case .s64: return "s64"
        case .u64: return "u64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .list(let element): return "list<\(render(element, owners))>"
        case .fixedLengthList(let element, let length): return "list<\(render(element, owners)), \(length)>"
        case .map(let key, let value): return "map<\(render(key, owners)), \(render(value, owners))>"
        case .option(let element): return "option<\(render(element, owners))>"
        case .result(let ok, let error): return "result<\(render(ok, owners)), \(render(error, owners))>"
        case .tuple(let elements): return "tuple<\(list(elements))>"
        case .record(let fields):
            return "record{" + fields.map { "\($0.name): \(render($0.type, owners))" }.joined(separator: ", ") + "}"
        case .variant(let cases):
            return "variant{" + cases.map { $0.name + ($0.type.map { "(\(render($0, owners)))" } ?? "") }
                .joined(separator: ", ") + "}"
        case .enum(let names): return "enum{" + names.joined(separator: ", ") + "}"
        case .flags(let names): return "flags{" + names.joined(separator: ", ") + "}"
        case .own(let resource): return "own<\(owners[resource] ?? "?\(resource.name)")>"
        case .borrow(let resource): return "borrow<\(owners[resource] ?? "?\(resource.name)")>"
        case .stream(let element): return "stream<\(render(element, owners))>"
        case .future(let element): return "future<\(render(element, owners))>"
        case .errorContext: return "error-context"
        }
    }
}
