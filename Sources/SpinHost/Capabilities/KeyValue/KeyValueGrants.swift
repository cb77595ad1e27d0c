import ComponentModel
import WasmInterpreter

/// The stores one component may open, shared by all its instances (the
/// store's slot holds this one object: nothing is allocated per request).
final class KeyValueGrants: Sendable {
    static let key = HostStateKey<KeyValueGrants>()

    /// Granted labels and their backends.
    let stores: [String: any KeyValueBackend]
    init(stores: [String: any KeyValueBackend]) {
        self.stores = stores
    }

    /// The grants of the calling instance.
    static func of(_ call: HostCall) throws(Trap) -> KeyValueGrants {
        guard let grants = call.store[key] else {
            throw Trap(.host("key-value is not set up for this instance"))
        }
        return grants
    }

    /// The backend of `label`, if this component may open it. As in Spin,
    /// a label outside the grant is `access-denied` whether or not it is
    /// defined: a component cannot probe which stores exist. (`no-such-store`
    /// cannot happen: a granted label that nothing defines stops `spin up`.)
    func open(_ label: String) -> Result<any KeyValueBackend, KeyValueError> {
        guard let backend = stores[label] else { return .failure(.accessDenied) }
        return .success(backend)
    }
}

/// The errors of the key-value interfaces, before they become a WIT value.
enum KeyValueError: Error, Equatable {
    case storeTableFull
    case noSuchStore
    case accessDenied
    case other(String)

    init(_ error: KeyValueBackendError) {
        self = .other(error.message)
    }

    /// `fermyon:spin/key-value.error` (also `spin:key-value`): store-table-full,
    /// no-such-store, access-denied, other(string).
    var spinValue: ComponentValue {
        switch self {
        case .storeTableFull: .variant(case: 0, payload: nil)
        case .noSuchStore: .variant(case: 1, payload: nil)
        case .accessDenied: .variant(case: 2, payload: nil)
        case .other(let message): .variant(case: 3, payload: .string(message))
        }
    }

    /// `wasi:keyvalue/store.error`: no-such-store, access-denied, other(string).
    var wasiValue: ComponentValue {
        switch self {
        case .noSuchStore: .variant(case: 0, payload: nil)
        case .accessDenied: .variant(case: 1, payload: nil)
        case .storeTableFull: .variant(case: 2, payload: .string("too many stores are open"))
        case .other(let message): .variant(case: 2, payload: .string(message))
        }
    }

    static let spinType = ComponentValueType.variant([
        .init("store-table-full", nil), .init("no-such-store", nil), .init("access-denied", nil), .init("other", .string),
    ])

    static let wasiType = ComponentValueType.variant([
        .init("no-such-store", nil), .init("access-denied", nil), .init("other", .string),
    ])
}

/// An open store: the object behind a guest's `store` or `bucket` handle.
final class OpenKeyValueStore {
    let label: String
    let backend: any KeyValueBackend

    init(label: String, backend: any KeyValueBackend) {
        self.label = label
        self.backend = backend
    }
}
