import Foundation
import TOMLKit

/// The application manifest that `spin add` extends. It is edited as text,
/// so everything already in it (comments, layout, key order) stays byte for
/// byte; the TOML view is only for checks, and the edited text is parsed
/// again before it is written.
struct TemplateTargetManifest {
    let path: String
    let text: String
    private let table: TOMLTable

    init(path: String) throws(TemplateError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(.io, "cannot add a component to \(path): the file does not exist or cannot be read")
        }
        self.path = path
        text = String(decoding: data, as: UTF8.self)
        table = try Self.parse(text, what: path)
    }

    /// Version 1 manifests (`spin_version = "1"`) have `[[component]]`
    /// arrays instead of `[component.NAME]` tables; Spin refuses to add to them.
    var isVersion1: Bool {
        table["spin_version"]?.string == "1" || table["spin_manifest_version"]?.string == "1"
            || table["spin_manifest_version"]?.int == 1
    }

    /// The ids of the `[component.NAME]` tables.
    var componentIDs: Set<String> {
        Set(table["component"]?.table?.keys ?? [])
    }

    /// The routes of the `[[trigger.http]]` tables that have a path route.
    var httpRoutes: [RouteSpec] {
        guard let triggers = table["trigger"]?.table?["http"]?.array else { return [] }
        return triggers.compactMap { trigger in
            trigger.table?["route"]?.string.flatMap { try? RouteSpec(parsing: $0) }
        }
    }

    /// Whether the dotted entry (e.g. `application.trigger.redis`) exists.
    func hasEntry(_ path: [String]) -> Bool {
        var current: any TOMLValueConvertible = table
        for key in path {
            guard let next = current.table?[key] else { return false }
            current = next
        }
        return true
    }

    /// `text` with `snippet` appended after one blank line. The old text is
    /// a prefix of the result: nothing in it is trimmed or re-serialised.
    static func appending(_ snippet: String, to text: String) -> String {
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var body = String(snippet.drop { $0 == "\n" || $0 == "\r" })
        if newline == "\r\n" { body = body.replacing("\r\n", with: "\n").replacing("\n", with: "\r\n") }
        if !body.hasSuffix(newline) { body += newline }
        let separator: String
        if text.isEmpty || text.hasSuffix(newline + newline) {
            separator = ""
        } else if text.hasSuffix(newline) {
            separator = newline
        } else {
            separator = newline + newline
        }
        return text + separator + body
    }

    /// `text` with the keys of `snippet` added to its `[variables]` table:
    /// inserted after the table's last entry, or as a new `[variables]`
    /// table at the end. A key that already exists is an error.
    static func mergingVariables(_ snippet: String, into text: String, manifest: String) throws(TemplateError) -> String {
        let additions = try parse(snippet, what: "the variables snippet")
        let existing = try parse(text, what: manifest)
        if let variables = existing["variables"]?.table {
            if let clash = additions.keys.first(where: { variables[$0] != nil }) {
                throw TemplateError(.conflict, "\(manifest) already has a variable \"\(clash)\"")
            }
        } else {
            return appending("[variables]\n" + snippet, to: text)
        }
        // Insert after the last non-blank line before the next table header.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { TemplateFilter.trimmed($0).filter { !$0.isWhitespace } == "[variables]" }) else {
            // `variables` is defined some other way (dotted keys, inline table): leave it to the user.
            throw TemplateError(.unsupported, "\(manifest): cannot add variables: no [variables] table header to add them under")
        }
        var end = header + 1
        while end < lines.count && !TemplateFilter.trimmed(lines[end]).hasPrefix("[") { end += 1 }
        var last = end
        while last > header + 1 && TemplateFilter.trimmed(lines[last - 1]).isEmpty { last -= 1 }
        let carriageReturn = lines[header].hasSuffix("\r") ? "\r" : ""
        let inserted = snippet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .reversed().drop { TemplateFilter.trimmed($0).isEmpty }.reversed().map { $0 + carriageReturn }
        lines.insert(contentsOf: inserted, at: last)
        return lines.joined(separator: "\n")
    }

    /// The component ids a snippet defines.
    static func componentIDs(inSnippet snippet: String, what: String) throws(TemplateError) -> [String] {
        (try parse(snippet, what: what))["component"]?.table?.keys ?? []
    }

    static func parse(_ text: String, what: String) throws(TemplateError) -> TOMLTable {
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TemplateError(.invalidTemplate,
                "\(what): line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw TemplateError(.invalidTemplate, "\(what): \(error)")
        }
    }
}
