import Foundation
import Testing
@testable import SpinHost

/// The key-value capability without Wasm: grants from a manifest snippet,
/// the SQLite store's durability and atomic operations.
struct KeyValueCapabilityTests {
    let directory = NSTemporaryDirectory() + "kv-tests-\(UUID().uuidString)"

    func capability(_ manifest: String, runtimeConfig: String? = nil) throws -> KeyValueCapability {
        let parsed = try ManifestLoader.parse(manifest, applicationDirectory: directory)
        let config = try runtimeConfig.map { try RuntimeConfig.parse($0, file: "runtime-config.toml", directory: directory) }
            ?? .none(directory: directory)
        return try KeyValueCapability(app: CapabilityContext(
            manifest: parsed, runtimeConfig: config, stateDirectory: directory, variables: ApplicationVariables(values: [:])))
    }

    static let manifest = """
        spin_manifest_version = 2
        [application]
        name = "kv"
        [[trigger.http]]
        route = "/..."
        component = "api"
        [component.api]
        source = "api.wasm"
        key_value_stores = ["default"]
        """

    @Test func ungrantedStoresAreDeniedWhetherOrNotTheyExist() throws {
        let grants = KeyValueGrants(stores: try capability(Self.manifest).stores.filter { $0.key == "default" })
        #expect((try? grants.open("default").get()) != nil)
        #expect(throws: KeyValueError.accessDenied) { try grants.open("other").get() }
    }

    @Test func aGrantedLabelNothingDefinesStopsStartUp() {
        #expect(throws: SpinError.self) {
            try capability(Self.manifest.replacingOccurrences(of: "[\"default\"]", with: "[\"nope\"]"))
        }
    }

    @Test func unknownStoreTypeNamesTheFileAndLine() {
        do {
            _ = try capability(Self.manifest, runtimeConfig: "[key_value_store.x]\ntype = \"dynamo\"\n")
            Issue.record("an unknown store type was accepted")
        } catch {
            #expect("\(error)".contains("runtime-config.toml:2"))
        }
    }

    @Test func incrementsFromManyThreadsAllCount() throws {
        let store = SQLiteKeyValueStore(label: "default", path: directory + "/kv.db")
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 { _ = try? store.increment("n", by: 1) }
        }
        #expect(try store.increment("n", by: 0) == 400)
        #expect(try store.get("n") == KeyValueCounter.encode(400))
    }

    @Test func compareAndSwapWritesOnlyOverTheExpectedValue() throws {
        let store = SQLiteKeyValueStore(label: "default", path: directory + "/kv.db")
        #expect(try store.compareAndSwap("k", expected: nil, new: [1]))
        #expect(try !store.compareAndSwap("k", expected: nil, new: [2]))
        #expect(try store.compareAndSwap("k", expected: [1], new: [3]))
        #expect(try store.get("k") == [3])
    }

    @Test func aValueThatIsNotACounterIsAnErrorNotACrash() throws {
        let store = SQLiteKeyValueStore(label: "default", path: directory + "/kv.db")
        try store.set("text", Array("hello".utf8))
        #expect(throws: KeyValueBackendError.self) { try store.increment("text", by: 1) }
    }

    @Test func storesWithOtherLabelsInOneFileAreSeparate() throws {
        let first = SQLiteKeyValueStore(label: "a", path: directory + "/kv.db")
        let second = SQLiteKeyValueStore(label: "b", path: directory + "/kv.db")
        try first.set("k", [1])
        #expect(try second.get("k") == nil)
        #expect(try first.keys() == ["k"])
    }
}
