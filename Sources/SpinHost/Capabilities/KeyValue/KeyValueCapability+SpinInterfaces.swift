import ComponentModel
import WasmInterpreter

/// `fermyon:spin/key-value@2.0.0`: a `store` resource opened by label,
/// with get, set, delete, exists and get-keys. (Its Spin 3 form,
/// `spin:key-value/key-value@3.0.0`, is the same interface with `async`
/// functions; it waits for the async component model.)
extension KeyValueCapability {
    static let spinInterfaces = ["fermyon:spin/key-value@2.0.0"]

    static func defineSpinInterfaces(in linker: inout ComponentLinker) {
        for interface in spinInterfaces {
            let store = linker.defineResource(interface, "store")
            let error = KeyValueError.spinType
            func result(_ ok: ComponentValueType?) -> ComponentValueType { .result(ok: ok, error: error) }
            func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ ok: ComponentValueType?,
                        _ body: @escaping @Sendable (OpenKeyValueStore, HostArguments) throws(KeyValueBackendError) -> ComponentValue?) {
                linker.define(interface, "[method]store.\(name)", WASIComponentTypes.method(store, parameters, result(ok))) {
                    call, arguments throws(Trap) in
                    let target: OpenKeyValueStore = try arguments.resource(call, 0, "store")
                    do throws(KeyValueBackendError) {
                        return .ok(try body(target, arguments))
                    } catch {
                        return .error(KeyValueError(error).spinValue)
                    }
                }
            }

            linker.define(interface, "[static]store.open",
                          WASIComponentTypes.function([("label", .string)], result(.own(store)))) { call, arguments throws(Trap) in
                switch try open(call, try arguments.string(0)) {
                case .success(let opened): .ok(call.own(opened))
                case .failure(let failure): .error(failure.spinValue)
                }
            }
            method("get", [("key", .string)], .option(.list(.u8))) { target, arguments throws(KeyValueBackendError) in
                .option(try target.backend.get(try key(arguments, 1)).map { .bytes($0) })
            }
            method("set", [("key", .string), ("value", .list(.u8))], nil) { target, arguments throws(KeyValueBackendError) in
                try target.backend.set(try key(arguments, 1), try bytes(arguments, 2))
                return nil
            }
            method("delete", [("key", .string)], nil) { target, arguments throws(KeyValueBackendError) in
                try target.backend.delete(try key(arguments, 1))
                return nil
            }
            method("exists", [("key", .string)], .bool) { target, arguments throws(KeyValueBackendError) in
                .bool(try target.backend.exists(try key(arguments, 1)))
            }
            method("get-keys", [], .list(.string)) { target, _ throws(KeyValueBackendError) in
                .list(try target.backend.keys().map { .string($0) })
            }
        }
    }

    /// Opens `label` for the calling instance.
    static func open(_ call: HostCall, _ label: String) throws(Trap) -> Result<OpenKeyValueStore, KeyValueError> {
        try KeyValueGrants.of(call).open(label).map { OpenKeyValueStore(label: label, backend: $0) }
    }

    /// A string argument; a shape mismatch is our bug, reported as `other`.
    static func key(_ arguments: HostArguments, _ index: Int) throws(KeyValueBackendError) -> String {
        do { return try arguments.string(index) } catch { throw KeyValueBackendError("\(error)") }
    }

    static func bytes(_ arguments: HostArguments, _ index: Int) throws(KeyValueBackendError) -> [UInt8] {
        do { return try arguments.bytes(index) } catch { throw KeyValueBackendError("\(error)") }
    }
}
