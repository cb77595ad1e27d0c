import TOMLKit

/// One TOML table of the manifest, read field by field into Swift values.
/// Every read checks the TOML type and reports a mismatch as a
/// `ManifestError` naming the file, the line, the context and the dotted
/// field path, so the decoders never look at TOMLKit values themselves.
struct TOMLFields {
    let table: TOMLTable
    let file: String
    /// `component "api"`, `[[trigger.http]] #1`, ...; nil at the top level.
    let context: String?
    /// Path of this table below the context, e.g. `build.` for a component's
    /// build table, so that messages say `field "build.command"`.
    let prefix: String
    /// Where the document's keys are, and this table's key path in it, so
    /// that a message about a field names the line it is on.
    let positions: TOMLPositions
    let keyPath: TOMLPositions.Path

    /// The document's top-level table.
    init(root table: TOMLTable, file: String, positions: TOMLPositions) {
        self.init(table: table, file: file, context: nil, prefix: "", positions: positions, keyPath: [])
    }

    private init(
        table: TOMLTable, file: String, context: String?, prefix: String,
        positions: TOMLPositions, keyPath: TOMLPositions.Path
    ) {
        self.table = table
        self.file = file
        self.context = context
        self.prefix = prefix
        self.positions = positions
        self.keyPath = keyPath
    }

    /// `table`, found at `steps` below this table, read under `context`
    /// with field paths starting with `prefix`.
    func nested(
        _ table: TOMLTable, at steps: TOMLPositions.Path, context: String?, prefix: String = ""
    ) -> TOMLFields {
        TOMLFields(
            table: table, file: file, context: context, prefix: prefix, positions: positions,
            keyPath: keyPath + steps)
    }

    /// The keys present, in the table's (sorted) order.
    var keys: [String] { table.keys }

    func contains(_ key: String) -> Bool { table[key] != nil }

    func path(_ key: String) -> String { prefix + key }

    /// The line of this table's header (or of the key that defines it);
    /// nil for the top level, which has none.
    var line: Int? { positions.line(of: keyPath) }

    /// The line of the entry at `steps` below this table, else the table's.
    func line(at steps: TOMLPositions.Path) -> Int? {
        positions.line(of: keyPath + steps) ?? line
    }

    /// An error about the table as a whole, at its header's line.
    func error(_ message: String) -> ManifestError {
        ManifestError(file: file, line: line, context: context, message: message)
    }

    /// An error about the field `key`, at its line.
    func error(_ message: String, at key: String) -> ManifestError {
        error(message, at: [.key(key)])
    }

    /// An error about the entry at `steps` below this table (e.g. one element of an array).
    func error(_ message: String, at steps: TOMLPositions.Path) -> ManifestError {
        ManifestError(file: file, line: line(at: steps), context: context, message: message)
    }

    /// `field "<key>" must be <expectation>`, at the line of the key, or
    /// of the offending entry `within` it (an array element, a table key).
    func typeError(_ key: String, _ expectation: String, within steps: TOMLPositions.Path = []) -> ManifestError {
        let entry: TOMLPositions.Path = [.key(key)] + steps
        return error("field \(quoted(path(key))) must be \(expectation)", at: entry)
    }

    func missing(_ key: String) -> ManifestError {
        error("missing required field \(quoted(path(key)))")
    }

    /// Fails on the first key (in sorted order) that is not in `allowed`.
    func rejectUnknownFields(allowed: Set<String>) throws(ManifestError) {
        for key in keys where !allowed.contains(key) {
            throw error("unknown field \(quoted(path(key)))", at: key)
        }
    }

    func value(_ key: String) -> (any TOMLValueConvertible)? { table[key] }

    // MARK: Scalars

    func string(_ key: String) throws(ManifestError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw typeError(key, "a string") }
        return string
    }

    func requiredString(_ key: String) throws(ManifestError) -> String {
        guard let string = try string(key) else { throw missing(key) }
        return string
    }

    func bool(_ key: String) throws(ManifestError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw typeError(key, "a boolean (true or false)") }
        return bool
    }

    func integer(_ key: String) throws(ManifestError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let integer = value.int else { throw typeError(key, "an integer") }
        return integer
    }

    // MARK: Collections

    func stringArray(_ key: String) throws(ManifestError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw typeError(key, "an array of strings") }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else { throw typeError(key, "an array of strings", within: [.index(index)]) }
            strings.append(string)
        }
        return strings
    }

    /// A table whose values are all strings, as (key, value) pairs in key order.
    func stringPairs(_ key: String) throws(ManifestError) -> [(String, String)]? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw typeError(key, "a table of strings") }
        var pairs: [(String, String)] = []
        for name in inner.keys {
            guard let string = inner[name]?.string else { throw typeError(key, "a table of strings", within: [.key(name)]) }
            pairs.append((name, string))
        }
        return pairs
    }

    func stringTable(_ key: String) throws(ManifestError) -> [String: String]? {
        guard let pairs = try stringPairs(key) else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    /// A sub-table, read with the same context and a longer field path.
    func table(_ key: String) throws(ManifestError) -> TOMLFields? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw typeError(key, "a table") }
        return nested(inner, at: [.key(key)], context: context, prefix: path(key) + ".")
    }

    /// A sub-table whose values are all tables (e.g. `[component.*]`), as
    /// (key, table) pairs; each inner table is read with `context(key)`.
    func tableOfTables(
        _ key: String, expectation: String, context: (String) -> String?
    ) throws(ManifestError) -> [(String, TOMLFields)]? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw typeError(key, expectation) }
        var entries: [(String, TOMLFields)] = []
        for name in inner.keys {
            guard let entry = inner[name]?.table else { throw typeError(key, expectation, within: [.key(name)]) }
            entries.append((name, nested(entry, at: [.key(key), .key(name)], context: context(name))))
        }
        return entries
    }

    /// An array of tables (`[[component]]`, `[[trigger.http]]`), each read
    /// with `context(index)`.
    func arrayOfTables(
        _ key: String, expectation: String, context: (Int) -> String?
    ) throws(ManifestError) -> [TOMLFields]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw typeError(key, expectation) }
        var tables: [TOMLFields] = []
        for (index, element) in array.enumerated() {
            guard let entry = element.table else { throw typeError(key, expectation, within: [.index(index)]) }
            tables.append(nested(entry, at: [.key(key), .index(index)], context: context(index)))
        }
        return tables
    }

    /// The same table read under another context (e.g. an inline component).
    func recontextualized(_ context: String?, prefix: String = "") -> TOMLFields {
        TOMLFields(table: table, file: file, context: context, prefix: prefix, positions: positions, keyPath: keyPath)
    }
}
