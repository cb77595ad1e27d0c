/// A key-value store in a SQLite file, in Spin's table layout
/// (`spin_key_value`: store label, key, value), so that a `.spin`
/// directory written by Spin reads the same here and back. Every write is
/// one committed transaction in WAL mode: once a guest's call returns, the
/// write survives the process being killed. `increment` and
/// `compare-and-swap` run inside `BEGIN IMMEDIATE`, which takes the
/// database's write lock first, so they are atomic across connections and
/// across processes sharing the file.
final class SQLiteKeyValueStore: KeyValueBackend {
    let label: String
    private let pool: SQLiteConnectionPool

    init(label: String, path: String) {
        self.label = label
        pool = SQLiteConnectionPool(path: path) { connection throws(SQLiteError) in
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS spin_key_value (
                    store TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (store, key))
                """)
        }
    }

    var path: String { pool.path }

    func get(_ key: String) throws(KeyValueBackendError) -> [UInt8]? {
        try run { connection throws(SQLiteError) in try Self.value(connection, label, key) }
    }

    func set(_ key: String, _ value: [UInt8]) throws(KeyValueBackendError) {
        try run { connection throws(SQLiteError) in try Self.write(connection, label, key, value) }
    }

    func delete(_ key: String) throws(KeyValueBackendError) {
        _ = try run { connection throws(SQLiteError) in
            try connection.execute("DELETE FROM spin_key_value WHERE store = ? AND key = ?", [.text(label), .text(key)])
        }
    }

    func exists(_ key: String) throws(KeyValueBackendError) -> Bool {
        try run { connection throws(SQLiteError) in
            try !connection.execute("SELECT 1 FROM spin_key_value WHERE store = ? AND key = ?",
                                    [.text(label), .text(key)]).rows.isEmpty
        }
    }

    func keys() throws(KeyValueBackendError) -> [String] {
        try run { connection throws(SQLiteError) in
            try connection.execute("SELECT key FROM spin_key_value WHERE store = ?", [.text(label)]).rows.compactMap {
                if case .text(let key) = $0.first { key } else { nil }
            }
        }
    }

    func increment(_ key: String, by delta: Int64) throws(KeyValueBackendError) -> Int64 {
        try transaction { connection in
            let current = try Self.value(connection, label, key)
            let number: Int64
            if let current {
                guard let decoded = KeyValueCounter.decode(current) else {
                    throw KeyValueBackendError("the value at \(key) is not a counter (8 bytes, little-endian)")
                }
                number = decoded
            } else {
                number = 0
            }
            let (sum, overflow) = number.addingReportingOverflow(delta)
            guard !overflow else { throw KeyValueBackendError("incrementing \(key) by \(delta) overflows") }
            try Self.write(connection, label, key, KeyValueCounter.encode(sum))
            return sum
        }
    }

    func compareAndSwap(_ key: String, expected: [UInt8]?, new: [UInt8]) throws(KeyValueBackendError) -> Bool {
        try transaction { connection in
            guard try Self.value(connection, label, key) == expected else { return false }
            try Self.write(connection, label, key, new)
            return true
        }
    }

    func setMany(_ entries: [(String, [UInt8])]) throws(KeyValueBackendError) {
        try transaction { connection in
            for (key, value) in entries { try Self.write(connection, label, key, value) }
        }
    }

    func deleteMany(_ keys: [String]) throws(KeyValueBackendError) {
        try transaction { connection in
            for key in keys {
                try connection.execute("DELETE FROM spin_key_value WHERE store = ? AND key = ?", [.text(label), .text(key)])
            }
        }
    }

    private static func value(_ connection: SQLiteConnection, _ label: String, _ key: String) throws(SQLiteError) -> [UInt8]? {
        let rows = try connection.execute("SELECT value FROM spin_key_value WHERE store = ? AND key = ?",
                                          [.text(label), .text(key)]).rows
        switch rows.first?.first {
        case .blob(let bytes)?: return bytes
        case .text(let text)?: return Array(text.utf8)
        case nil, .null?: return nil
        case .integer(let number)?: return Array(String(number).utf8)
        case .real(let number)?: return Array(String(number).utf8)
        }
    }

    private static func write(_ connection: SQLiteConnection, _ label: String, _ key: String, _ value: [UInt8]) throws(SQLiteError) {
        try connection.execute("""
            INSERT INTO spin_key_value (store, key, value) VALUES (?, ?, ?)
            ON CONFLICT (store, key) DO UPDATE SET value = excluded.value
            """, [.text(label), .text(key), .blob(value)])
    }

    private func run<Result>(_ body: (SQLiteConnection) throws(SQLiteError) -> Result) throws(KeyValueBackendError) -> Result {
        do {
            return try SQLiteConnection.retryingWhileBusy { () throws(SQLiteError) in try pool.withConnection(body) }
        } catch {
            throw KeyValueBackendError("key-value store \(label): \(error.message)")
        }
    }

    /// `body` inside `BEGIN IMMEDIATE ... COMMIT`; rolled back if it throws.
    private func transaction<Result>(_ body: (SQLiteConnection) throws -> Result) throws(KeyValueBackendError) -> Result {
        do {
            // Nothing was written when SQLite answers busy: the whole transaction can run again.
            return try SQLiteConnection.retryingWhileBusy { () throws(SQLiteError) in
                try pool.withConnection { connection throws(SQLiteError) in
                    try connection.execute("BEGIN IMMEDIATE")
                    let result: Result
                    do {
                        result = try body(connection)
                    } catch {
                        _ = try? connection.execute("ROLLBACK")
                        // -1 marks the body's own failure, whose message is already complete.
                        throw (error as? SQLiteError) ?? SQLiteError(code: -1, message: "\(error)")
                    }
                    try connection.execute("COMMIT")
                    return result
                }
            }
        } catch {
            // A failed COMMIT leaves the transaction open; giving the connection back rolls it back.
            throw KeyValueBackendError(error.code == -1 ? error.message : "key-value store \(label): \(error.message)")
        }
    }
}
