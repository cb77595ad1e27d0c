import Foundation

/// Every template `spin new` and `spin add` can use: the built-in ones
/// shipped with `spin` and the ones the user installed.
///
/// Spin has no built-in templates; it skips installing a template whose id
/// is already installed unless `--upgrade` is given. We treat the built-in
/// templates as already installed: `spin templates install` skips an id
/// that is built in, and with `--upgrade` installs it into the user
/// directory, where it then shadows the built-in one until `spin templates
/// uninstall` removes it again. Built-in templates cannot be uninstalled.
public struct TemplateCatalog: Sendable {
    /// The folder of built-in templates (one subdirectory per template), if found.
    public var builtInDirectory: String?
    public var store: TemplateStore

    public init(builtInDirectory: String?, store: TemplateStore) {
        self.builtInDirectory = builtInDirectory
        self.store = store
    }

    /// The catalog for this process: built-in templates found by
    /// ``locateBuiltInTemplates(environment:executablePath:)``, the store at
    /// ``TemplateStore/defaultRoot(environment:)``.
    public static func standard() -> TemplateCatalog {
        standard(environment: ProcessInfo.processInfo.environment, executablePath: currentExecutablePath())
    }

    /// The catalog for `environment` and a `spin` at `executablePath`.
    public static func standard(environment: [String: String], executablePath: String?) -> TemplateCatalog {
        TemplateCatalog(
            builtInDirectory: locateBuiltInTemplates(environment: environment, executablePath: executablePath),
            store: TemplateStore(root: TemplateStore.defaultRoot(environment: environment)))
    }

    /// Where the built-in templates are: `$SPIN_TEMPLATES_DIR` if set; else,
    /// beside the executable, `templates/` (a flat installation) or
    /// `../share/spin-swift/templates/` (an installation under a prefix);
    /// else the `templates/` of the SwiftPM checkout the executable was built
    /// in (the nearest ancestor directory with a `Package.swift`).
    public static func locateBuiltInTemplates(environment: [String: String], executablePath: String?) -> String? {
        if let directory = environment["SPIN_TEMPLATES_DIR"], !directory.isEmpty { return directory }
        guard let executablePath else { return nil }
        let binaryDirectory = TemplateRun.parent(of: executablePath)
        let candidates = [binaryDirectory + "/templates", TemplateRun.parent(of: binaryDirectory) + "/share/spin-swift/templates"]
        if let found = candidates.first(where: isDirectory) { return found }
        var ancestor = binaryDirectory
        while ancestor != "/" && ancestor != "." && !ancestor.isEmpty {
            if FileManager.default.fileExists(atPath: ancestor + "/Package.swift"), isDirectory(ancestor + "/templates") {
                return ancestor + "/templates"
            }
            ancestor = TemplateRun.parent(of: ancestor)
        }
        return nil
    }

    /// The running executable's real path (symbolic links resolved).
    public static func currentExecutablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }

    /// All templates by id, installed ones shadowing built-in ones, and
    /// warnings about directories that hold no valid template.
    public func list() -> (templates: [Template], warnings: [String]) {
        var byID: [String: Template] = [:]
        var warnings: [String] = []
        if let builtInDirectory {
            if !Self.isDirectory(builtInDirectory) {
                warnings.append("the built-in template directory \(builtInDirectory) does not exist")
            }
            for directory in TemplateStore.subdirectories(of: builtInDirectory) {
                do throws(TemplateError) {
                    let template = try Template.load(from: directory, origin: .builtIn)
                    byID[template.id] = template
                } catch {
                    warnings.append("ignoring \(directory): \(error.message)")
                }
            }
        }
        let installed = store.templates()
        warnings += installed.warnings
        for template in installed.templates { byID[template.id] = template }
        return (byID.values.sorted { $0.id < $1.id }, warnings)
    }

    /// The template with `id`; installed ones first.
    public func template(_ id: String) throws(TemplateError) -> Template {
        let all = list().templates
        if let found = all.first(where: { $0.id == id }) { return found }
        let known = all.isEmpty ? "no templates are available" : "available: " + all.map(\.id).joined(separator: ", ")
        throw TemplateError(.notFound, "no template \"\(id)\" (\(known)); see `spin templates list`")
    }

    // MARK: - Installing

    /// Copies every template found in `source` into the store. A template
    /// whose id is already installed or built in is skipped unless `upgrade`
    /// is set; with `upgrade` from Git, installed templates from the same
    /// repository that it no longer has are removed (Spin's behaviour).
    public func install(from source: TemplateSource, upgrade: Bool) throws(TemplateError) -> TemplateInstallReport {
        var temporary: String?
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let root: String
        let origin: (key: String, value: String?)
        switch source {
        case .directory(let path):
            let absolute = Self.absolute(path)
            guard Self.isDirectory(absolute) else { throw TemplateError(.notFound, "\(path): no such directory") }
            root = absolute
            origin = ("dir", absolute)
        case .git(let url, let branch):
            let clone = FileManager.default.temporaryDirectory.appendingPathComponent("spin-templates-\(UUID().uuidString)").path
            temporary = clone
            try TemplateGit.clone(url, branch: branch, into: clone)
            root = clone
            origin = ("git", url)
        }

        var report = TemplateInstallReport()
        let current = list().templates
        var seen: Set<String> = []
        for directory in try Self.templateDirectories(in: root) {
            let candidate: Template
            do throws(TemplateError) {
                candidate = try Template.load(from: directory)
            } catch {
                report.skipped.append((TemplateRun.lastComponent(directory), "invalid template: \(error.message)"))
                continue
            }
            seen.insert(candidate.id)
            if let existing = current.first(where: { $0.id == candidate.id }), !upgrade {
                let reason = existing.origin == .builtIn ? "built in (use --upgrade to install over it)" : "already installed (use --upgrade to replace it)"
                report.skipped.append((candidate.id, reason))
                continue
            }
            report.installed.append(try store.install(directory, id: candidate.id, origin: origin.value, originKey: origin.key))
        }
        if upgrade, case .git(let url, _) = source {
            for template in store.templates().templates where template.origin == .installed(source: url) && !seen.contains(template.id) {
                try store.remove(template)
                report.removed.append(template.id)
            }
        }
        return report
    }

    /// Removes an installed template; a built-in one of the same id shows again.
    public func uninstall(_ id: String) throws(TemplateError) {
        if let installed = store.templates().templates.first(where: { $0.id == id }) {
            try store.remove(installed)
            return
        }
        if list().templates.contains(where: { $0.id == id && $0.origin == .builtIn }) {
            throw TemplateError(.unsupported, "template \"\(id)\" is built in and cannot be uninstalled")
        }
        throw TemplateError(.notFound, "template \"\(id)\" is not installed")
    }

    /// The template folders of a source: the subdirectories of its
    /// `templates/` folder (Spin's layout for repositories); else the
    /// source itself if it is a template; else its subdirectories that are templates.
    static func templateDirectories(in root: String) throws(TemplateError) -> [String] {
        if isDirectory(root + "/templates") { return TemplateStore.subdirectories(of: root + "/templates") }
        if FileManager.default.fileExists(atPath: root + "/metadata/spin-template.toml") { return [root] }
        let templates = TemplateStore.subdirectories(of: root).filter {
            FileManager.default.fileExists(atPath: $0 + "/metadata/spin-template.toml")
        }
        guard !templates.isEmpty else {
            throw TemplateError(.notFound,
                "no templates found in \(root): expected a \"templates\" directory of templates, or a template (with metadata/spin-template.toml)")
        }
        return templates
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? TemplateRun.normalize(path)
            : TemplateRun.normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }
}
