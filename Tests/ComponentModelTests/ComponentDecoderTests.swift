@testable import ComponentModel
import Testing
import WATSupport

/// The component binary decoder against components assembled by wasm-tools
/// (the reference encoder), and against hand-broken binaries.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ComponentDecoderTests {
    static let everySection = """
        (component
          (import "wasi:io/streams@0.2.0" (instance $streams
            (export "output-stream" (type (sub resource)))))
          (type $point (record (field "x" u32) (field "y" s64)))
          (type $shape (variant (case "none") (case "dot" $point)))
          (type $names (list string))
          (type $pair (tuple u8 f64))
          (type $mode (flags "read" "write"))
          (type $color (enum "red" "green"))
          (type $maybe (option char))
          (type $outcome (result u32 (error string)))
          (type $log (func (param "message" string) (param "count" u32) (result bool)))
          (import "log" (func $log (type $log)))
          (core module $m
            (import "host" "log" (func $log (param i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
            (func (export "run") (param i32) (result i32) local.get 0))
          (core func $log_lowered (canon lower (func $log) (memory $memory) (realloc $realloc) string-encoding=utf8))
          (core instance $host (export "log" (func $log_lowered)))
          (core instance $i (instantiate $m (with "host" (instance $host))))
          (alias core export $i "memory" (core memory $memory))
          (alias core export $i "realloc" (core func $realloc))
          (alias core export $i "run" (core func $run))
          (func $run (param "x" u32) (result u32) (canon lift (core func $run)))
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core func $rep (canon resource.rep $r))
          (core func $drop (canon resource.drop $r))
          (component $inner
            (import "f" (func (param "a" u32)))
            (export "g" (func 0)))
          (instance $both (export "run" (func $run)))
          (export "run" (func $run))
          (export "wasi:cli/run@0.2.0" (instance $both)))
        """

    @Test func decodesEverySection() throws {
        let bytes = try WAT.assemble(Self.everySection)
        let component = try decodeComponent(bytes)
        var kinds: [String] = []
        var values: [DefinedValueType] = []
        var canons: [Canon] = []
        var imports: [ComponentImport] = []
        var exports: [ComponentExport] = []
        var coreModules: [Range<Int>] = []
        var nested: Component?
        for definition in component.definitions {
            switch definition {
            case .coreModule(_, let range): kinds.append("core module"); coreModules.append(range)
            case .coreInstances: kinds.append("core instances")
            case .coreTypes: kinds.append("core types")
            case .component(let inner): kinds.append("component"); nested = inner
            case .instances: kinds.append("instances")
            case .aliases: kinds.append("aliases")
            case .types(let types):
                kinds.append("types")
                for case .value(let value) in types { values.append(value) }
            case .canons(let list): kinds.append("canons"); canons += list
            case .imports(let list): kinds.append("imports"); imports += list
            case .exports(let list): kinds.append("exports"); exports += list
            }
        }
        for kind in ["core module", "core instances", "component", "instances", "aliases", "types", "canons",
                     "imports", "exports"] {
            #expect(kinds.contains(kind), "no \(kind) in \(kinds)")
        }
        #expect(values.contains(.record([("x", .primitive(.u32)), ("y", .primitive(.s64))])))
        #expect(values.contains(.list(.primitive(.string))))
        #expect(values.contains(.tuple([.primitive(.u8), .primitive(.f64)])))
        #expect(values.contains(.flags(["read", "write"])))
        #expect(values.contains(.enum(["red", "green"])))
        #expect(values.contains(.option(.primitive(.char))))
        #expect(values.contains(.result(ok: .primitive(.u32), error: .primitive(.string))))
        #expect(values.contains { if case .variant(let cases) = $0 { cases.map(\.label) == ["none", "dot"] } else { false } })
        #expect(imports.map(\.name.name) == ["wasi:io/streams@0.2.0", "log"])
        #expect(exports.map(\.name.name) == ["run", "wasi:cli/run@0.2.0"])
        #expect(canons.contains { if case .lower(_, let options) = $0 { options.contains(.utf8) && options.count == 3 } else { false } })
        #expect(canons.contains { if case .lift = $0 { true } else { false } })
        #expect(canons.contains { if case .resourceNew = $0 { true } else { false } })
        #expect(canons.contains { if case .resourceRep = $0 { true } else { false } })
        #expect(canons.contains { if case .resourceDrop = $0 { true } else { false } })
        // The core module's range holds a core module binary.
        let module = try #require(coreModules.first)
        #expect(Array(bytes[module.lowerBound..<module.lowerBound + 8]) == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        #expect(module.upperBound <= bytes.count)
        let inner = try #require(nested)
        #expect(inner.definitions.count >= 2)
    }

    @Test func componentAndInstanceTypes() throws {
        let bytes = try WAT.assemble("""
            (component
              (type (component
                (import "x" (func))
                (type $t (record (field "a" bool)))
                (export "y" (type (eq $t)))))
              (type (instance
                (export "r" (type (sub resource)))
                (type $own (own 0))
                (export "make" (func (result $own)))))
              (core type (module
                (import "a" "b" (func (param i32)))
                (export "m" (memory 1 2)))))
            """)
        // wasm-tools gives inline function types a declaration of their own
        // (as `wasm-tools print` shows), so the shapes are:
        let component = try decodeComponent(bytes)
        var shapes: [String] = []
        for definition in component.definitions {
            if case .types(let types) = definition {
                for type in types {
                    if case .component(let declarations) = type { shapes.append("component " + declarations.map(Self.shape).joined(separator: ",")) }
                    if case .instance(let declarations) = type { shapes.append("instance " + declarations.map(Self.shape).joined(separator: ",")) }
                }
            }
            if case .coreTypes(let types) = definition {
                for case .module(let declarations) in types { shapes.append("module " + declarations.map(Self.shape).joined(separator: ",")) }
            }
        }
        #expect(shapes == [
            "component type:func,import:x:func,type:record,export:y:type(eq 1)",
            "instance export:r:type(sub resource),type:own 0,type:func,export:make:func",
            "module type:func,import:a.b:func,export:m:memory 1-2",
        ])
    }

    static func shape(_ declaration: ComponentTypeDeclaration) -> String {
        switch declaration {
        case .import(let item): "import:\(item.name.name):\(shape(item.type))"
        case .instance(let inner): shape(inner)
        }
    }

    static func shape(_ declaration: InstanceTypeDeclaration) -> String {
        switch declaration {
        case .coreType: "core type"
        case .type(let type): "type:" + shape(type)
        case .alias: "alias"
        case .export(let name, let type): "export:\(name.name):\(shape(type))"
        }
    }

    static func shape(_ declaration: CoreModuleDeclaration) -> String {
        switch declaration {
        case .import(let module, let name, let type): "import:\(module).\(name):\(shape(type))"
        case .type: "type:func"
        case .outerTypeAlias: "alias"
        case .export(let name, let type): "export:\(name):\(shape(type))"
        }
    }

    static func shape(_ type: ComponentTypeDefinition) -> String {
        switch type {
        case .value(.record): "record"
        case .value(.own(let index)): "own \(index)"
        case .value: "value"
        case .function: "func"
        case .component: "component"
        case .instance: "instance"
        case .resource: "resource"
        }
    }

    static func shape(_ type: ExternType) -> String {
        switch type {
        case .function: "func"
        case .type(.equal(let index)): "type(eq \(index))"
        case .type(.subResource): "type(sub resource)"
        case .coreModule: "core module"
        case .component: "component"
        case .instance: "instance"
        }
    }

    static func shape(_ type: CoreExternType) -> String {
        switch type {
        case .function: "func"
        case .memory(let minimum, let maximum): "memory \(minimum)-\(maximum.map(String.init) ?? "")"
        case .table: "table"
        case .global: "global"
        case .tag(let type): "tag \(type)"
        }
    }

    @Test func asyncConstructsDecode() throws {
        let bytes = try WAT.assemble("""
            (component
              (type $s (stream u8)) (type (future)) (type (func async (param "s" $s) (result error-context)))
              (core func (canon waitable-set.new))
              (core func (canon subtask.cancel async))
              (core func (canon stream.cancel-read $s async))
              (core func (canon thread.yield))
              (core func (canon context.set i32 1)))
            """)
        let definitions = try decodeComponent(bytes).definitions
        guard case .types(let types) = definitions.first, case .canons(let canons) = definitions.last else {
            Issue.record("expected types first and canons last")
            return
        }
        #expect(types.count == 3)
        if case .value(.stream(.primitive(.u8))) = types[0] {} else { Issue.record("stream<u8>: \(types[0])") }
        if case .value(.future(nil)) = types[1] {} else { Issue.record("future: \(types[1])") }
        if case .function(let function) = types[2] {
            #expect(function.isAsync)
            #expect(function.result == .primitive(.errorContext))
        } else {
            Issue.record("func async: \(types[2])")
        }
        #expect(canons == [.plain(.waitableSetNew), .subtaskCancel(async: true),
                           .asyncValue(.stream, .cancelRead(async: true), type: 0),
                           .threadSwitch(.yield, cancellable: false), .contextSet(.i32, slot: 1)])
    }

    @Test func threadSpawnIsUnsupported() throws {
        // `thread.spawn-ref shared? ft` (0x40), which wasm-tools' text format cannot write yet.
        let bytes = Self.empty + [0x08, 0x04, 0x01, 0x40, 0x00, 0x00]
        #expect(throws: ComponentError(.unsupported, "unsupported feature: component-model-threading", offset: 11)) {
            _ = try decodeComponent(bytes)
        }
    }

    /// Where decoding fails, to compare whole errors.
    func offsetOfError(_ bytes: [UInt8]) throws -> Int {
        do {
            _ = try decodeComponent(bytes)
        } catch {
            return error.offset
        }
        Issue.record("decoded without an error")
        return -1
    }

    static let empty: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0d, 0x00, 0x01, 0x00]

    @Test(arguments: [
        ("bad magic", [0x00, 0x61, 0x73, 0x6E, 0x0d, 0x00, 0x01, 0x00], "magic header not detected"),
        ("core module", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], "expected a component, found a core module"),
        ("unknown version", [0x00, 0x61, 0x73, 0x6D, 0x0c, 0x00, 0x01, 0x00], "unknown binary version"),
        ("truncated preamble", [0x00, 0x61, 0x73, 0x6D, 0x0d], "unexpected end"),
        ("unknown section", empty + [0x0d, 0x00], "malformed section id"),
        ("section past the end", empty + [0x07, 0x05, 0x01], "length out of bounds"),
        ("section longer than its contents", empty + [0x07, 0x03, 0x01, 0x73, 0x00], "section size mismatch"),
        ("bad type opcode", empty + [0x07, 0x02, 0x01, 0x50], "invalid type opcode 0x50"),
        ("bad optional marker", empty + [0x07, 0x04, 0x01, 0x6a, 0x02, 0x00], "invalid optional marker"),
        ("bad sort", empty + [0x0b, 0x05, 0x01, 0x00, 0x01, 0x61, 0x09], "invalid sort 0x9"),
    ] as [(String, [UInt8], String)])
    func malformedBinariesNameTheirFault(name: String, bytes: [UInt8], message: String) {
        do {
            _ = try decodeComponent(bytes)
            Issue.record("\(name): decoded")
        } catch {
            #expect(error.kind == .malformed, "\(name): \(error)")
            #expect(error.message.contains(message), "\(name): \(error)")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        // 200 nested component sections, each holding the next.
        var bytes = Self.empty
        for _ in 0..<200 {
            bytes = Self.empty + [0x04] + LEB128.unsigned(bytes.count) + bytes
        }
        #expect(throws: ComponentError.self) { _ = try decodeComponent(bytes) }
    }
}
