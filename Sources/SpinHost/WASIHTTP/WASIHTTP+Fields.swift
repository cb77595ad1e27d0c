import ComponentModel
import WasmInterpreter

/// `wasi:http/types.fields`: every method, with `header-error` for bad
/// names and values, forbidden headers and immutable fields.
extension WASIHTTP {
    static func defineFields(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        let interface = WASIHTTPInterface.types
        let fields = types.fields
        let unitResult = ComponentValueType.result(ok: nil, error: WASIHTTPTypes.headerError)
        func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ result: ComponentValueType?)
            -> (String, ComponentFunctionType) {
            ("[method]fields.\(name)", WASIComponentTypes.method(fields, parameters, result))
        }

        linker.define(interface, "[constructor]fields", WASIComponentTypes.function([], .own(fields))) { call, _ throws(Trap) in
            call.own(HTTPFields())
        }
        linker.define(interface, "[static]fields.from-list",
                      WASIComponentTypes.function([("entries", WASIHTTPTypes.fieldEntries)],
                                                  .result(ok: .own(fields), error: WASIHTTPTypes.headerError))) {
            call, arguments throws(Trap) in
            let entries = try fieldEntries(arguments, 0)
            do throws(HTTPFields.HeaderError) {
                return .ok(call.own(try HTTPFields.fromList(entries)))
            } catch {
                return .error(.variant(case: error.rawValue, payload: nil))
            }
        }
        var (name, type) = method("get", [("name", .string)], .list(.list(.u8)))
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .list(target.get(try arguments.string(1)).map { .bytes($0) })
        }
        (name, type) = method("has", [("name", .string)], .bool)
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .bool(target.has(try arguments.string(1)))
        }
        (name, type) = method("set", [("name", .string), ("value", .list(.list(.u8)))], unitResult)
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let key = try arguments.string(1)
            guard case .list(let elements) = try arguments.value(2) else { throw Trap(.host("\(arguments.function): value")) }
            var values: [[UInt8]] = []
            for element in elements {
                guard let bytes = element.bytesValue else { throw Trap(.host("\(arguments.function): value")) }
                values.append(bytes)
            }
            return headerResult { () throws(HTTPFields.HeaderError) in try target.set(key, values) }
        }
        (name, type) = method("delete", [("name", .string)], unitResult)
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let key = try arguments.string(1)
            return headerResult { () throws(HTTPFields.HeaderError) in try target.delete(key) }
        }
        (name, type) = method("append", [("name", .string), ("value", .list(.u8))], unitResult)
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let key = try arguments.string(1)
            let value = try arguments.bytes(2)
            return headerResult { () throws(HTTPFields.HeaderError) in try target.append(key, value) }
        }
        (name, type) = method("entries", [], WASIHTTPTypes.fieldEntries)
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .list(target.entries.map { .tuple([.string($0.name), .bytes($0.value)]) })
        }
        // A mutable copy, also of immutable fields (wasmtime's `clone`).
        (name, type) = method("clone", [], .own(fields))
        linker.define(interface, name, type) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return call.own(HTTPFields(copying: target, isImmutable: false))
        }
    }

    /// A change's `result<_, header-error>`.
    static func headerResult(_ body: () throws(HTTPFields.HeaderError) -> Void) -> ComponentValue {
        do throws(HTTPFields.HeaderError) {
            try body()
            return .ok(nil)
        } catch {
            return .error(.variant(case: error.rawValue, payload: nil))
        }
    }

    /// A `list<tuple<field-key, field-value>>` argument.
    static func fieldEntries(_ arguments: HostArguments, _ index: Int) throws(Trap) -> [(String, [UInt8])] {
        guard case .list(let elements) = try arguments.value(index) else { throw Trap(.host("\(arguments.function): entries")) }
        var entries: [(String, [UInt8])] = []
        entries.reserveCapacity(elements.count)
        for element in elements {
            guard case .tuple(let pair) = element, pair.count == 2, case .string(let name) = pair[0],
                  let value = pair[1].bytesValue else {
                throw Trap(.host("\(arguments.function): entries"))
            }
            entries.append((name, value))
        }
        return entries
    }
}
