/// Kebab-case labels (Explainer.md, "Import and Export Definitions").
enum Kebab {
    /// `label ::= first-fragment ('-' fragment)*`: words all lowercase or all
    /// uppercase, the first one starting with a letter.
    static func isLabel(_ text: Substring) -> Bool {
        let fragments = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = fragments.first, let lead = first.unicodeScalars.first,
              ("a"..."z").contains(lead) || ("A"..."Z").contains(lead) else { return false }
        return fragments.allSatisfy(isFragment)
    }

    static func isFragment(_ fragment: Substring) -> Bool {
        guard !fragment.isEmpty else { return false }
        let scalars = fragment.unicodeScalars
        let lower = scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        let upper = scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        return lower || upper
    }

    /// `words ::= first-word ('-' word)*`: lowercase only.
    static func isWords(_ text: Substring) -> Bool {
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let lead = words.first?.unicodeScalars.first, ("a"..."z").contains(lead) else { return false }
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}

/// The structure of an import or export name: a plain name (label, possibly
/// annotated as constructor, method or static) or an interface name.
struct ExternNameSyntax {
    enum Form: Equatable {
        case label(String)
        case constructor(resource: String)
        case method(resource: String, name: String)
        case `static`(resource: String, name: String)
        case interface
    }

    let form: Form
    /// The canonicalized name two names must not share (strong uniqueness).
    let uniquenessKey: String

    init?(_ name: String) {
        func pair(_ rest: Substring) -> (String, String)? {
            let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, Kebab.isLabel(parts[0]), Kebab.isLabel(parts[1]) else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
        if name.hasPrefix("[constructor]") {
            let rest = name.dropFirst("[constructor]".count)
            guard Kebab.isLabel(Substring(rest)) else { return nil }
            form = .constructor(resource: String(rest))
            uniquenessKey = "[constructor]" + rest.lowercased()
        } else if name.hasPrefix("[method]") || name.hasPrefix("[static]") {
            let isMethod = name.hasPrefix("[method]")
            guard let (resource, item) = pair(name.dropFirst(8)) else { return nil }
            form = isMethod ? .method(resource: resource, name: item) : .static(resource: resource, name: item)
            let (r, i) = (resource.lowercased(), item.lowercased())
            uniquenessKey = r == i ? r : r + "." + i
        } else if name.contains(":") {
            guard ExternNameSyntax.isInterfaceName(name) else { return nil }
            form = .interface
            uniquenessKey = name.lowercased()
        } else {
            guard Kebab.isLabel(Substring(name)) else { return nil }
            form = .label(name)
            uniquenessKey = name.lowercased()
        }
    }

    /// `namespace:package/interface@version`.
    static func isInterfaceName(_ name: String) -> Bool {
        var body = Substring(name)
        if let at = body.firstIndex(of: "@") {
            let version = body[body.index(after: at)...]
            guard SemanticVersion(String(version)) != nil else { return false }
            body = body[..<at]
        }
        // Nested namespaces and projections (🪺) are future syntax.
        let segments = body.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 2 else { return false }
        let packagePath = segments[0].split(separator: ":", omittingEmptySubsequences: false)
        guard packagePath.count == 2, packagePath.allSatisfy(Kebab.isWords) else { return false }
        return segments.dropFirst().allSatisfy { Kebab.isLabel($0) }
    }
}
