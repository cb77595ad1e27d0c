public import ComponentModel
import WasmInterpreter

/// `fermyon:spin/sqlite@2.0.0`, `spin:sqlite/sqlite@3.0.0` and `@3.1.0`:
/// a `connection` resource opened by label, `execute` with positional
/// parameters of every value type, and from 3.0.0 `last-insert-rowid` and
/// `changes`. 3.1.0 (the Spin 4 SDKs) adds `async` forms of each; they
/// answer at once (SQLite is local), and `execute-async` hands the rows
/// over as a `stream<row-result>` the guest reads at its pace, with a
/// future that says how the statement went.
extension SQLiteCapability {
    static let interfaces = ["fermyon:spin/sqlite@2.0.0", "spin:sqlite/sqlite@3.0.0", "spin:sqlite/sqlite@3.1.0"]

    /// `error`: no-such-database, access-denied, invalid-connection, database-full, io(string).
    static let errorType = ComponentValueType.variant([
        .init("no-such-database", nil), .init("access-denied", nil), .init("invalid-connection", nil),
        .init("database-full", nil), .init("io", .string),
    ])
    static let valueType = ComponentValueType.variant([
        .init("integer", .s64), .init("real", .f64), .init("text", .string), .init("blob", .list(.u8)), .init("null", nil),
    ])
    static let rowResultType = ComponentValueType.record([.init("values", .list(valueType))])
    static let queryResultType = ComponentValueType.record([.init("columns", .list(.string)), .init("rows", .list(rowResultType))])

    public static func define(in linker: inout ComponentLinker) {
        for interface in interfaces {
            let connection = linker.defineResource(interface, "connection")
            let openType = WASIComponentTypes.function([("database", .string)], .result(ok: .own(connection), error: errorType))
            let executeParameters: [(String, ComponentValueType)] = [("statement", .string), ("parameters", .list(valueType))]
            linker.define(interface, "[static]connection.open", openType) { call, arguments throws(Trap) in
                try open(call, arguments)
            }
            linker.define(interface, "[method]connection.execute", WASIComponentTypes.method(
                connection, executeParameters, .result(ok: queryResultType, error: errorType))) { call, arguments throws(Trap) in
                switch try execute(call, arguments) {
                case .success(let rows):
                    .ok(.record([.list(rows.columns.map { .string($0) }), .list(rows.rows.map(rowValue))]))
                case .failure(let error):
                    .error(error.value)
                }
            }
            guard interface.hasPrefix("spin:sqlite/") else { continue }
            let isVersion31 = interface.hasSuffix("@3.1.0")
            for suffix in isVersion31 ? ["", "-async"] : [""] {
                let isAsync = !suffix.isEmpty
                linker.define(interface, "[method]connection.last-insert-rowid\(suffix)",
                              WASIComponentTypes.method(connection, [], .s64).async(isAsync)) { call, arguments throws(Trap) in
                    let target: OpenSQLiteConnection = try arguments.resource(call, 0, "connection")
                    return .s64(target.connection.lastInsertRowID)
                }
                linker.define(interface, "[method]connection.changes\(suffix)",
                              WASIComponentTypes.method(connection, [], .u64).async(isAsync)) { call, arguments throws(Trap) in
                    let target: OpenSQLiteConnection = try arguments.resource(call, 0, "connection")
                    return .u64(UInt64(max(0, target.connection.changes)))
                }
            }
            guard isVersion31 else { continue }
            linker.define(interface, "[static]connection.open-async", openType.async()) { call, arguments throws(Trap) in
                try open(call, arguments)
            }
            let outcomeType = ComponentValueType.result(ok: nil, error: errorType)
            let streamed = ComponentValueType.tuple([.list(.string), .stream(rowResultType), .future(outcomeType)])
            linker.define(interface, "[method]connection.execute-async", WASIComponentTypes.method(
                connection, executeParameters, .result(ok: streamed, error: errorType)).async()) { call, arguments throws(Trap) in
                switch try execute(call, arguments) {
                case .success(let rows):
                    let (stream, streamValue) = HostStream.make(elementType: rowResultType, in: call.store)
                    try stream.writeAll(values: rows.rows.map(rowValue)) { stream.drop() }
                    // The statement has run whole: its outcome is known before the first row is read.
                    let (outcome, outcomeValue) = HostFuture.make(elementType: outcomeType, in: call.store)
                    try outcome.write(.ok(nil))
                    return .ok(.tuple([.list(rows.columns.map { .string($0) }), streamValue, outcomeValue]))
                case .failure(let error):
                    return .error(error.value)
                }
            }
        }
    }

    /// `open(database)`: a connection from the database's pool, if this component may use it.
    static func open(_ call: HostCall, _ arguments: HostArguments) throws(Trap) -> ComponentValue {
        switch try openConnection(call.store, try arguments.string(0)) {
        case .success(let opened): .ok(call.own(opened))
        case .failure(let error): .error(error.value)
        }
    }

    /// A connection to database `label` of the instance in `store`, if its
    /// component may use it (Spin 1's `sqlite` too: the same error variant).
    static func openConnection(_ store: Store, _ label: String) throws(Trap) -> Result<OpenSQLiteConnection, ErrorValue> {
        guard let grants = store[SQLiteGrants.key] else { throw Trap(.host("SQLite is not set up for this instance")) }
        guard let database = grants.databases[label] else { return .failure(ErrorValue(value: .variant(case: 1, payload: nil))) }
        do throws(SQLiteError) {
            return .success(OpenSQLiteConnection(database: database, connection: try database.pool.take()))
        } catch {
            return .failure(ErrorValue(value: .variant(case: 4, payload: .string(error.message))))
        }
    }

    /// An `error` value, carried in a `Result`.
    struct ErrorValue: Error {
        let value: ComponentValue
    }

    /// `execute(statement, parameters)` on the connection of argument 0.
    static func execute(_ call: HostCall, _ arguments: HostArguments) throws(Trap) -> Result<SQLiteRows, ErrorValue> {
        let target: OpenSQLiteConnection = try arguments.resource(call, 0, "connection")
        guard case .list(let values) = try arguments.value(2) else { throw Trap(.host("\(arguments.function): parameters")) }
        return try execute(target, try arguments.string(1), values, store: call.store, function: arguments.function)
    }

    /// Runs `statement` with `values` (`value`s) on `target`.
    static func execute(_ target: OpenSQLiteConnection, _ statement: String, _ values: [ComponentValue], store: Store,
                        function: String) throws(Trap) -> Result<SQLiteRows, ErrorValue> {
        var parameters: [SQLiteValue] = []
        for value in values { parameters.append(try sqliteValue(value, function)) }
        do throws(SQLiteError) {
            return .success(try target.connection.execute(statement, parameters, interruption: store.interruptHandle))
        } catch {
            if store.interruptHandle.isSet { throw Trap(.interrupted) }
            return .failure(ErrorValue(value: error.isDatabaseFull ? .variant(case: 3, payload: nil)
                                       : .variant(case: 4, payload: .string(error.message))))
        }
    }

    /// A `row-result`.
    static func rowValue(_ row: [SQLiteValue]) -> ComponentValue {
        .record([.list(row.map(componentValue))])
    }

    static func sqliteValue(_ value: ComponentValue, _ function: String) throws(Trap) -> SQLiteValue {
        switch value {
        case .variant(0, .s64(let number)?): return .integer(number)
        case .variant(1, .f64(let number)?): return .real(number)
        case .variant(2, .string(let text)?): return .text(text)
        case .variant(3, let bytes?): return .blob(bytes.bytesValue ?? [])
        case .variant(4, nil): return .null
        default: throw Trap(.host("\(function): a parameter is not a sqlite value"))
        }
    }

    static func componentValue(_ value: SQLiteValue) -> ComponentValue {
        switch value {
        case .integer(let number): .variant(case: 0, payload: .s64(number))
        case .real(let number): .variant(case: 1, payload: .f64(number))
        case .text(let text): .variant(case: 2, payload: .string(text))
        case .blob(let bytes): .variant(case: 3, payload: .bytes(bytes))
        case .null: .variant(case: 4, payload: nil)
        }
    }
}

/// The databases one component may open, shared by all its instances.
final class SQLiteGrants: Sendable {
    static let key = HostStateKey<SQLiteGrants>()

    let databases: [String: SQLiteDatabase]

    init(databases: [String: SQLiteDatabase]) {
        self.databases = databases
    }
}

/// A guest's open connection; it goes back to the pool when the guest
/// drops it or its instance ends (an open transaction is rolled back).
final class OpenSQLiteConnection {
    let database: SQLiteDatabase
    let connection: SQLiteConnection

    init(database: SQLiteDatabase, connection: SQLiteConnection) {
        self.database = database
        self.connection = connection
    }

    deinit {
        database.pool.giveBack(connection)
    }
}
