import Foundation
import ComponentModel
import WasmInterpreter

/// SQLite databases for guests: `fermyon:spin/sqlite@2.0.0`,
/// `spin:sqlite/sqlite@3.0.0` (which adds `last-insert-rowid` and
/// `changes`) and `@3.1.0` (async forms, rows as a stream). The `default` database is `sqlite_db.db` in the state
/// directory unless the runtime config redefines it
/// (`[sqlite_database.NAME]`, type `spin`, with a path taken against the
/// current directory as Spin does). A component opens only the labels in
/// its `sqlite_databases`.
///
/// See <https://spinframework.dev/v3/sqlite-api-guide>.
public struct SQLiteCapability: Capability {
    public static let runtimeConfigTables = ["sqlite_database"]

    /// Every database the application may use, by label.
    let databases: [String: SQLiteDatabase]

    public init(app: CapabilityContext) throws(SpinError) {
        var databases = ["default": SQLiteDatabase(label: "default", path: app.stateDirectory + "/sqlite_db.db", allowAttach: false)]
        do throws(ManifestError) {
            for (label, fields) in try app.runtimeConfig.namedTables("sqlite_database", expectation: "a table of database tables") {
                let type = try fields.requiredString("type")
                guard type == "spin" else {
                    throw fields.error("unsupported SQLite database type \(quoted(type)); this host has \"spin\" (a local file)", at: "type")
                }
                try fields.rejectUnknownFields(allowed: ["type", "path", "allow_attach_file"])
                guard let path = try fields.string("path") else {
                    throw fields.error("field \"path\" is required: this host keeps every database in a file", at: "type")
                }
                databases[label] = SQLiteDatabase(
                    label: label, path: HostPath.absolute(path, relativeTo: HostPath.currentDirectory()),
                    allowAttach: try fields.bool("allow_attach_file") ?? false)
            }
        } catch {
            throw .manifest(error)
        }
        let undefined = app.manifest.components.flatMap { component in
            component.sqliteDatabases.filter { databases[$0] == nil }.map { (component.id, $0) }
        }
        if let (component, label) = undefined.first {
            throw .component(component, "uses SQLite database \(quoted(label)), which is not defined; "
                + "define it in the runtime config as [sqlite_database.\(label)]")
        }
        self.databases = databases
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        let grants = SQLiteGrants(databases: databases.filter { component.sqliteDatabases.contains($0.key) })
        return InstanceSetup { store in store[SQLiteGrants.key] = grants }
    }

    /// `spin up --sqlite`: each statement, or `@file` (all its statements)
    /// or `@file:label`, run in order before serving, against `default`
    /// unless a label is given.
    public func runStartupStatements(_ arguments: [String]) throws(SpinError) {
        for argument in arguments {
            var label = "default"
            var statements = argument
            if argument.hasPrefix("@") {
                var path = String(argument.dropFirst())
                if let colon = path.lastIndex(of: ":"), !path[path.index(after: colon)...].contains("/") {
                    label = String(path[path.index(after: colon)...])
                    path = String(path[..<colon])
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw .io("--sqlite: cannot read \(path)")
                }
                statements = String(decoding: data, as: UTF8.self)
            }
            guard let database = databases[label] else {
                throw .io("--sqlite \(argument): no SQLite database \(quoted(label)) is defined")
            }
            do throws(SQLiteError) {
                _ = try database.pool.withConnection { connection throws(SQLiteError) in try connection.execute(statements) }
            } catch {
                throw .io("--sqlite \(argument): failed against database \(quoted(label)): \(error.message)")
            }
        }
    }
}

/// One SQLite database an application defines.
final class SQLiteDatabase: Sendable {
    let label: String
    let pool: SQLiteConnectionPool

    init(label: String, path: String, allowAttach: Bool) {
        self.label = label
        pool = SQLiteConnectionPool(path: path) { connection throws(SQLiteError) in
            if !allowAttach { connection.denyAttachingFiles() }
        }
    }
}
