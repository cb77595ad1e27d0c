import Foundation
public import ComponentModel
import WasmInterpreter

/// Key-value storage: `fermyon:spin/key-value@2.0.0` and `wasi:keyvalue` `store`,
/// `atomics` and `batch` (@0.2.0-draft2), over the stores the runtime
/// config defines (`[key_value_store.NAME]`, type `spin` for a SQLite
/// file or `redis`). The `default` store is `sqlite_key_value.db` in the
/// state directory unless the runtime config redefines it. A component
/// opens only the labels in its `key_value_stores`.
///
/// See <https://spinframework.dev/v3/kv-store-api-guide>.
public struct KeyValueCapability: Capability {
    public static let runtimeConfigTables = ["key_value_store"]

    /// Every store the application may use, by label.
    let stores: [String: any KeyValueBackend]

    public static func define(in linker: inout ComponentLinker) {
        defineSpinInterfaces(in: &linker)
        defineWASIKeyValue(in: &linker)
    }

    public init(app: CapabilityContext) throws(SpinError) {
        var stores: [String: any KeyValueBackend] = [
            "default": SQLiteKeyValueStore(label: "default", path: app.stateDirectory + "/sqlite_key_value.db"),
        ]
        do throws(ManifestError) {
            for (label, fields) in try app.runtimeConfig.namedTables("key_value_store", expectation: "a table of store tables") {
                let type = try fields.requiredString("type")
                switch type {
                case "spin":
                    try fields.rejectUnknownFields(allowed: ["type", "path"])
                    let path = try fields.string("path").map(app.runtimeConfig.resolve)
                        ?? app.stateDirectory + "/sqlite_key_value.db"
                    stores[label] = SQLiteKeyValueStore(label: label, path: path)
                case "redis":
                    try fields.rejectUnknownFields(allowed: ["type", "url"])
                    let url = try fields.requiredString("url")
                    do {
                        stores[label] = try RedisKeyValueStore(url: url)
                    } catch {
                        throw fields.error("\(error)", at: "url")
                    }
                default:
                    throw fields.error("unsupported key-value store type \(quoted(type)); this host has \"spin\" (SQLite) and \"redis\"",
                                       at: "type")
                }
            }
        } catch {
            throw .manifest(error)
        }
        for component in app.manifest.components {
            for label in component.keyValueStores where stores[label] == nil {
                throw .component(component.id, "uses key-value store \(quoted(label)), which is not defined; "
                    + "define it in the runtime config as [key_value_store.\(label)]")
            }
        }
        self.stores = stores
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        let grants = KeyValueGrants(stores: stores.filter { component.keyValueStores.contains($0.key) })
        return InstanceSetup { store in store[KeyValueGrants.key] = grants }
    }
}
