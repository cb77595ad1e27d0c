import Foundation
import TOMLKit

/// The user template directory, where `spin templates install` copies
/// templates: `$SPIN_TEMPLATES_HOME`, else `$XDG_DATA_HOME/spin-swift/templates`,
/// else `~/.local/share/spin-swift/templates`. Each template is a
/// subdirectory holding a copy of the template and an `.install.toml` that
/// records where it came from (`git = "URL"` or `dir = "PATH"`), as in Spin.
public struct TemplateStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The directory for `environment` (normally the process's).
    public static func defaultRoot(environment: [String: String]) -> String {
        if let home = environment["SPIN_TEMPLATES_HOME"], !home.isEmpty { return home }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/spin-swift/templates" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/spin-swift/templates"
    }

    /// The installed templates, and a warning for each directory that does
    /// not hold a valid template.
    func templates() -> (templates: [Template], warnings: [String]) {
        var templates: [Template] = []
        var warnings: [String] = []
        for directory in Self.subdirectories(of: root) where !Self.lastComponent(directory).hasPrefix(".") {
            let record = Self.installRecord(in: directory)
            do throws(TemplateError) {
                templates.append(try Template.load(from: directory, origin: .installed(source: record)))
            } catch {
                warnings.append("ignoring \(directory): \(error.message)")
            }
        }
        return (templates, warnings)
    }

    /// Copies the template in `source` into the store as `id`, replacing an
    /// installed copy, and records `origin`.
    func install(_ source: String, id: String, origin: String?, originKey: String) throws(TemplateError) -> Template {
        try TemplateRun.createDirectory(root)
        let destination = directory(for: id)
        let stage = root + "/.stage-" + UUID().uuidString
        let fileManager = FileManager.default
        do {
            try fileManager.copyItem(atPath: source, toPath: stage)
            try? fileManager.removeItem(atPath: stage + "/.git")
            if let origin {
                let record = "\(originKey) = \(Self.tomlString(origin))\n"
                try Data(record.utf8).write(to: URL(fileURLWithPath: stage + "/.install.toml"))
            }
            if fileManager.fileExists(atPath: destination) { try fileManager.removeItem(atPath: destination) }
            try fileManager.moveItem(atPath: stage, toPath: destination)
        } catch {
            try? fileManager.removeItem(atPath: stage)
            throw TemplateError(.io, "cannot install template \"\(id)\" into \(destination): \(error.localizedDescription)")
        }
        return try Template.load(from: destination, origin: .installed(source: origin))
    }

    func remove(_ template: Template) throws(TemplateError) {
        do {
            try FileManager.default.removeItem(atPath: template.directory)
        } catch {
            throw TemplateError(.io, "cannot remove \(template.directory): \(error.localizedDescription)")
        }
    }

    /// `root/<id>`, with characters outside `[-_.a-zA-Z0-9]` replaced and a
    /// hash of the id added when that changed it, so distinct ids never share
    /// a directory.
    func directory(for id: String) -> String {
        let safe = String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        var name = safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        if name != id {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
            for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            name += "_" + String(hash, radix: 16)
        }
        return root + "/" + name
    }

    /// Where an installed template came from, from its `.install.toml`.
    static func installRecord(in directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: directory + "/.install.toml"),
              let table = try? TemplateTargetManifest.parse(String(decoding: data, as: UTF8.self), what: "record") else { return nil }
        return table["git"]?.string ?? table["dir"]?.string
    }

    static func subdirectories(of directory: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.sorted().map { directory + "/" + $0 }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    static func lastComponent(_ path: String) -> String {
        TemplateRun.lastComponent(path)
    }

    /// A TOML basic string.
    static func tomlString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    result += String(format: "\\u%04X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
