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
    /// How many of the three numbers were written (a canonical version such
    /// as `0.2` has two).
    let precision: Int

    /// A full semantic version with optional pre-release and build parts, or
    /// a canonical version (`1`, `0.2`, `0.0.1`).
    init?(_ text: String) {
        var core = Substring(text)
        if let cut = core.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            let suffix = core[core.index(after: cut)...]
            guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) else { return nil }
            core = core[..<cut]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = UInt64(part), part == "0" || !part.hasPrefix("0") else { return nil }
            numbers.append(number)
        }
        if numbers.count < 3, core.count != text.count { return nil }
        precision = numbers.count
        while numbers.count < 3 { numbers.append(0) }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
    }

    /// The canonical version (Explainer.md, "Canonical interface name"):
    /// `1.x.y` by major, `0.x.y` by minor, `0.0.x` exactly.
    var track: String {
        if major > 0 { return "\(major)" }
        if minor > 0 { return "0.\(minor)" }
        return "0.0.\(patch)"
    }

    static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
