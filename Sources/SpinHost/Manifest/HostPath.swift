#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lexical path arithmetic on `/`-separated host paths, plus the few
/// system calls that ask the file system what a path really is.
enum HostPath {
    /// The components of a relative path with `.` and empty components
    /// dropped and `..` applied; nil if `..` climbs above the start.
    static func normalizedComponents(_ relative: String) -> [String]? {
        var components: [String] = []
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard components.popLast() != nil else { return nil }
            default: components.append(String(part))
            }
        }
        return components
    }

    /// `path` made absolute against `directory` and normalised lexically.
    static func absolute(_ path: String, relativeTo directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var components: [String] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(String(part))
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// `path` relative to `directory` if it is `directory` or inside it
    /// (both absolute and normalised); nil otherwise.
    static func relative(_ path: String, to directory: String) -> [String]? {
        let base = directory.split(separator: "/").map(String.init)
        let full = path.split(separator: "/").map(String.init)
        guard full.count >= base.count, Array(full.prefix(base.count)) == base else { return nil }
        return Array(full.dropFirst(base.count))
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path with every symbolic link resolved, or nil if it does not exist.
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    enum Kind {
        case file
        case directory
        case symbolicLink
        case other
    }

    /// What `path` is; with `followingLinks` false a symbolic link is reported as such.
    static func kind(of path: String, followingLinks: Bool = false) -> Kind? {
        var status = stat()
        let result = followingLinks ? stat(path, &status) : lstat(path, &status)
        guard result == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The names in a directory (without `.` and `..`), sorted; nil if it cannot be read.
    static func entries(of directory: String) -> [String]? {
        guard let stream = opendir(directory) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            // A name that is not UTF-8 cannot be written in a manifest or
            // round-trip through String, so it is left out.
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(validating: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let name, name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func lastErrorText() -> String { String(cString: strerror(errno)) }
}
