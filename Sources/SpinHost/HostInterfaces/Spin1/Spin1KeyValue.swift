import ComponentModel
import WasmInterpreter

/// Spin 1's `key-value` (`wit/ephemeral/key-value.wit` of Spin 1.5): stores
/// as `u32` handles the instance opens by label, over the same grants and
/// backends as Spin 2's `fermyon:spin/key-value`.
enum Spin1KeyValue {
    static let moduleName = "key-value"
    /// Spin 1's store table held at most this many open stores.
    static let maximumOpenStores = 256

    /// `error`: store-table-full, no-such-store, access-denied,
    /// invalid-store, no-such-key, io(string).
    static let error = ComponentValueType.variant([
        .init("store-table-full", nil), .init("no-such-store", nil), .init("access-denied", nil),
        .init("invalid-store", nil), .init("no-such-key", nil), .init("io", .string),
    ])

    enum Failure: Error {
        case kv(KeyValueError)
        case invalidStore
        case noSuchKey

        var value: ComponentValue {
            switch self {
            case .kv(.storeTableFull): .variant(case: 0, payload: nil)
            case .kv(.noSuchStore): .variant(case: 1, payload: nil)
            case .kv(.accessDenied): .variant(case: 2, payload: nil)
            case .kv(.other(let message)): .variant(case: 5, payload: .string(message))
            case .invalidStore: .variant(case: 3, payload: nil)
            case .noSuchKey: .variant(case: 4, payload: nil)
            }
        }
    }

    /// The stores one instance has open, by handle.
    static let openStores = HostStateKey<Spin1Handles<any KeyValueBackend>>()

    static func define(in linker: inout Linker) {
        func define(_ name: String, _ parameters: [ComponentValueType], _ ok: ComponentValueType?,
                    _ body: @escaping @Sendable (Store, [ComponentValue]) throws(Failure) -> ComponentValue?) {
            linker.define(moduleName, name, Spin1HostFunction.make(parameters, .result(ok: ok, error: error)) {
                caller, arguments throws(Trap) in
                do throws(Failure) {
                    return .ok(try body(caller.store, arguments))
                } catch {
                    return .error(error.value)
                }
            })
        }
        define("open", [.string], .u32) { store, arguments throws(Failure) in
            guard let grants = store[KeyValueGrants.key] else { throw .kv(.accessDenied) }
            let backend: any KeyValueBackend
            let label: String
            do throws(KeyValueBackendError) { label = try string(arguments[0]) } catch { throw .kv(.other(error.message)) }
            switch grants.open(label) {
            case .success(let opened): backend = opened
            case .failure(let failure): throw .kv(failure)
            }
            let open = Spin1Handles.of(store, openStores)
            guard open.count < maximumOpenStores else { throw .kv(.storeTableFull) }
            return .u32(open.insert(backend))
        }
        define("get", [.u32, .string], .list(.u8)) { store, arguments throws(Failure) in
            let value = try backend(store, arguments[0]).run { (b) throws(KeyValueBackendError) in
                try b.get(try string(arguments[1]))
            }
            guard let value else { throw .noSuchKey }
            return .bytes(value)
        }
        define("set", [.u32, .string, .list(.u8)], nil) { store, arguments throws(Failure) in
            guard let bytes = arguments[2].bytesValue else { throw .kv(.other("the value is not bytes")) }
            try backend(store, arguments[0]).run { (b) throws(KeyValueBackendError) in try b.set(try string(arguments[1]), bytes) }
            return nil
        }
        define("delete", [.u32, .string], nil) { store, arguments throws(Failure) in
            try backend(store, arguments[0]).run { (b) throws(KeyValueBackendError) in try b.delete(try string(arguments[1])) }
            return nil
        }
        define("exists", [.u32, .string], .bool) { store, arguments throws(Failure) in
            .bool(try backend(store, arguments[0]).run { (b) throws(KeyValueBackendError) in try b.exists(try string(arguments[1])) })
        }
        define("get-keys", [.u32], .list(.string)) { store, arguments throws(Failure) in
            .list(try backend(store, arguments[0]).run { (b) throws(KeyValueBackendError) in try b.keys() }.map { .string($0) })
        }
        linker.define(moduleName, "close", Spin1HostFunction.make([.u32], nil) { caller, arguments throws(Trap) in
            if case .u32(let handle) = arguments[0] { Spin1Handles.of(caller.store, openStores).remove(handle) }
            return nil
        })
    }

    private static func backend(_ store: Store, _ handle: ComponentValue) throws(Failure) -> any KeyValueBackend {
        guard case .u32(let handle) = handle, let backend = Spin1Handles.of(store, openStores)[handle] else { throw .invalidStore }
        return backend
    }

    private static func string(_ value: ComponentValue) throws(KeyValueBackendError) -> String {
        guard case .string(let text) = value else { throw KeyValueBackendError("expected a string") }
        return text
    }
}

extension KeyValueBackend {
    /// Runs `body` on this backend; a backend failure is Spin 1's `io(message)`.
    fileprivate func run<T>(_ body: (Self) throws(KeyValueBackendError) -> T) throws(Spin1KeyValue.Failure) -> T {
        do throws(KeyValueBackendError) { return try body(self) } catch { throw .kv(.other(error.message)) }
    }
}
