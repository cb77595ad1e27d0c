import ComponentModel
import WasmInterpreter

/// Spin 1's `sqlite` (`wit/ephemeral/sqlite.wit` of Spin 1.5): connections
/// as `u32` handles the instance opens by database label, with the same
/// error variant, values and grants (`sqlite_databases`) as Spin 2's
/// `fermyon:spin/sqlite`.
enum Spin1SQLite {
    static let moduleName = "sqlite"
    static let invalidConnection = ComponentValue.variant(case: 2, payload: nil)

    /// The connections one instance has open, by handle.
    static let openConnections = HostStateKey<Spin1Handles<OpenSQLiteConnection>>()

    static func define(in linker: inout Linker) {
        let error = SQLiteCapability.errorType
        linker.define(moduleName, "open", Spin1HostFunction.make([.string], .result(ok: .u32, error: error)) {
            caller, arguments throws(Trap) in
            guard case .string(let label) = arguments[0] else { throw Trap(.host("sqlite open: the name is not a string")) }
            switch try SQLiteCapability.openConnection(caller.store, label) {
            case .success(let opened):
                return .ok(.u32(Spin1Handles.of(caller.store, openConnections).insert(opened)))
            case .failure(let failure):
                return .error(failure.value)
            }
        })
        linker.define(moduleName, "execute", Spin1HostFunction.make(
            [.u32, .string, .list(SQLiteCapability.valueType)], .result(ok: SQLiteCapability.queryResultType, error: error)) {
            caller, arguments throws(Trap) in
            guard case .u32(let handle) = arguments[0],
                  let target = Spin1Handles.of(caller.store, openConnections)[handle] else { return .error(invalidConnection) }
            guard case .string(let statement) = arguments[1], case .list(let values) = arguments[2] else {
                throw Trap(.host("sqlite execute: arguments"))
            }
            switch try SQLiteCapability.execute(target, statement, values, store: caller.store, function: "sqlite execute") {
            case .success(let rows):
                return .ok(.record([.list(rows.columns.map { .string($0) }), .list(rows.rows.map(SQLiteCapability.rowValue))]))
            case .failure(let failure):
                return .error(failure.value)
            }
        })
        linker.define(moduleName, "close", Spin1HostFunction.make([.u32], nil) { caller, arguments throws(Trap) in
            if case .u32(let handle) = arguments[0] { Spin1Handles.of(caller.store, openConnections).remove(handle) }
            return nil
        })
    }
}
