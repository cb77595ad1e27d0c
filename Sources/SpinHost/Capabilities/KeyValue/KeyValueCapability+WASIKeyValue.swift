import ComponentModel
import WasmInterpreter

/// `wasi:keyvalue` `store`, `atomics` and `batch` @0.2.0-draft2
/// ([wasi-keyvalue](https://github.com/WebAssembly/wasi-keyvalue/tree/v0.2.0-draft2/wit)),
/// over the same stores and grants as Spin's own interface.
extension KeyValueCapability {
    static let wasiStore = "wasi:keyvalue/store@0.2.0-draft2"
    static let wasiAtomics = "wasi:keyvalue/atomics@0.2.0-draft2"
    static let wasiBatch = "wasi:keyvalue/batch@0.2.0-draft2"

    /// Keys per `list-keys` page; the cursor is the last key of a page.
    static let keysPerPage = 1000

    static func defineWASIKeyValue(in linker: inout ComponentLinker) {
        let bucket = linker.defineResource(wasiStore, "bucket")
        let error = KeyValueError.wasiType
        func result(_ ok: ComponentValueType?) -> ComponentValueType { .result(ok: ok, error: error) }
        /// A function whose first argument is a bucket; a backend failure is `other`.
        func define(_ interface: String, _ name: String, _ type: ComponentFunctionType,
                    _ body: @escaping @Sendable (HostCall, OpenKeyValueStore, HostArguments) throws(KeyValueBackendError) -> ComponentValue?) {
            linker.define(interface, name, type) { call, arguments throws(Trap) in
                let target: OpenKeyValueStore = try arguments.resource(call, 0, "bucket")
                do throws(KeyValueBackendError) {
                    return .ok(try body(call, target, arguments))
                } catch {
                    return .error(KeyValueError(error).wasiValue)
                }
            }
        }
        func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ ok: ComponentValueType?,
                    _ body: @escaping @Sendable (HostCall, OpenKeyValueStore, HostArguments) throws(KeyValueBackendError) -> ComponentValue?) {
            define(wasiStore, "[method]bucket.\(name)", WASIComponentTypes.method(bucket, parameters, result(ok)), body)
        }

        linker.define(wasiStore, "open", WASIComponentTypes.function([("identifier", .string)], result(.own(bucket)))) {
            call, arguments throws(Trap) in
            switch try open(call, try arguments.string(0)) {
            case .success(let opened): .ok(call.own(opened))
            case .failure(let failure): .error(failure.wasiValue)
            }
        }
        method("get", [("key", .string)], .option(.list(.u8))) { _, target, arguments throws(KeyValueBackendError) in
            .option(try target.backend.get(try key(arguments, 1)).map { .bytes($0) })
        }
        method("set", [("key", .string), ("value", .list(.u8))], nil) { _, target, arguments throws(KeyValueBackendError) in
            try target.backend.set(try key(arguments, 1), try bytes(arguments, 2))
            return nil
        }
        method("delete", [("key", .string)], nil) { _, target, arguments throws(KeyValueBackendError) in
            try target.backend.delete(try key(arguments, 1))
            return nil
        }
        method("exists", [("key", .string)], .bool) { _, target, arguments throws(KeyValueBackendError) in
            .bool(try target.backend.exists(try key(arguments, 1)))
        }
        let keyResponse = ComponentValueType.record([.init("keys", .list(.string)), .init("cursor", .option(.string))])
        method("list-keys", [("cursor", .option(.string))], keyResponse) { _, target, arguments throws(KeyValueBackendError) in
            let cursor: String?
            do { cursor = try arguments.optionalString(1) } catch { throw KeyValueBackendError("\(error)") }
            let (keys, next) = page(try target.backend.keys(), after: cursor)
            return .record([.list(keys.map { .string($0) }), .option(next.map { .string($0) })])
        }

        defineAtomics(in: &linker, bucket: bucket)

        let keys = ComponentValueType.list(.string)
        define(wasiBatch, "get-many", WASIComponentTypes.function(
            [("bucket", .borrow(bucket)), ("keys", keys)], result(.list(.tuple([.string, .option(.list(.u8))]))))) {
            _, target, arguments throws(KeyValueBackendError) in
            let entries = try target.backend.getMany(try strings(arguments, 1))
            return .list(entries.map { .tuple([.string($0.0), .option($0.1.map { .bytes($0) })]) })
        }
        define(wasiBatch, "set-many", WASIComponentTypes.function(
            [("bucket", .borrow(bucket)), ("key-values", .list(.tuple([.string, .list(.u8)])))], result(nil))) {
            _, target, arguments throws(KeyValueBackendError) in
            try target.backend.setMany(try pairs(arguments, 1))
            return nil
        }
        define(wasiBatch, "delete-many", WASIComponentTypes.function([("bucket", .borrow(bucket)), ("keys", keys)], result(nil))) {
            _, target, arguments throws(KeyValueBackendError) in
            try target.backend.deleteMany(try strings(arguments, 1))
            return nil
        }
    }

    /// `increment`, and compare-and-swap through the `cas` resource: `new`
    /// reads the current value, `swap` writes only if it is still that value.
    private static func defineAtomics(in linker: inout ComponentLinker, bucket: ResourceType) {
        let cas = linker.defineResource(wasiAtomics, "cas")
        let error = KeyValueError.wasiType
        let casError = ComponentValueType.variant([.init("store-error", error), .init("cas-failed", .own(cas))])
        linker.define(wasiAtomics, "increment", WASIComponentTypes.function(
            [("bucket", .borrow(bucket)), ("key", .string), ("delta", .s64)], .result(ok: .s64, error: error))) {
            call, arguments throws(Trap) in
            let target: OpenKeyValueStore = try arguments.resource(call, 0, "bucket")
            guard case .s64(let delta) = try arguments.value(2) else { throw Trap(.host("\(arguments.function): delta")) }
            let key = try arguments.string(1)
            do throws(KeyValueBackendError) {
                return .ok(.s64(try target.backend.increment(key, by: delta)))
            } catch {
                return .error(KeyValueError(error).wasiValue)
            }
        }
        linker.define(wasiAtomics, "[static]cas.new", WASIComponentTypes.function(
            [("bucket", .borrow(bucket)), ("key", .string)], .result(ok: .own(cas), error: error))) {
            call, arguments throws(Trap) in
            let target: OpenKeyValueStore = try arguments.resource(call, 0, "bucket")
            let key = try arguments.string(1)
            do throws(KeyValueBackendError) {
                return .ok(call.own(CompareAndSwap(store: target, key: key, current: try target.backend.get(key))))
            } catch {
                return .error(KeyValueError(error).wasiValue)
            }
        }
        linker.define(wasiAtomics, "[method]cas.current", WASIComponentTypes.method(
            cas, [], .result(ok: .option(.list(.u8)), error: error))) { call, arguments throws(Trap) in
            let operation: CompareAndSwap = try arguments.resource(call, 0, "cas")
            return .ok(.option(operation.current.map { .bytes($0) }))
        }
        linker.define(wasiAtomics, "swap", WASIComponentTypes.function(
            [("cas", .own(cas)), ("value", .list(.u8))], .result(ok: nil, error: casError))) { call, arguments throws(Trap) in
            let operation: CompareAndSwap = try WASIHTTP.take(call, arguments, 0, "cas")
            let value = try arguments.bytes(1)
            let backend = operation.store.backend
            do throws(KeyValueBackendError) {
                if try backend.compareAndSwap(operation.key, expected: operation.current, new: value) { return .ok(nil) }
                // A fresh cas with the value that won, for the guest's retry.
                let fresh = CompareAndSwap(store: operation.store, key: operation.key,
                                           current: try backend.get(operation.key))
                return .error(.variant(case: 1, payload: call.own(fresh)))
            } catch {
                return .error(.variant(case: 0, payload: KeyValueError(error).wasiValue))
            }
        }
    }

    /// One page of `keys` in sorted order, starting after `cursor`, and the
    /// cursor of the next page (nil on the last).
    static func page(_ keys: [String], after cursor: String?) -> ([String], String?) {
        var sorted = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if let cursor { sorted.removeAll { !cursor.utf8.lexicographicallyPrecedes($0.utf8) } }
        guard sorted.count > keysPerPage else { return (sorted, nil) }
        let page = Array(sorted.prefix(keysPerPage))
        return (page, page.last)
    }

    static func strings(_ arguments: HostArguments, _ index: Int) throws(KeyValueBackendError) -> [String] {
        guard case .list(let elements) = try? arguments.value(index) else { throw KeyValueBackendError("\(arguments.function): keys") }
        return elements.compactMap(\.stringValue)
    }

    static func pairs(_ arguments: HostArguments, _ index: Int) throws(KeyValueBackendError) -> [(String, [UInt8])] {
        guard case .list(let elements) = try? arguments.value(index) else { throw KeyValueBackendError("\(arguments.function): entries") }
        return elements.compactMap { element in
            guard case .tuple(let parts) = element, parts.count == 2, let key = parts[0].stringValue,
                  let value = parts[1].bytesValue else { return nil }
            return (key, value)
        }
    }
}

/// A compare-and-swap in progress (`wasi:keyvalue/atomics.cas`): the value
/// read when it began, which `swap` expects still to be there.
final class CompareAndSwap {
    let store: OpenKeyValueStore
    let key: String
    let current: [UInt8]?

    init(store: OpenKeyValueStore, key: String, current: [UInt8]?) {
        self.store = store
        self.key = key
        self.current = current
    }
}
