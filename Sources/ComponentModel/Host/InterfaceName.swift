/// A fully qualified interface name, `namespace:package/interface@version`,
/// split so that imports can match host definitions of a compatible version
/// (as wasmtime does): `wasi:io/streams@0.2.0` is served by `@0.2.6`.
struct InterfaceName: Hashable {
    /// The name without its version.
    let unversioned: String
    let version: SemanticVersion?

    init(_ name: String) {
        if let at = name.lastIndex(of: "@"), let version = SemanticVersion(String(name[name.index(after: at)...])) {
            unversioned = String(name[..<at])
            self.version = version
        } else {
            unversioned = name
            version = nil
        }
    }

    /// Names that may serve each other share this key: the unversioned name
    /// plus the version's compatibility track.
    var compatibilityKey: String {
        guard let version else { return unversioned }
        return unversioned + "@" + version.track
    }
}

struct SemanticVersion: Comparable, Hashable {
    let major: UInt64, minor: UInt64, patch: UInt64
    /// Pre-release or build text; a version with one matches only itself.
    let suffix: String

    init?(_ text: String) {
        var core = Substring(text)
        var suffix = ""
        if let cut = core.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            suffix = String(core[cut...])
            core = core[..<cut]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = UInt64(parts[0]), let minor = UInt64(parts[1]),
              let patch = UInt64(parts[2]) else { return nil }
        (self.major, self.minor, self.patch, self.suffix) = (major, minor, patch, suffix)
    }

    /// Semver compatibility: `1.x.y` by major, `0.x.y` by minor, `0.0.x` and
    /// pre-releases exactly.
    var track: String {
        if !suffix.isEmpty { return "\(major).\(minor).\(patch)\(suffix)" }
        if major > 0 { return "\(major)" }
        if minor > 0 { return "0.\(minor)" }
        return "0.0.\(patch)"
    }

    static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
