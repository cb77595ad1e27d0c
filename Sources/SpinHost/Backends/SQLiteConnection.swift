import CSQLite
import Foundation
import WasmInterpreter

/// One connection to a SQLite database file through libsqlite3, used by
/// one thread at a time (`SQLiteConnectionPool` hands it out). Every
/// statement is prepared, bound and stepped to the end here, so no
/// `sqlite3_stmt` outlives a call. The database is opened in WAL mode
/// with a busy timeout: writers in other connections and other processes
/// wait for each other instead of failing.
final class SQLiteConnection {
    /// SAFETY: the handle is open from `init` until `deinit` closes it.
    private let handle: OpaquePointer

    /// Milliseconds a statement waits for another writer's lock before `SQLITE_BUSY`.
    static let busyTimeout: Int32 = 10_000

    /// Opens (creating when asked) the database at `path`.
    init(path: String, create: Bool = true) throws(SQLiteError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let opened { sqlite3_close_v2(opened) }
            throw SQLiteError(code: status, message: "cannot open \(path): \(message)")
        }
        handle = opened
        sqlite3_busy_timeout(handle, Self.busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        // WAL: readers never block the writer, and a commit survives the
        // process being killed as soon as sqlite3_step returns. Switching a
        // file to WAL needs it to itself for a moment, so only when it is not yet.
        try Self.retryingWhileBusy { () throws(SQLiteError) in
            if try execute("PRAGMA journal_mode").rows.first?.first != .text("wal") {
                try execute("PRAGMA journal_mode = WAL")
            }
        }
        try execute("PRAGMA synchronous = NORMAL")
    }

    /// Runs `body` again while SQLite answers SQLITE_BUSY without waiting
    /// for the lock itself (it does so for a journal-mode change, or when
    /// waiting could deadlock), for up to `busyTimeout`.
    static func retryingWhileBusy<Result>(_ body: () throws(SQLiteError) -> Result) throws(SQLiteError) -> Result {
        let deadline = ContinuousClock.now + .milliseconds(Int(busyTimeout))
        while true {
            do {
                return try body()
            } catch where error.primaryCode == SQLITE_BUSY && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int64 { Int64(sqlite3_changes64(handle)) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// False while an explicit transaction (`BEGIN`) is open.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Runs every statement of `sql` in order, `parameters` bound to the
    /// first; returns the columns and rows of the last statement.
    /// Bytes of results one `execute` may return (Spin's limit on what the
    /// host buffers for a guest): a larger result is an error, not a host
    /// that runs out of memory.
    static let resultLimit = 128 << 20

    /// Runs every statement of `sql` in order, `parameters` bound to the
    /// first; returns the columns and rows of the last statement. When
    /// `interruption` is set (the guest's deadline passed) a running
    /// statement stops with SQLITE_INTERRUPT.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLiteValue] = [], interruption: Interruption?) throws(SQLiteError) -> SQLiteRows {
        guard let interruption else { return try execute(sql, parameters) }
        let context = Unmanaged.passRetained(interruption)
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            context.release()
        }
        // Every 10,000 virtual machine steps: a few microseconds.
        sqlite3_progress_handler(handle, 10_000, { context in
            Unmanaged<Interruption>.fromOpaque(context!).takeUnretainedValue().isSet ? 1 : 0
        }, context.toOpaque())
        return try execute(sql, parameters)
    }

    /// Refuses `ATTACH` of a file (a guest could otherwise open any file the
    /// host can): only `:memory:` and temporary databases may be attached.
    func denyAttachingFiles() {
        sqlite3_set_authorizer(handle, { _, action, file, _, _, _ in
            guard action == SQLITE_ATTACH else { return SQLITE_OK }
            let name = file.map { String(cString: $0) } ?? ""
            return name.isEmpty || name == ":memory:" ? SQLITE_OK : SQLITE_DENY
        }, nil)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteRows {
        // One C copy of the text, so that each statement's tail pointer stays valid.
        guard let text = strdup(sql) else { throw SQLiteError(code: SQLITE_NOMEM, message: "out of memory") }
        defer { free(text) }
        var next: UnsafePointer<CChar>? = UnsafePointer(text)
        var result = SQLiteRows(columns: [], rows: [])
        var first = true
        while let start = next, start.pointee != 0 {
            var statement: OpaquePointer?
            let status = sqlite3_prepare_v2(handle, start, -1, &statement, &next)
            guard status == SQLITE_OK else { throw error(status) }
            guard let statement else { continue }  // only whitespace or a comment
            defer { sqlite3_finalize(statement) }
            try bind(first ? parameters : [], to: statement)
            first = false
            result = try step(statement)
        }
        return result
    }

    private func bind(_ parameters: [SQLiteValue], to statement: OpaquePointer) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard parameters.count <= expected else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(parameters.count) parameters given, the statement takes \(expected)")
        }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch parameter {
            case .integer(let value): status = sqlite3_bind_int64(statement, position, value)
            case .real(let value): status = sqlite3_bind_double(statement, position, value)
            case .text(let value): status = sqlite3_bind_text(statement, position, value, -1, csqlite_transient())
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(statement, position, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                        UInt64(raw.count), csqlite_transient())
                }
            case .null: status = sqlite3_bind_null(statement, position)
            }
            guard status == SQLITE_OK else { throw error(status) }
        }
    }

    private func step(_ statement: OpaquePointer) throws(SQLiteError) -> SQLiteRows {
        let columnCount = sqlite3_column_count(statement)
        let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [[SQLiteValue]] = []
        var bytes = 0
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(status) }
            let row = (0..<columnCount).map { column(statement, $0) }
            bytes += row.reduce(16) { $0 + $1.byteCount }
            guard bytes <= Self.resultLimit else {
                throw SQLiteError(code: SQLITE_TOOBIG, message: "query result exceeds limit of \(Self.resultLimit) bytes")
            }
            rows.append(row)
        }
        return SQLiteRows(columns: columns, rows: rows)
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func error(_ status: Int32) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// A value SQLite stores, in its five storage classes.
enum SQLiteValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    /// About what the value costs to hold.
    var byteCount: Int {
        switch self {
        case .integer, .real, .null: 8
        case .text(let text): text.utf8.count
        case .blob(let bytes): bytes.count
        }
    }
}

/// What a statement returned: column names and rows of values.
struct SQLiteRows: Equatable, Sendable {
    var columns: [String]
    var rows: [[SQLiteValue]]
}

/// A failure reported by libsqlite3: its (extended) result code and message.
struct SQLiteError: Error, CustomStringConvertible, Sendable {
    let code: Int32
    let message: String

    /// The primary result code (SQLITE_FULL, SQLITE_BUSY, ...).
    var primaryCode: Int32 { code & 0xff }

    /// The database or disk is full (the interfaces' `database-full`).
    var isDatabaseFull: Bool { primaryCode == SQLITE_FULL }

    var description: String { message }
}
