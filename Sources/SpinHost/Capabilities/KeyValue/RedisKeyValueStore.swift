/// A key-value store in a Redis server (`type = "redis"` in the runtime
/// config), as Spin keeps one: keys live in the server's keyspace as they
/// are (the store's label is not part of them), `increment` is INCRBY
/// (decimal text), and compare-and-swap is WATCH, GET, MULTI, SET, EXEC on
/// a connection of its own. Several `spin up` processes sharing the server
/// share the store.
final class RedisKeyValueStore: KeyValueBackend {
    private let pool: RedisConnectionPool

    init(url: String) throws(RedisError) {
        pool = RedisConnectionPool(address: try RedisAddress(url))
    }

    func get(_ key: String) throws(KeyValueBackendError) -> [UInt8]? {
        switch try run(["GET", key]) {
        case .bulk(let bytes): return bytes
        case .nil_: return nil
        case let other: throw unexpected(other)
        }
    }

    func set(_ key: String, _ value: [UInt8]) throws(KeyValueBackendError) {
        _ = try run([Array("SET".utf8), Array(key.utf8), value])
    }

    func delete(_ key: String) throws(KeyValueBackendError) {
        _ = try run(["DEL", key])
    }

    func exists(_ key: String) throws(KeyValueBackendError) -> Bool {
        guard case .integer(let count) = try run(["EXISTS", key]) else { throw KeyValueBackendError("EXISTS: unexpected reply") }
        return count > 0
    }

    func keys() throws(KeyValueBackendError) -> [String] {
        guard case .array(let keys) = try run(["KEYS", "*"]) else { throw KeyValueBackendError("KEYS: unexpected reply") }
        return keys.compactMap { if case .bulk(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }

    func increment(_ key: String, by delta: Int64) throws(KeyValueBackendError) -> Int64 {
        guard case .integer(let sum) = try run(["INCRBY", key, String(delta)]) else { throw KeyValueBackendError("INCRBY: unexpected reply") }
        return sum
    }

    func compareAndSwap(_ key: String, expected: [UInt8]?, new: [UInt8]) throws(KeyValueBackendError) -> Bool {
        try GuestScheduler.blocking { () throws(KeyValueBackendError) -> Bool in try swap(key, expected: expected, new: new) }
    }

    private func swap(_ key: String, expected: [UInt8]?, new: [UInt8]) throws(KeyValueBackendError) -> Bool {
        do throws(RedisError) {
            let connection = try pool.dedicatedConnection()
            _ = try connection.command([Array("WATCH".utf8), Array(key.utf8)])
            let current: [UInt8]?
            switch try connection.command([Array("GET".utf8), Array(key.utf8)]) {
            case .bulk(let bytes): current = bytes
            case .nil_: current = nil
            case let other: throw RedisError("GET: \(other)")
            }
            guard current == expected else {
                _ = try connection.command([Array("UNWATCH".utf8)])
                return false
            }
            _ = try connection.command([Array("MULTI".utf8)])
            _ = try connection.command([Array("SET".utf8), Array(key.utf8), new])
            // EXEC answers nil when the watched key changed meanwhile.
            if case .array = try connection.command([Array("EXEC".utf8)]) { return true }
            return false
        } catch {
            throw KeyValueBackendError("Redis: \(error.message)")
        }
    }

    func getMany(_ keys: [String]) throws(KeyValueBackendError) -> [(String, [UInt8]?)] {
        guard !keys.isEmpty else { return [] }
        guard case .array(let values) = try run(["MGET"] + keys), values.count == keys.count else {
            throw KeyValueBackendError("MGET: unexpected reply")
        }
        return zip(keys, values).map { key, value in
            if case .bulk(let bytes) = value { (key, bytes) } else { (key, nil) }
        }
    }

    func setMany(_ entries: [(String, [UInt8])]) throws(KeyValueBackendError) {
        guard !entries.isEmpty else { return }
        _ = try run([Array("MSET".utf8)] + entries.flatMap { [Array($0.0.utf8), $0.1] })
    }

    func deleteMany(_ keys: [String]) throws(KeyValueBackendError) {
        guard !keys.isEmpty else { return }
        _ = try run(["DEL"] + keys)
    }

    private func run(_ arguments: [String]) throws(KeyValueBackendError) -> RedisReply {
        try run(arguments.map { Array($0.utf8) })
    }

    private func run(_ arguments: [[UInt8]]) throws(KeyValueBackendError) -> RedisReply {
        let reply: RedisReply
        do {
            reply = try pool.command(arguments)
        } catch {
            throw KeyValueBackendError(error.message)
        }
        if case .error(let message) = reply { throw KeyValueBackendError("Redis: \(message)") }
        return reply
    }

    private func unexpected(_ reply: RedisReply) -> KeyValueBackendError {
        KeyValueBackendError("unexpected reply from Redis: \(reply)")
    }
}
