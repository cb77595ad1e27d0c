import TOMLKit

/// One TOML table of the manifest, read field by field into Swift values.
/// Every read checks the TOML type and reports a mismatch as a
/// `ManifestError` naming the file, the context and the dotted field path,
/// so the decoders never look at TOMLKit values themselves.
struct TOMLFields {
    let table: TOMLTable
    let file: String
    /// `component "api"`, `[[trigger.http]] #1`, ...; nil at the top level.
    let context: String?
    /// Path of this table below the context, e.g. `build.` for a component's
    /// build table, so that messages say `field "build.command"`.
    let prefix: String

    init(table: TOMLTable, file: String, context: String?, prefix: String = "") {
        self.table = table
        self.file = file
        self.context = context
        self.prefix = prefix
    }

    /// The keys present, in the table's (sorted) order.
    var keys: [String] { table.keys }

    func contains(_ key: String) -> Bool { table[key] != nil }

    func path(_ key: String) -> String { prefix + key }

    func error(_ message: String) -> ManifestError {
        ManifestError(file: file, context: context, message: message)
    }

    func typeError(_ key: String, _ expectation: String) -> ManifestError {
        error("field \(quoted(path(key))) must be \(expectation)")
    }

    func missing(_ key: String) -> ManifestError {
        error("missing required field \(quoted(path(key)))")
    }

    /// Fails on the first key (in sorted order) that is not in `allowed`.
    func rejectUnknownFields(allowed: Set<String>) throws(ManifestError) {
        for key in keys where !allowed.contains(key) {
            throw error("unknown field \(quoted(path(key)))")
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
        for element in array {
            guard let string = element.string else { throw typeError(key, "an array of strings") }
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
            guard let string = inner[name]?.string else { throw typeError(key, "a table of strings") }
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
        return TOMLFields(table: inner, file: file, context: context, prefix: path(key) + ".")
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
            guard let entry = inner[name]?.table else { throw typeError(key, expectation) }
            entries.append((name, TOMLFields(table: entry, file: file, context: context(name))))
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
            guard let entry = element.table else { throw typeError(key, expectation) }
            tables.append(TOMLFields(table: entry, file: file, context: context(index)))
        }
        return tables
    }

    /// The same table read under another context (e.g. an inline component).
    func recontextualized(_ context: String?, prefix: String = "") -> TOMLFields {
        TOMLFields(table: table, file: file, context: context, prefix: prefix)
    }
}
