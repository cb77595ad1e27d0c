import Foundation

/// Connections to one SQLite database file, shared by every request:
/// a request takes one, uses it alone, and gives it back. The file (and
/// its directory) is created when the first connection opens, so an app
/// that never uses the database leaves nothing behind.
final class SQLiteConnectionPool: @unchecked Sendable {
    let path: String
    /// Run on every new connection (e.g. creating a table).
    private let setUp: @Sendable (SQLiteConnection) throws(SQLiteError) -> Void
    /// SAFETY: guarded by `lock`.
    private var idle: [SQLiteConnection] = []
    private let lock = NSLock()

    /// Idle connections kept for reuse; more are closed when given back.
    static let maximumIdle = 8

    init(path: String, setUp: @escaping @Sendable (SQLiteConnection) throws(SQLiteError) -> Void = { _ throws(SQLiteError) in }) {
        self.path = path
        self.setUp = setUp
    }

    /// An idle connection, or a new one.
    func take() throws(SQLiteError) -> SQLiteConnection {
        if let connection = lock.withLock({ idle.popLast() }) { return connection }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try SQLiteConnection(path: path)
        try SQLiteConnection.retryingWhileBusy { () throws(SQLiteError) in try setUp(connection) }
        return connection
    }

    /// Returns `connection` for reuse; a transaction the user left open is rolled back first.
    func giveBack(_ connection: SQLiteConnection) {
        if !connection.isAutocommit {
            do { try connection.execute("ROLLBACK") } catch { return }
        }
        lock.withLock {
            if idle.count < Self.maximumIdle { idle.append(connection) }
        }
    }

    /// Runs `body` with a connection of the pool.
    func withConnection<Result>(_ body: (SQLiteConnection) throws(SQLiteError) -> Result) throws(SQLiteError) -> Result {
        let connection = try take()
        defer { giveBack(connection) }
        return try body(connection)
    }
}
