@testable import ComponentModel
import Foundation
import WasmInterpreter

/// Runs one converted reference script (JSON from `wasm-tools json-from-wast`).
struct ReferenceScriptRunner {
    struct Totals {
        var passed = 0, skipped = 0, skippedByRule = 0
        mutating func add(_ other: Totals) {
            passed += other.passed
            skipped += other.skipped
            skippedByRule += other.skippedByRule
        }
    }

    let file: String
    let directory: URL
    let engine = Engine()
    var totals = Totals()
    var failures: [String: String] = [:]
    var current: ComponentInstance?
    var definitions: [String: ValidatedComponent] = [:]
    var instances: [String: ComponentInstance] = [:]
    var lastDefinition: ValidatedComponent?

    init(file: String, directory: URL) {
        self.file = file
        self.directory = directory
    }

    mutating func run(json: URL) throws {
        let script = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        for command in script["commands"] as! [[String: Any]] {
            let line = command["line"] as! Int
            do {
                if try run(command) { totals.passed += 1 } else { totals.skipped += 1 }
            } catch {
                failures["\(file):\(line)"] = "\(error)"
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func bytes(_ command: [String: Any]) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(command["filename"] as! String)))
    }

    func instantiate(_ component: ValidatedComponent) throws -> ComponentInstance {
        let linked = try ComponentLinker().link(component)
        return try linked.instantiate(in: Store(engine: engine))
    }

    /// Runs one command; false when it is skipped (text format).
    mutating func run(_ command: [String: Any]) throws -> Bool {
        let type = command["type"] as! String
        if command["module_type"] as? String == "text" { return false }
        switch type {
        case "module":
            let component = try ValidatedComponent(try bytes(command), engine: engine)
            let instance = try instantiate(component)
            current = instance
            if let name = command["name"] as? String { instances[name] = instance }
        case "module_definition":
            let component = try ValidatedComponent(try bytes(command), engine: engine)
            lastDefinition = component
            if let name = command["name"] as? String { definitions[name] = component }
        case "module_instance":
            let name = command["module"] as? String
            guard let definition = name.flatMap({ definitions[$0] }) ?? lastDefinition else {
                throw Failure("no component definition to instantiate")
            }
            let instance = try instantiate(definition)
            current = instance
            if let instanceName = command["instance"] as? String { instances[instanceName] = instance }
        case "assert_return":
            let result = try invoke(command["action"] as! [String: Any])
            let expected = command["expected"] as! [[String: Any]]
            let actual = result.value.map { [ReferenceValue.json($0, result.type!)] } ?? []
            let wanted = expected.map(ReferenceValue.normalize)
            guard actual == wanted else { throw Failure("returned \(actual), expected \(wanted)") }
        case "assert_trap":
            do {
                let result = try invoke(command["action"] as! [String: Any])
                throw Failure("returned \(String(describing: result.value)), expected trap \(command["text"] ?? "")")
            } catch let trap as Trap {
                let expected = command["text"] as? String ?? ""
                switch ReferenceTrapMessages.answers(expected: expected, message: trap.message) {
                case true?: break
                case false?: throw Failure("trapped with \"\(trap.message)\", expected \(expected)")
                case nil: throw Failure("no rule in ReferenceTrapMessages for the trap text \"\(expected)\" (ours: \(trap.message))")
                }
            }
        case "assert_invalid", "assert_malformed":
            do {
                _ = try ValidatedComponent(try bytes(command), engine: engine)
            } catch {
                return true
            }
            throw Failure("accepted, expected \(type): \(command["text"] ?? "")")
        case "assert_uninstantiable":
            do {
                _ = try instantiate(try ValidatedComponent(try bytes(command), engine: engine))
            } catch {
                return true
            }
            throw Failure("instantiated, expected failure: \(command["text"] ?? "")")
        case "action":
            _ = try invoke(command["action"] as! [String: Any])
        default:
            throw Failure("unknown command \(type)")
        }
        return true
    }

    func invoke(_ action: [String: Any]) throws -> (value: ComponentValue?, type: ComponentValueType?) {
        let instance: ComponentInstance?
        if let name = action["module"] as? String { instance = instances[name] } else { instance = current }
        guard let instance else { throw Failure("no instance") }
        let field = action["field"] as! String
        guard let function = instance.function(field) else { throw Failure("no exported function \(field)") }
        let arguments = try zip(action["args"] as! [[String: Any]], function.type.parameters).map { (argument, parameter) in
            try ReferenceValue.value(argument, parameter.type)
        }
        return (try function.call(arguments), function.type.result)
    }
}

/// Typed JSON values of the converted scripts, both ways.
enum ReferenceValue {
    /// A canonical text form for comparison.
    static func normalize(_ json: [String: Any]) -> String {
        let type = json["type"] as! String
        let value = json["value"]
        switch type {
        case "list", "tuple":
            return "\(type)[" + (value as! [[String: Any]]).map(normalize).joined(separator: ",") + "]"
        case "record":
            return "record{" + (value as! [[Any]]).map { "\($0[0]):\(normalize($0[1] as! [String: Any]))" }.joined(separator: ",") + "}"
        case "variant":
            let item = value as! [String: Any]
            return "variant(\(item["case"]!)" + ((item["payload"] as? [String: Any]).map { "," + normalize($0) } ?? "") + ")"
        case "option":
            return (value as? [String: Any]).map { "some(\(normalize($0)))" } ?? "none"
        case "result":
            let item = value as! [String: Any]
            if let ok = item["Ok"] { return "ok(" + ((ok as? [String: Any]).map(normalize) ?? "") + ")" }
            return "err(" + ((item["Err"] as? [String: Any]).map(normalize) ?? "") + ")"
        case "flags":
            return "flags{" + (value as! [String]).joined(separator: ",") + "}"
        case "bool":
            return "bool:\(value as! Bool)"
        default:
            return "\(type):\(value!)"
        }
    }

    static func json(_ value: ComponentValue, _ type: ComponentValueType) -> String {
        switch (value, type) {
        case (.bool(let v), _): return "bool:\(v)"
        case (.u8(let v), _): return "u8:\(v)"
        case (.s8(let v), _): return "s8:\(v)"
        case (.u16(let v), _): return "u16:\(v)"
        case (.s16(let v), _): return "s16:\(v)"
        case (.u32(let v), _): return "u32:\(v)"
        case (.s32(let v), _): return "s32:\(v)"
        case (.u64(let v), _): return "u64:\(v)"
        case (.s64(let v), _): return "s64:\(v)"
        case (.f32(let v), _): return "f32:\(v.bitPattern)"
        case (.f64(let v), _): return "f64:\(v.bitPattern)"
        case (.char(let v), _): return "char:\(Character(v))"
        case (.string(let v), _): return "string:\(v)"
        case (.bytes(let bytes), _): return "list[" + bytes.map { "u8:\($0)" }.joined(separator: ",") + "]"
        case (.list(let values), .list(let element)), (.list(let values), .fixedLengthList(let element, _)):
            return "list[" + values.map { json($0, element) }.joined(separator: ",") + "]"
        case (.map(let entries), .map(let key, let value)):
            return "map[" + entries.map { "\(json($0.key, key))=>\(json($0.value, value))" }.joined(separator: ",") + "]"
        case (.tuple(let values), .tuple(let types)): return "tuple[" + zip(values, types).map { json($0, $1) }.joined(separator: ",") + "]"
        case (.record(let values), .record(let fields)):
            return "record{" + zip(values, fields).map { "\($1.name):\(json($0, $1.type))" }.joined(separator: ",") + "}"
        case (.variant(let index, let payload), .variant(let cases)):
            let item = cases[Int(index)]
            return "variant(\(item.name)" + (payload.map { "," + json($0, item.type!) } ?? "") + ")"
        case (.enum(let index), .enum(let names)): return "enum:\(names[Int(index)])"
        case (.option(let payload), .option(let element)): return payload.map { "some(\(json($0, element)))" } ?? "none"
        case (.ok(let payload), .result(let ok, _)): return "ok(" + (payload.map { json($0, ok!) } ?? "") + ")"
        case (.error(let payload), .result(_, let error)): return "err(" + (payload.map { json($0, error!) } ?? "") + ")"
        case (.flags(let set), .flags(let names)): return "flags{" + set.map { names[Int($0)] }.joined(separator: ",") + "}"
        default: return "\(value)"
        }
    }

    static func value(_ json: [String: Any], _ type: ComponentValueType) throws -> ComponentValue {
        let raw = json["value"]
        let text = raw as? String ?? ""
        func int<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard let v = T(text) else { throw ReferenceScriptRunner.Failure("bad integer \(text)") }
            return v
        }
        switch type {
        case .bool: return .bool(raw as! Bool)
        case .u8: return .u8(try int(UInt8.self))
        case .s8: return .s8(try int(Int8.self))
        case .u16: return .u16(try int(UInt16.self))
        case .s16: return .s16(try int(Int16.self))
        case .u32: return .u32(try int(UInt32.self))
        case .s32: return .s32(try int(Int32.self))
        case .u64: return .u64(try int(UInt64.self))
        case .s64: return .s64(try int(Int64.self))
        case .f32: return .f32(Float(bitPattern: try int(UInt32.self)))
        case .f64: return .f64(Double(bitPattern: try int(UInt64.self)))
        case .char: return .char(text.unicodeScalars.first!)
        case .string: return .string(text)
        case .list(let element), .fixedLengthList(let element, _):
            return .list(try (raw as! [[String: Any]]).map { try value($0, element) })
        case .map:
            throw ReferenceScriptRunner.Failure("maps cannot be written as arguments (WAST has no map.const)")
        case .tuple(let types):
            return .tuple(try zip(raw as! [[String: Any]], types).map { try value($0, $1) })
        case .record(let fields):
            return .record(try zip(raw as! [[Any]], fields).map { try value($0[1] as! [String: Any], $1.type) })
        case .variant(let cases):
            let item = raw as! [String: Any]
            let index = cases.firstIndex { $0.name == item["case"] as? String }!
            return .variant(case: UInt32(index), payload: try (item["payload"] as? [String: Any]).map { try value($0, cases[index].type!) })
        case .enum(let names): return .enum(UInt32(names.firstIndex(of: text)!))
        case .option(let element): return .option(try (raw as? [String: Any]).map { try value($0, element) })
        case .result(let ok, let error):
            let item = raw as! [String: Any]
            if item.keys.contains("Ok") { return .ok(try (item["Ok"] as? [String: Any]).map { try value($0, ok!) }) }
            return .error(try (item["Err"] as? [String: Any]).map { try value($0, error!) })
        case .flags(let names):
            return .flags((raw as! [String]).compactMap { names.firstIndex(of: $0).map(UInt32.init) }.sorted())
        case .own, .borrow, .stream, .future, .errorContext:
            throw ReferenceScriptRunner.Failure("handles cannot be written as arguments")
        }
    }
}
