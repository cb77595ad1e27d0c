import ComponentModel
import WasmInterpreter

/// `fermyon:spin/key-value@2.0.0`: a `store` resource opened by label,
/// with get, set, delete, exists and get-keys; and its Spin 3 form,
/// `spin:key-value/key-value@3.0.0`, the same with `async` functions
/// (they answer at once: the backends are local or keep their own
/// connections) and the keys as a `stream<string>`.
extension KeyValueCapability {
    static let spinInterfaces = ["fermyon:spin/key-value@2.0.0", "spin:key-value/key-value@3.0.0"]

    static func defineSpinInterfaces(in linker: inout ComponentLinker) {
        for interface in spinInterfaces {
            let isAsync = interface.hasPrefix("spin:")
            let store = linker.defineResource(interface, "store")
            let error = KeyValueError.spinType
            @Sendable func result(_ ok: ComponentValueType?) -> ComponentValueType { .result(ok: ok, error: error) }
            func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ ok: ComponentValueType?,
                        _ body: @escaping @Sendable (OpenKeyValueStore, HostArguments) throws(KeyValueBackendError) -> ComponentValue?) {
                linker.define(interface, "[method]store.\(name)",
                              WASIComponentTypes.method(store, parameters, result(ok)).async(isAsync)) {
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
                          WASIComponentTypes.function([("label", .string)], result(.own(store))).async(isAsync)) { call, arguments throws(Trap) in
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
            guard isAsync else {
                method("get-keys", [], .list(.string)) { target, _ throws(KeyValueBackendError) in
                    .list(try target.backend.keys().map { .string($0) })
                }
                continue
            }
            // Spin 3: the keys as a stream, and a future saying whether listing them failed.
            let outcomeType = result(nil)
            let keysType = ComponentFunctionType(parameters: [.init("self", .borrow(store))],
                                                 result: .tuple([.stream(.string), .future(outcomeType)]), isAsync: true)
            linker.define(interface, "[method]store.get-keys", keysType) { call, arguments throws(Trap) in
                let target: OpenKeyValueStore = try arguments.resource(call, 0, "store")
                let (stream, streamValue) = HostStream.make(elementType: .string, in: call.store)
                let (outcome, outcomeValue) = HostFuture.make(elementType: outcomeType, in: call.store)
                let keys: Result<[String], KeyValueBackendError>
                do throws(KeyValueBackendError) {
                    keys = .success(try target.backend.keys())
                } catch {
                    keys = .failure(error)
                }
                switch keys {
                case .success(let names):
                    try stream.writeAll(values: names.map { .string($0) }) { stream.drop() }
                    try outcome.write(.ok(nil))
                case .failure(let error):
                    stream.drop()
                    try outcome.write(.error(KeyValueError(error).spinValue))
                }
                return .tuple([streamValue, outcomeValue])
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
