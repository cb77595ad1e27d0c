/// One file the guest sees: a regular file on the host and the absolute
/// path at which it appears in the guest.
public struct FileMapping: Sendable, Hashable {
    /// Absolute host path of a regular file inside the application directory.
    public let hostPath: String
    /// Absolute guest path, e.g. `/static/index.html`.
    public let guestPath: String

    /// A mapping of `hostPath` to `guestPath`.
    public init(hostPath: String, guestPath: String) {
        self.hostPath = hostPath
        self.guestPath = guestPath
    }
}

/// A component's `files` and `exclude_files` resolved against the
/// application directory into the list of files the guest may read, as Spin
/// does when it copies them for a component:
///
/// - a pattern naming a file maps that file to the same relative path in the guest;
/// - a pattern naming a directory maps every file below it, recursively;
/// - any other pattern is a glob (`*`, `?`, `[...]`, `**`) and maps every
///   matching regular file to its path relative to the application directory;
/// - `{ source, destination }` maps a file to `destination`, or every file
///   below a directory to the same relative path below `destination`;
/// - files found by globs and directories are left out when their path
///   relative to the application directory matches an `exclude_files`
///   pattern (where, as in Spin, `*` also matches `/`);
/// - a later entry that maps the same guest path wins.
///
/// Nothing outside the application directory is ever included: entries
/// that climb out with `..` are rejected when the manifest is loaded, and
/// symbolic links whose targets lie outside are not followed.
///
/// `assemble(into:)` then materialises the mapping as a directory tree that
/// the host preopens read-only at the guest's `/`.
///
/// See <https://spinframework.dev/v3/writing-apps#including-files-with-components>.
public struct ComponentFiles: Sendable, Equatable {
    /// The component whose files these are.
    public let componentID: String
    /// Every mapped file, sorted by guest path; guest paths are unique.
    public let mappings: [FileMapping]
    /// The manifest's name, for messages.
    let file: String

    /// Resolves `component`'s files in `manifest`'s application directory.
    public init(component: ComponentManifest, manifest: Manifest) throws(ManifestError) {
        try self.init(component: component, applicationDirectory: manifest.applicationDirectory, file: manifest.file)
    }

    /// Resolves `component`'s files in `applicationDirectory`; `file` names
    /// the manifest in messages.
    public init(component: ComponentManifest, applicationDirectory: String, file: String = ManifestLoader.defaultFileName) throws(ManifestError) {
        let context = ManifestContext.component(component.id)
        let absolute = HostPath.absolute(applicationDirectory, relativeTo: HostPath.currentDirectory())
        guard let root = HostPath.canonical(absolute), HostPath.kind(of: root) == .directory else {
            throw ManifestError(
                file: file, kind: .unreadable, context: context,
                message: "the application directory \(quoted(applicationDirectory)) does not exist")
        }
        var excludes: [[GlobPattern.Token]] = []
        for pattern in component.excludeFiles {
            let trimmed = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
            do {
                excludes.append(try GlobPattern.pathTokens(of: trimmed))
            } catch {
                throw ManifestError(file: file, context: context, message: "exclude_files entry \(quoted(pattern)) is not a valid glob pattern: \(error.message)")
            }
        }
        var resolver = FileResolver(root: root, excludes: excludes, file: file, context: context)
        for mount in component.files {
            try resolver.add(mount)
        }
        componentID = component.id
        mappings = try resolver.mappings()
        self.file = file
    }

    /// Why a `files` pattern is unusable (checked when the manifest is
    /// loaded), or nil; the text follows `files entry "<pattern>"`.
    static func problem(withPattern pattern: String, applicationDirectory: String) -> String? {
        if pattern.isEmpty { return "must not be empty" }
        let advice = "to include a directory, use a { source, destination } mapping or a pattern ending in \"**/*\""
        if pattern == ".." || pattern.hasSuffix("/..") { return "can't end in a parent directory path (\"..\"); \(advice)" }
        if pattern == "." || pattern.hasSuffix("/.") { return "can't end in a current directory path (\".\"); \(advice)" }
        guard let components = relativeComponents(pattern, root: applicationDirectory) else {
            return "is outside the application directory"
        }
        do {
            _ = try GlobPattern.components(of: components)
        } catch {
            return "is not a valid glob pattern: \(error.message)"
        }
        return nil
    }

    /// Why a `{ source, destination }` source is unusable, or nil.
    static func problem(withPlacementSource source: String, applicationDirectory: String) -> String? {
        if source.isEmpty { return "must not be empty" }
        return relativeComponents(source, root: applicationDirectory) == nil ? "is outside the application directory" : nil
    }

    /// The normalised components of a manifest path below `root`, or nil if
    /// it leaves `root` (through `..`, or as an absolute path elsewhere).
    static func relativeComponents(_ path: String, root: String) -> [String]? {
        if path.hasPrefix("/") {
            return HostPath.relative(HostPath.absolute(path, relativeTo: "/"), to: root)
        }
        return HostPath.normalizedComponents(path)
    }
}
