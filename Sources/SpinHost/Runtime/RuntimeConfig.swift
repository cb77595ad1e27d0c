import Foundation

/// `runtime-config.toml` (`spin up --runtime-config-file`): where the
/// application's stores, databases and variables live. Each capability
/// reads its own top-level tables (`Capability.runtimeConfigTables`);
/// `HostCapabilities` refuses a table no capability claims, and each
/// capability refuses keys it does not know, naming the file and line.
///
/// See <https://spinframework.dev/v3/dynamic-configuration#runtime-configuration>.
public struct RuntimeConfig {
    /// The file as the user named it, for messages; nil when none was given.
    public let file: String?
    /// Relative paths in the file are resolved against its directory, as Spin does.
    public let directory: String
    let root: TOMLFields?

    /// No runtime config: every capability uses its defaults.
    public static func none(directory: String) -> RuntimeConfig {
        RuntimeConfig(file: nil, directory: directory, root: nil)
    }

    /// Reads and parses `path`.
    public static func load(_ path: String) throws(ManifestError) -> RuntimeConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(file: path, kind: .unreadable, message: "cannot read the runtime config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, kind: .unreadable, message: "the runtime config file is not UTF-8 text")
        }
        return try parse(text, file: path, directory: (HostPath.absolute(path, relativeTo: HostPath.currentDirectory()) as NSString).deletingLastPathComponent)
    }

    static func parse(_ text: String, file: String, directory: String) throws(ManifestError) -> RuntimeConfig {
        RuntimeConfig(file: file, directory: directory, root: try TOMLFields.document(text, file: file))
    }

    /// The named entries of a table of tables such as `[key_value_store.NAME]`.
    func namedTables(_ key: String, expectation: String) throws(ManifestError) -> [(String, TOMLFields)] {
        guard let root else { return [] }
        return try root.tableOfTables(key, expectation: expectation, context: { "[\(key).\($0)]" }) ?? []
    }

    /// The entries of an array of tables such as `[[config_provider]]`.
    func tableArray(_ key: String) throws(ManifestError) -> [TOMLFields] {
        guard let root else { return [] }
        return try root.arrayOfTables(key, expectation: "an array of tables ([[\(key)]])", context: { "[[\(key)]] #\($0 + 1)" }) ?? []
    }

    /// A single table such as `[outbound_networking]`.
    func table(_ key: String) throws(ManifestError) -> TOMLFields? {
        try root?.table(key)
    }

    /// Fails on a top-level key that is not in `claimed`.
    func rejectUnclaimedTables(_ claimed: Set<String>) throws(ManifestError) {
        guard let root else { return }
        for key in root.keys where !claimed.contains(key) {
            throw root.error("unknown runtime config table \(quoted(key)); this host reads "
                + claimed.sorted().map { quoted($0) }.joined(separator: ", "), at: key)
        }
    }

    /// `state_dir`: taken against the current directory, as Spin does.
    func stateDirectory() throws(ManifestError) -> String? {
        try root?.string("state_dir").map { HostPath.absolute($0, relativeTo: HostPath.currentDirectory()) }
    }

    /// `log_dir`: taken against the current directory.
    func logDirectory() throws(ManifestError) -> String? {
        try root?.string("log_dir").map { HostPath.absolute($0, relativeTo: HostPath.currentDirectory()) }
    }

    /// A path from the file: absolute as written, else relative to its directory.
    func resolve(_ path: String) -> String {
        HostPath.absolute(path, relativeTo: directory)
    }
}
