/// Walks the application directory for `ComponentFiles`, collecting
/// (guest path, host file) pairs under the symbolic-link policy: a link is
/// followed only when its fully resolved target is inside the application
/// directory, and a directory is never entered twice on one path (no cycles).
/// Globs and directory walks skip the application's own `.spin` directory
/// (logs and assembled files of earlier runs), unless an entry names it.
struct FileResolver {
    /// Canonical application directory.
    let root: String
    let excludes: [[GlobPattern.Token]]
    let file: String
    let context: String

    /// Guest path to host path; a later entry for the same guest path wins.
    private var files: [String: String] = [:]

    init(root: String, excludes: [[GlobPattern.Token]], file: String, context: String) {
        self.root = root
        self.excludes = excludes
        self.file = file
        self.context = context
    }

    /// What a path inside the application turned out to be.
    private enum Entry {
        /// A regular file, at this host path.
        case file(String)
        /// A directory, at this canonical host path.
        case directory(String)
    }

    mutating func add(_ mount: FileMount) throws(ManifestError) {
        switch mount {
        case .pattern(let pattern):
            guard let components = ComponentFiles.relativeComponents(pattern, root: root) else {
                throw error("files entry \(quoted(pattern)) is outside the application directory")
            }
            let path = ([root] + components).joined(separator: "/")
            if let entry = try entry(at: path, named: pattern) {
                switch entry {
                case .file(let host): files["/" + components.joined(separator: "/")] = host
                case .directory(let directory): walk(directory, relative: components, guestBase: [])
                }
            } else if GlobPattern.hasWildcards(pattern) {
                let glob: [GlobPattern.Component]
                do {
                    glob = try GlobPattern.components(of: components)
                } catch {
                    throw self.error("files entry \(quoted(pattern)) is not a valid glob pattern: \(error.message)")
                }
                match(root, relative: [], pattern: glob[...])
            } else {
                throw error("files entry \(quoted(pattern)) does not exist and is not a glob pattern")
            }
        case .placement(let source, let destination):
            guard let components = ComponentFiles.relativeComponents(source, root: root) else {
                throw error("files source \(quoted(source)) is outside the application directory")
            }
            guard let guest = HostPath.normalizedComponents(destination) else {
                throw error("files destination \(quoted(destination)) must not contain \"..\"")
            }
            let path = ([root] + components).joined(separator: "/")
            switch try entry(at: path, named: source) {
            case .file(let host):
                guard !guest.isEmpty else {
                    throw error("files destination \(quoted(destination)) is not a valid file name for the file \(quoted(source))")
                }
                files["/" + guest.joined(separator: "/")] = host
            case .directory(let directory):
                walk(directory, relative: components, guestBase: guest, stripping: components.count)
            case nil: throw error("files source \(quoted(source)) does not exist")
            }
        }
    }

    /// The collected files, after checking that no guest path is both a
    /// file and a directory.
    func mappings() throws(ManifestError) -> [FileMapping] {
        for guest in files.keys.sorted() {
            var ancestor = Substring(guest)
            while let slash = ancestor.lastIndex(of: "/"), slash != ancestor.startIndex {
                ancestor = ancestor[..<slash]
                if files[String(ancestor)] != nil {
                    throw error("files: guest path \(quoted(String(ancestor))) is mapped both as a file and as a directory")
                }
            }
        }
        return files.keys.sorted().compactMap { guest in files[guest].map { FileMapping(hostPath: $0, guestPath: guest) } }
    }

    private func error(_ message: String, kind: ManifestError.Kind = .invalid) -> ManifestError {
        ManifestError(file: file, kind: kind, context: context, message: message)
    }

    /// The entry a path named in the manifest refers to; nil if nothing is there.
    private func entry(at path: String, named name: String) throws(ManifestError) -> Entry? {
        guard HostPath.kind(of: path) != nil else { return nil }
        guard let entry = resolve(path) else {
            throw error("files entry \(quoted(name)) is a symbolic link to outside the application directory, or not a file or directory")
        }
        return entry
    }

    /// A file or directory under the link policy; nil for other kinds and
    /// for links that leave the application directory.
    private func resolve(_ path: String) -> Entry? {
        switch HostPath.kind(of: path) {
        case .file: return .file(path)
        case .directory: return .directory(HostPath.canonical(path) ?? path)
        case .symbolicLink:
            guard let target = HostPath.canonical(path), HostPath.relative(target, to: root) != nil else { return nil }
            switch HostPath.kind(of: target) {
            case .file: return .file(target)
            case .directory: return .directory(target)
            default: return nil
            }
        case .other, nil: return nil
        }
    }

    private func excluded(_ relative: [String]) -> Bool {
        let path = relative.joined(separator: "/")
        return excludes.contains { GlobPattern.matches($0, path, starCrossesSlash: true) }
    }

    /// The host's state directory at the application root, never walked into.
    private func isStateDirectory(_ name: String, in directory: String) -> Bool {
        name == ".spin" && directory == root
    }

    /// Adds every file below `directory`. `relative` is the directory's path
    /// below the application root (for `exclude_files`); the guest path is
    /// `guestBase` plus `relative` without its first `stripping` components.
    private mutating func walk(
        _ directory: String, relative: [String], guestBase: [String], stripping: Int = 0,
        ancestors: Set<String> = []
    ) {
        var ancestors = ancestors
        guard ancestors.insert(directory).inserted else { return }
        for name in HostPath.entries(of: directory) ?? [] where !isStateDirectory(name, in: directory) {
            let path = relative + [name]
            switch resolve(HostPath.join(directory, name)) {
            case .file(let host):
                guard !excluded(path) else { continue }
                files["/" + (guestBase + path.dropFirst(stripping)).joined(separator: "/")] = host
            case .directory(let subdirectory):
                walk(subdirectory, relative: path, guestBase: guestBase, stripping: stripping, ancestors: ancestors)
            case nil:
                continue
            }
        }
    }

    /// Adds the files below `directory` that match the rest of a glob.
    private mutating func match(
        _ directory: String, relative: [String], pattern: ArraySlice<GlobPattern.Component>,
        ancestors: Set<String> = []
    ) {
        guard let first = pattern.first else { return }
        var ancestors = ancestors
        guard ancestors.insert(directory).inserted else { return }
        let rest = pattern.dropFirst()
        switch first {
        case .anyDirectories:
            if rest.isEmpty {
                walk(directory, relative: relative, guestBase: [], ancestors: ancestors.subtracting([directory]))
                return
            }
            match(directory, relative: relative, pattern: rest, ancestors: ancestors.subtracting([directory]))
            for name in HostPath.entries(of: directory) ?? [] where !isStateDirectory(name, in: directory) {
                if case .directory(let subdirectory) = resolve(HostPath.join(directory, name)) {
                    match(subdirectory, relative: relative + [name], pattern: pattern, ancestors: ancestors)
                }
            }
        case .literal(let name):
            matched(name, in: directory, relative: relative, rest: rest, ancestors: ancestors)
        case .wildcard(let tokens):
            for name in HostPath.entries(of: directory) ?? []
            where !isStateDirectory(name, in: directory) && GlobPattern.matches(tokens, name, starCrossesSlash: false) {
                matched(name, in: directory, relative: relative, rest: rest, ancestors: ancestors)
            }
        }
    }

    private mutating func matched(
        _ name: String, in directory: String, relative: [String], rest: ArraySlice<GlobPattern.Component>,
        ancestors: Set<String>
    ) {
        let path = relative + [name]
        switch resolve(HostPath.join(directory, name)) {
        case .file(let host) where rest.isEmpty:
            guard !excluded(path) else { return }
            files["/" + path.joined(separator: "/")] = host
        case .directory(let subdirectory) where !rest.isEmpty:
            match(subdirectory, relative: path, pattern: rest, ancestors: ancestors)
        default:
            return
        }
    }
}
