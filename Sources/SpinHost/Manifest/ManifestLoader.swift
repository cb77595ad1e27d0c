import TOMLKit

/// Loads and validates `spin.toml`: reads the file, parses the TOML,
/// detects the manifest version and reads it into a `Manifest`, converting
/// version 1 on the way. Nothing on disk is touched except the manifest
/// itself; `ComponentFiles` and `Manifest.resolveSources(cacheDirectory:)`
/// look at the files and sources it names.
///
/// See <https://spinframework.dev/v3/manifest-reference>.
public enum ManifestLoader {
    /// The manifest file name looked for in a directory.
    public static let defaultFileName = "spin.toml"

    /// Loads the manifest at `path`: a manifest file, or a directory that
    /// contains `spin.toml` (as `spin up --from` accepts). The directory that
    /// holds the manifest is the application directory.
    public static func load(from path: String) throws(ManifestError) -> Manifest {
        let path = path.isEmpty ? "." : path
        let manifestPath: String
        let displayName: String
        if HostPath.kind(of: path, followingLinks: true) == .directory {
            manifestPath = HostPath.join(path, defaultFileName)
            displayName = displayPath(manifestPath)
        } else {
            manifestPath = path
            displayName = displayPath(path)
        }
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(manifestPath)
        } catch where manifestPath != path && HostPath.kind(of: manifestPath, followingLinks: true) == nil {
            // Spin's wording, and the place looked at, for a directory without a manifest.
            let directory = HostPath.absolute(path, relativeTo: HostPath.currentDirectory())
            throw ManifestError(
                file: displayPath(path), kind: .unreadable,
                message: "directory \(directory) does not contain a file named '\(defaultFileName)'")
        } catch {
            throw ManifestError(file: displayName, kind: .unreadable, message: "cannot read the manifest: \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ManifestError(file: displayName, kind: .unreadable, message: "the manifest is not UTF-8 text")
        }
        let parent = parentDirectory(of: HostPath.absolute(manifestPath, relativeTo: HostPath.currentDirectory()))
        return try parse(text, file: displayName, applicationDirectory: parent)
    }

    /// Reads manifest text. `file` is the name used in messages;
    /// `applicationDirectory` is what relative paths in the manifest are
    /// resolved against (made absolute against the current directory).
    public static func parse(
        _ text: String, file: String = defaultFileName, applicationDirectory: String
    ) throws(ManifestError) -> Manifest {
        let absolute = HostPath.absolute(applicationDirectory, relativeTo: HostPath.currentDirectory())
        let directory = HostPath.canonical(absolute) ?? absolute
        guard !text.utf8.contains(0) else {
            throw ManifestError(file: file, message: "the manifest contains a NUL character")
        }
        let root = try TOMLFields.document(text, file: file)
        switch try version(of: root) {
        case .version1: return try ManifestV1(root: root, applicationDirectory: directory).decode()
        case .version2: return try ManifestV2(root: root, applicationDirectory: directory).decode()
        }
    }

    /// `spin_manifest_version = 2`, or `"1"` (also spelt `spin_version = "1"`).
    private static func version(of root: TOMLFields) throws(ManifestError) -> ManifestFormat {
        let expected = "expected spin_manifest_version = 2 (or \"1\" for a version 1 manifest)"
        let key = root.contains("spin_manifest_version") ? "spin_manifest_version" : "spin_version"
        guard let value = root.value(key) else { throw root.missing("spin_manifest_version") }
        if let number = value.int {
            if number == 2 && key == "spin_manifest_version" { return .version2 }
            throw root.error("unsupported manifest version \(number): \(expected)", at: key)
        }
        if let string = value.string {
            if string == "1" { return .version1 }
            throw root.error("unsupported manifest version \(quoted(string)): \(expected)", at: key)
        }
        throw root.error("field \(quoted(key)) must be the integer 2 (or the string \"1\")", at: key)
    }

    /// `path` without a leading `./`, as messages show it.
    private static func displayPath(_ path: String) -> String {
        var display = Substring(path)
        while display.hasPrefix("./") { display = display.dropFirst(2) }
        return display.isEmpty ? path : String(display)
    }

    private static func parentDirectory(of absolute: String) -> String {
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }
}
