import Foundation

/// Runs a template: collects parameter values, renders every content file
/// and snippet in memory, and only then writes, so a failure leaves nothing
/// half-generated. See <https://spinframework.dev/v3/writing-apps#creating-an-application-from-a-template>.
public struct TemplateRun {
    public let template: Template
    public let options: TemplateRunOptions

    public init(template: Template, options: TemplateRunOptions) {
        self.template = template
        self.options = options
    }

    /// The parameters the run must ask for, in order: those of the variant
    /// without a `--value`, and without a default when defaults are accepted.
    public func parametersToAsk() -> [TemplateParameter] {
        guard let variant = template.variant(options.kind) else { return [] }
        let skipped = Set(variant.skipParameters)
        return template.parameters.filter { parameter in
            !skipped.contains(parameter.id) && options.values[parameter.id] == nil
                && !(options.acceptDefaults && parameter.defaultValue != nil)
        }
    }

    /// Generates the application or component. `ask` supplies a value for
    /// each parameter of ``parametersToAsk()``; it may throw to give up.
    @discardableResult
    public func run(ask: (TemplateParameter) throws(TemplateError) -> String) throws(TemplateError) -> TemplateRunResult {
        let kind = options.kind
        guard let declared = template.variant(kind) else {
            let reason = kind == .addComponent ? " (its manifest has no [add_component] section)" : ""
            throw TemplateError(.unsupported, "template \"\(template.id)\" does not support the '\(kind.operation)' operation\(reason)")
        }
        var manifest: TemplateTargetManifest?
        if case .addComponent(let manifestPath) = options.target {
            let target = try TemplateTargetManifest(path: manifestPath)
            if target.isVersion1 {
                throw TemplateError(.unsupported, "\(manifestPath): components cannot be added to Spin manifest version 1 applications")
            }
            manifest = target
        }
        let variant = declared.resolved(manifest: manifest)
        if let manifest {
            // Templates name their component after the NAME; say so before asking anything.
            let id = TemplateFilter.kebabCase.apply(.string(options.name), []).text
            if manifest.componentIDs.contains(id) { throw duplicateComponent(id, in: manifest) }
        }
        let directory = outputDirectory()
        if !options.allowOverwrite { try Self.checkEmpty(directory) }

        let values = try parameterValues(variant: variant, manifest: manifest, ask: ask)
        let files = try renderContent(variant: variant, values: values)
        var manifestText = manifest?.text
        if let manifest {
            manifestText = try extend(manifest, variant: variant, values: values)
        }
        var directories: [String] = []
        for output in template.extraOutputs {
            let relative = try output.path.render(values)
            var base = directory
            if output.location == .manifest, let manifest { base = Self.parent(of: manifest.path) }
            directories.append(Self.join(base, relative))
        }

        try Self.createDirectory(directory)
        for (relative, bytes) in files {
            let path = Self.join(directory, relative)
            try Self.createDirectory(Self.parent(of: path))
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw TemplateError(.io, "cannot write \(path)")
            }
        }
        for extra in directories { try Self.createDirectory(extra) }
        if let manifest, let manifestText, manifestText != manifest.text {
            guard FileManager.default.createFile(atPath: manifest.path, contents: Data(manifestText.utf8)) else {
                throw TemplateError(.io, "cannot write \(manifest.path)")
            }
        }
        return TemplateRunResult(directory: directory, files: files.map(\.0).sorted(), manifest: manifest?.path)
    }

    // MARK: - Values

    private func parameterValues(
        variant: TemplateVariant, manifest: TemplateTargetManifest?,
        ask: (TemplateParameter) throws(TemplateError) -> String
    ) throws(TemplateError) -> [String: String] {
        var problems: [String] = []
        for (id, value) in options.values.sorted(by: { $0.key < $1.key }) {
            guard let parameter = template.parameter(id) else {
                problems.append("template \"\(template.id)\" has no parameter \"\(id)\"")
                continue
            }
            if let problem = parameter.problem(with: value) { problems.append("parameter \"\(id)\": \(problem)") }
        }
        if !problems.isEmpty { throw TemplateError(.invalidValue, problems.joined(separator: "\n")) }

        var values = specialValues()
        let skipped = Set(variant.skipParameters)
        for declared in template.parameters where !skipped.contains(declared.id) {
            let parameter = manifest.map { offered(declared, in: $0) } ?? declared
            let value: String
            if let given = options.values[parameter.id] {
                value = given
            } else if options.acceptDefaults, let fallback = parameter.defaultValue {
                value = fallback
            } else {
                value = try ask(parameter)
                if let problem = parameter.problem(with: value) {
                    throw TemplateError(.invalidValue, "parameter \"\(parameter.id)\": \(problem)")
                }
            }
            values[parameter.id] = value
        }
        return values
    }

    /// Spin's templates name the route of the trigger they add `http-path`,
    /// defaulting to `/...`. When `spin add` would give a second trigger a
    /// route that the application already has (Spin would then serve only
    /// the later one), the default offered is a route of the component's
    /// own instead: `/<name>/...` (`/<name>` for an exact route), numbered
    /// if that is taken too.
    static let routeParameter = "http-path"

    func offered(_ parameter: TemplateParameter, in manifest: TemplateTargetManifest) -> TemplateParameter {
        guard parameter.id == Self.routeParameter, let fallback = parameter.defaultValue,
              let route = try? RouteSpec(parsing: fallback) else { return parameter }
        let taken = Set(manifest.httpRoutes.map(\.conflictKey))
        guard taken.contains(route.conflictKey) else { return parameter }
        let name = TemplateFilter.kebabCase.apply(.string(options.name), []).text
        let suffix = route.hasTrailingWildcard ? "/..." : ""
        var number = 1
        while true {
            let candidate = "/" + name + (number == 1 ? "" : "-\(number)") + suffix
            if let spec = try? RouteSpec(parsing: candidate), !taken.contains(spec.conflictKey),
               parameter.problem(with: candidate) == nil {
                return parameter.offering(candidate)
            }
            guard number < 100 else { return parameter }
            number += 1
        }
    }

    /// The values Spin sets for every template.
    private func specialValues() -> [String: String] {
        let author = options.authors.map { (name: $0, user: $0) } ?? TemplateAuthor.discover(options.environment)
        return [
            "authors": author.name,
            "username": author.user,
            "project-name": options.name,
            "output-path": options.outputPath,
        ]
    }

    // MARK: - Rendering

    /// Every content file, rendered: (path relative to the output directory, bytes).
    private func renderContent(variant: TemplateVariant, values: [String: String]) throws(TemplateError) -> [(String, [UInt8])] {
        let skipped = Set(variant.skipFiles)
        var rendered: [(String, [UInt8])] = []
        for relative in Self.files(below: template.contentDirectory) where !skipped.contains(relative) {
            if options.noVersionControl && relative.split(separator: "/").last == ".gitignore" { continue }
            let source = Self.join(template.contentDirectory, relative)
            guard let data = FileManager.default.contents(atPath: source) else {
                throw TemplateError(.io, "cannot read \(source)")
            }
            // Spin's convention: `Cargo.toml.tmpl` becomes `Cargo.toml`.
            let output = relative.hasSuffix(".tmpl") ? String(relative.dropLast(".tmpl".count)) : relative
            rendered.append((output, try Self.render([UInt8](data), values: values, file: "template \"\(template.id)\": content/\(relative)")))
        }
        return rendered
    }

    /// Text that parses as a template is rendered; anything else (not UTF-8,
    /// or not valid template syntax) is copied unchanged, as Spin does. An
    /// unknown filter or variable is the template's mistake and an error.
    static func render(_ bytes: [UInt8], values: [String: String], file: String) throws(TemplateError) -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return bytes }
        let template: LiquidTemplate
        do throws(TemplateError) {
            template = try LiquidTemplate(parsing: text)
        } catch where error.kind == .syntax {
            return bytes
        } catch {
            throw TemplateError(error.kind, "\(file): \(error.message)")
        }
        do throws(TemplateError) {
            return Array(try template.render(values).utf8)
        } catch {
            throw TemplateError(error.kind, "\(file): \(error.message)")
        }
    }

    /// The manifest text with the variant's snippets added.
    private func extend(_ manifest: TemplateTargetManifest, variant: TemplateVariant, values: [String: String]) throws(TemplateError) -> String {
        var text = manifest.text
        let name = Self.lastComponent(manifest.path)
        for snippet in ["application_trigger", "variables", "component"] {
            guard let file = variant.snippets[snippet] else { continue }
            let path = Self.join(template.snippetsDirectory, file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(.invalidTemplate, "template \"\(template.id)\": cannot read snippet metadata/snippets/\(file)")
            }
            let what = "template \"\(template.id)\": metadata/snippets/\(file)"
            let rendered = String(decoding: try Self.render([UInt8](data), values: values, file: what), as: UTF8.self)
            switch snippet {
            case "component":
                let existing = manifest.componentIDs
                for id in try TemplateTargetManifest.componentIDs(inSnippet: rendered, what: what) where existing.contains(id) {
                    throw duplicateComponent(id, in: manifest)
                }
                text = TemplateTargetManifest.appending(rendered, to: text)
            case "variables":
                text = try TemplateTargetManifest.mergingVariables(rendered, into: text, manifest: name)
            default:
                text = TemplateTargetManifest.appending(rendered, to: text)
            }
        }
        do throws(TemplateError) {
            _ = try TemplateTargetManifest.parse(text, what: name)
        } catch {
            throw TemplateError(.conflict, "adding \"\(options.name)\" would make \(name) invalid TOML: \(error.message)")
        }
        return text
    }

    private func duplicateComponent(_ id: String, in manifest: TemplateTargetManifest) -> TemplateError {
        TemplateError(.conflict, "\(manifest.path) already has a component \"\(id)\"; choose another name")
    }

    // MARK: - Files

    private func outputDirectory() -> String {
        switch options.target {
        case .newApplication:
            return Self.normalize(options.outputPath)
        case .addComponent(let manifestPath):
            if options.outputPath.hasPrefix("/") { return Self.normalize(options.outputPath) }
            return Self.normalize(Self.join(Self.parent(of: manifestPath), options.outputPath))
        }
    }

    private static func checkEmpty(_ directory: String) throws(TemplateError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw TemplateError(.conflict, "cannot generate into \(directory): it exists and is not a directory")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !entries.isEmpty {
            throw TemplateError(.conflict,
                "cannot generate into \(directory): the directory already exists and is not empty (use --allow-overwrite to generate into it anyway)")
        }
    }

    /// Regular files below `root`, relative and `/`-separated, sorted.
    static func files(below root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: join(root, relative), isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    static func createDirectory(_ path: String) throws(TemplateError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TemplateError(.io, "cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if base.isEmpty || relative == "." || relative.isEmpty { return base.isEmpty ? relative : base }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Drops `.` segments and a trailing `/`, so messages show clean paths.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/").filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
