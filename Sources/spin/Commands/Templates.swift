import ArgumentParser
import SpinHost

/// `spin templates ...`: the templates `spin new` and `spin add` use.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, install and remove application templates.",
        discussion: """
            Built-in templates ship with spin ($SPIN_TEMPLATES_DIR overrides where they are found). \
            Installed templates live in $SPIN_TEMPLATES_HOME, else ~/.local/share/spin-swift/templates. \
            Installing a template whose id exists (installed or built in) is skipped unless --upgrade \
            is given; an installed template then shadows the built-in one until it is uninstalled.
            """,
        subcommands: [TemplatesList.self, TemplatesInstall.self, TemplatesUninstall.self])
}

/// `spin templates list`
struct TemplatesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the available templates.")

    @Flag(name: .long, help: "Also show tags and where each template was installed from.")
    var verbose = false

    @Option(name: .long, help: "Show only templates with this tag; repeatable (all must match).")
    var tag: [String] = []

    func run() {
        let (templates, warnings) = TemplateCatalog.standard().list()
        for warning in warnings { printError("warning: \(warning)") }
        let wanted = tag.map { $0.lowercased() }
        let shown = templates.filter { template in wanted.allSatisfy(template.tags.contains) }
        guard !shown.isEmpty else {
            print(templates.isEmpty ? "No templates are available. Install some with `spin templates install`." : "No templates match.")
            return
        }
        var header = ["Name", "Description"]
        if verbose { header += ["Tags", "Installed from"] }
        let rows = shown.map { template -> [String] in
            var row = [template.id, template.description]
            if verbose {
                let origin: String
                switch template.origin {
                case .builtIn: origin = "built-in"
                case .installed(let source): origin = source ?? "(unknown)"
                }
                row += [template.tags.joined(separator: ", "), origin]
            }
            return row
        }
        print(TextTable.render(header: header, rows: rows))
    }
}

/// `spin templates install --dir PATH | --git URL [--branch B] [--upgrade]`
struct TemplatesInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install templates from a Git repository or a local directory.",
        discussion: """
            The source holds a "templates" directory with one template per subdirectory (Spin's \
            layout), or is itself a template, or holds template directories. --git clones with the \
            `git` command: any URL git accepts, a file:// URL or a local path; OWNER/REPO means GitHub.
            """)

    @Option(name: .long, help: "The URL of a Git repository of templates.")
    var git: String?

    @Option(name: .long, help: "The branch or tag to clone (with --git).")
    var branch: String?

    @Option(name: .long, help: "A local directory of templates.")
    var dir: String?

    @Flag(name: [.long, .customLong("update")], help: "Replace templates that are already installed or built in.")
    var upgrade = false

    func validate() throws {
        guard (git == nil) != (dir == nil) else { throw ValidationError("give exactly one of --git and --dir") }
        if branch != nil && git == nil { throw ValidationError("--branch needs --git") }
    }

    func run() throws {
        let source: TemplateSource
        if let git {
            source = .gitArgument(git, branch: branch)
        } else if let dir {
            source = .directory(dir)
        } else {
            throw ValidationError("give exactly one of --git and --dir")
        }
        let report = try TemplateCatalog.standard().install(from: source, upgrade: upgrade)
        if report.installed.isEmpty && report.skipped.isEmpty {
            print("The source contained no templates")
            return
        }
        print("Installed \(report.installed.count) template(s)")
        if !report.installed.isEmpty {
            print()
            print(TextTable.render(header: ["Name", "Description"], rows: report.installed.map { [$0.id, $0.description] }))
        }
        if !report.skipped.isEmpty {
            print()
            print("Skipped \(report.skipped.count) template(s)")
            print()
            print(TextTable.render(header: ["Name", "Reason skipped"], rows: report.skipped.map { [$0.id, $0.reason] }))
        }
        if !report.removed.isEmpty {
            print()
            print("Removed \(report.removed.count) template(s) no longer in the repository")
            print()
            print(TextTable.render(header: ["Name"], rows: report.removed.map { [$0] }))
        }
    }
}

/// `spin templates uninstall NAME`
struct TemplatesUninstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove an installed template.")

    @Argument(help: "The id of the template to remove.")
    var name: String

    func run() throws {
        try TemplateCatalog.standard().uninstall(name)
        print("Uninstalled template \"\(name)\"")
    }
}

/// A table in the style of Spin's (comfy-table, ASCII borders, condensed).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in cell + String(repeating: " ", count: widths[column] - cell.count) }
            return "| " + padded.joined(separator: "   ") + " |"
        }
        let inner = widths.reduce(0, +) + 3 * (widths.count - 1) + 2
        let border = "+" + String(repeating: "-", count: inner) + "+"
        let separator = "+" + String(repeating: "=", count: inner) + "+"
        return ([border, line(header), separator] + rows.map(line) + [border]).joined(separator: "\n")
    }
}
