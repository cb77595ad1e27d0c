import Foundation
@testable import SpinHost
import Testing
import WATSupport

/// `spin templates install/uninstall`: from a directory and from a local Git
/// repository, skipping or replacing existing ids, and installed templates
/// shadowing built-in ones.
struct TemplatesInstallTests {
    /// Writes a minimal template `id` below `directory/relative`.
    private func writeTemplate(_ id: String, description: String, in directory: TemporaryDirectory, at relative: String) throws {
        try directory.makeDirectory(relative + "/metadata")
        try directory.makeDirectory(relative + "/content")
        try directory.write("""
            manifest_version = "1"
            id = "\(id)"
            description = "\(description)"
            tags = ["Test"]
            [parameters]
            greeting = { type = "string", prompt = "Greeting", default = "hello" }
            """, to: relative + "/metadata/spin-template.toml")
        try directory.write("{{ greeting }} from {{ project-name }}\n", to: relative + "/content/README.md")
    }

    @Test func installFromDirectoryThenUninstall() throws {
        let store = try TemporaryDirectory()
        let source = try TemporaryDirectory()
        try writeTemplate("mine", description: "My template", in: source, at: "templates/mine")
        try writeTemplate("other", description: "Another", in: source, at: "templates/other")
        try source.makeDirectory("templates/not-a-template")
        let catalog = TemplatesFixtures.catalog(store: store)

        let report = try catalog.install(from: .directory(source.path), upgrade: false)
        #expect(report.installed.map(\.id) == ["mine", "other"])
        #expect(report.skipped.map { $0.id } == ["not-a-template"])
        #expect(report.installed.first?.origin == .installed(source: source.path))
        #expect(FileManager.default.fileExists(atPath: store.path + "/store/mine/.install.toml"))

        let listed = catalog.list().templates
        #expect(listed.map(\.id) == (TemplatesFixtures.builtInIDs + ["mine", "other"]).sorted())
        let mine = try catalog.template("mine")
        #expect(mine.tags == ["test"])

        // The installed template works like a built-in one.
        let app = try TemporaryDirectory()
        try TemplatesFixtures.generate(mine, name: "demo", outputPath: app.path + "/demo", values: ["greeting": "hi"])
        #expect(try app.read("demo/README.md") == "hi from demo\n")

        // Installing again skips; uninstalling removes it.
        let again = try catalog.install(from: .directory(source.path + "/templates/mine"), upgrade: false)
        #expect(again.installed.isEmpty)
        #expect(again.skipped.map { $0.reason } == ["already installed (use --upgrade to replace it)"])
        try catalog.uninstall("mine")
        #expect(throws: TemplateError.self) { try catalog.template("mine") }
        #expect(throws: TemplateError(.notFound, "template \"mine\" is not installed")) { try catalog.uninstall("mine") }
    }

    @Test func builtInIdsAreReplacedOnlyWithUpgrade() throws {
        let store = try TemporaryDirectory()
        let source = try TemporaryDirectory()
        try writeTemplate("http-c", description: "My own C template", in: source, at: "http-c")
        let catalog = TemplatesFixtures.catalog(store: store)

        let skipped = try catalog.install(from: .directory(source.path), upgrade: false)
        #expect(skipped.installed.isEmpty)
        #expect(skipped.skipped.first?.reason == "built in (use --upgrade to install over it)")
        #expect(try catalog.template("http-c").origin == .builtIn)

        let upgraded = try catalog.install(from: .directory(source.path), upgrade: true)
        #expect(upgraded.installed.map(\.id) == ["http-c"])
        let shadowing = try catalog.template("http-c")
        #expect(shadowing.description == "My own C template")
        #expect(catalog.list().templates.filter { $0.id == "http-c" }.count == 1)

        try catalog.uninstall("http-c")
        #expect(try catalog.template("http-c").origin == .builtIn)
        #expect(throws: TemplateError(.unsupported, "template \"http-c\" is built in and cannot be uninstalled")) {
            try catalog.uninstall("http-c")
        }
    }

    @Test(.enabled(if: Self.hasGit || ExternalTool.isCI, "needs the git command"))
    func installFromLocalGitRepository() throws {
        let store = try TemporaryDirectory()
        let repository = try TemporaryDirectory()
        try writeTemplate("from-git", description: "Cloned", in: repository, at: "templates/from-git")
        try writeTemplate("old", description: "Goes away", in: repository, at: "templates/old")
        try git(["init", "--quiet", "--initial-branch=main"], in: repository.path)
        try git(["add", "."], in: repository.path)
        try git(["commit", "--quiet", "-m", "templates"], in: repository.path)
        let catalog = TemplatesFixtures.catalog(store: store)

        // A file:// URL, as `spin templates install --git file:///...`.
        let report = try catalog.install(from: .gitArgument("file://" + repository.path, branch: "main"), upgrade: false)
        #expect(report.installed.map(\.id) == ["from-git", "old"])
        let installed = try catalog.template("from-git")
        #expect(installed.origin == .installed(source: "file://" + repository.path))
        #expect(!FileManager.default.fileExists(atPath: installed.directory + "/.git"))

        // Upgrading from the same repository removes what it no longer has.
        try FileManager.default.removeItem(atPath: repository.path + "/templates/old")
        try git(["commit", "--quiet", "-am", "drop old"], in: repository.path)
        let upgraded = try catalog.install(from: .gitArgument("file://" + repository.path, branch: nil), upgrade: true)
        #expect(upgraded.installed.map(\.id) == ["from-git"])
        #expect(upgraded.removed == ["old"])

        // A plain local path works too.
        let other = try TemporaryDirectory()
        let byPath = try TemplatesFixtures.catalog(store: other).install(from: .gitArgument(repository.path, branch: nil), upgrade: false)
        #expect(byPath.installed.map(\.id) == ["from-git"])

        #expect(throws: TemplateError.self) {
            try catalog.install(from: .gitArgument("file://" + repository.path + "/missing", branch: nil), upgrade: false)
        }
    }

    @Test func gitArgumentsAsSpinReadsThem() {
        #expect(TemplateSource.gitArgument("spinframework/spin", branch: nil) == .git(url: "https://github.com/spinframework/spin", branch: nil))
        #expect(TemplateSource.gitArgument("https://example.com/t.git", branch: "v1") == .git(url: "https://example.com/t.git", branch: "v1"))
        #expect(TemplateSource.gitArgument("/srv/templates", branch: nil) == .git(url: "/srv/templates", branch: nil))
        #expect(TemplateSource.gitArgument("git@example.com:t.git", branch: nil) == .git(url: "git@example.com:t.git", branch: nil))
    }

    @Test func sourceWithoutTemplatesIsAnError() throws {
        let store = try TemporaryDirectory()
        let empty = try TemporaryDirectory()
        #expect(throws: TemplateError.self) { try TemplatesFixtures.catalog(store: store).install(from: .directory(empty.path), upgrade: false) }
        #expect(throws: TemplateError(.notFound, "/no/such/dir: no such directory")) {
            try TemplatesFixtures.catalog(store: store).install(from: .directory("/no/such/dir"), upgrade: false)
        }
    }

    static let hasGit = (try? TemplateGit.run(["--version"])) != nil

    private func git(_ arguments: [String], in directory: String) throws {
        try TemplateGit.run(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + arguments,
                            in: directory)
    }
}
