public import ComponentModel
import WasmInterpreter

/// `wasi:http/types@0.3.0` (WASIp3) as host definitions: fields, requests,
/// responses and request options, with bodies as `stream<u8>` and trailers
/// as futures (the async ABI of `ComponentModel`). The request a guest's
/// `wasi:http/handler@0.3.0#handle` gets is the store's `HTTP3Exchange`.
/// The release candidate `0.3.0-rc-2026-03-15` has the same functions; one
/// implementation serves both names, each with its own resource types.
public enum WASIHTTP3 {
    public static func define(in linker: inout ComponentLinker) {
        for version in WASIHTTP3Interface.versions {
            let types = WASIHTTP3Types(version: version, defining: &linker)
            defineFields(in: &linker, types)
            defineRequests(in: &linker, types)
            defineRequestOptions(in: &linker, types)
            defineResponses(in: &linker, types)
        }
    }

    static func function(_ parameters: [(String, ComponentValueType)], _ result: ComponentValueType? = nil) -> ComponentFunctionType {
        WASIComponentTypes.function(parameters, result)
    }

    static func headerError(_ error: HTTPFields.HeaderError) -> ComponentValue {
        .variant(case: error.rawValue, payload: nil)
    }

    /// A change's `result<_, header-error>`.
    static func headerChange(_ body: () throws(HTTPFields.HeaderError) -> Void) -> ComponentValue {
        do throws(HTTPFields.HeaderError) {
            try body()
            return .ok(nil)
        } catch {
            return .error(headerError(error))
        }
    }

    /// A `list<field-value>` argument.
    static func valueList(_ arguments: HostArguments, _ index: Int) throws(Trap) -> [[UInt8]] {
        guard case .list(let elements) = try arguments.value(index) else { throw Trap(.host("\(arguments.function): value")) }
        var result: [[UInt8]] = []
        for element in elements {
            guard let bytes = element.bytesValue else { throw Trap(.host("\(arguments.function): value")) }
            result.append(bytes)
        }
        return result
    }

    static func defineFields(in linker: inout ComponentLinker, _ types: WASIHTTP3Types) {
        let interface = types.interface
        let fields = types.fields
        let unitResult = ComponentValueType.result(ok: nil, error: WASIHTTP3Types.headerError)
        let values = ComponentValueType.list(.list(.u8))
        func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ result: ComponentValueType?) -> ComponentFunctionType {
            WASIComponentTypes.method(fields, parameters, result)
        }
        linker.define(interface, "[constructor]fields", function([], .own(fields))) { call, _ throws(Trap) in
            call.own(HTTPFields())
        }
        linker.define(interface, "[static]fields.from-list",
                      function([("entries", WASIHTTPTypes.fieldEntries)], .result(ok: .own(fields), error: WASIHTTP3Types.headerError))) {
            call, arguments throws(Trap) in
            let entries = try WASIHTTP.fieldEntries(arguments, 0)
            do throws(HTTPFields.HeaderError) {
                return .ok(call.own(try HTTPFields.fromList(entries)))
            } catch {
                return .error(headerError(error))
            }
        }
        linker.define(interface, "[method]fields.get", method("get", [("name", .string)], values)) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .list(target.get(try arguments.string(1)).map { .bytes($0) })
        }
        linker.define(interface, "[method]fields.has", method("has", [("name", .string)], .bool)) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .bool(target.has(try arguments.string(1)))
        }
        linker.define(interface, "[method]fields.set", method("set", [("name", .string), ("value", values)], unitResult)) {
            call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let name = try arguments.string(1)
            let list = try valueList(arguments, 2)
            return headerChange { () throws(HTTPFields.HeaderError) in try target.set(name, list) }
        }
        linker.define(interface, "[method]fields.delete", method("delete", [("name", .string)], unitResult)) {
            call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let name = try arguments.string(1)
            return headerChange { () throws(HTTPFields.HeaderError) in try target.delete(name) }
        }
        linker.define(interface, "[method]fields.get-and-delete",
                      method("get-and-delete", [("name", .string)], .result(ok: values, error: WASIHTTP3Types.headerError))) {
            call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let name = try arguments.string(1)
            let found = target.get(name)
            do throws(HTTPFields.HeaderError) {
                try target.delete(name)
                return .ok(.list(found.map { .bytes($0) }))
            } catch {
                return .error(headerError(error))
            }
        }
        linker.define(interface, "[method]fields.append", method("append", [("name", .string), ("value", .list(.u8))], unitResult)) {
            call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            let name = try arguments.string(1)
            let value = try arguments.bytes(2)
            return headerChange { () throws(HTTPFields.HeaderError) in try target.append(name, value) }
        }
        linker.define(interface, "[method]fields.copy-all", method("copy-all", [], WASIHTTPTypes.fieldEntries)) {
            call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return .list(target.entries.map { .tuple([.string($0.name), .bytes($0.value)]) })
        }
        linker.define(interface, "[method]fields.clone", method("clone", [], .own(fields))) { call, arguments throws(Trap) in
            let target: HTTPFields = try arguments.resource(call, 0, "fields")
            return call.own(HTTPFields(copying: target, isImmutable: false))
        }
    }
}
