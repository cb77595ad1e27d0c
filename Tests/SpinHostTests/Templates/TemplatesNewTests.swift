import Foundation
@testable import SpinHost
import Testing

/// `spin new`: each shipped template renders into a temporary directory
/// with the expected files, and the run's rules (values, defaults,
/// questions, names, overwriting) hold.
struct TemplatesNewTests {
    @Test(arguments: [
        ("http-c", [".gitignore", "main.c", "spin.toml"], "main.wasm"),
        ("http-zig", [".gitignore", "main.zig", "spin.toml"], "main.wasm"),
        ("http-go", [".gitignore", "go.mod", "main.go", "spin.toml"], "main.wasm"),
        ("http-py", [".gitignore", "README.md", "app.py", "requirements.txt", "spin.toml"], "app.wasm"),
        ("http-py-wasip2", [".gitignore", "README.md", "app.py", "requirements.txt", "spin.toml"], "app.wasm"),
        ("http-empty", [".gitignore", "spin.toml"], nil),
        ("static-fileserver", [".gitignore", "assets/index.html", "fileserver.c", "spin.toml"], "fileserver.wasm"),
    ])
    func newApplication(_ id: String, _ files: [String], _ module: String?) throws {
        let work = try TemporaryDirectory()
        let result = try TemplatesFixtures.generate(
            try TemplatesFixtures.builtIn(id), name: "hello-app", outputPath: work.path + "/hello-app",
            values: ["project-description": "A test app"])
        #expect(result.files == files)
        #expect(TemplateRun.files(below: work.path + "/hello-app") == files)
        for file in files {
            let text = try work.read("hello-app/" + file)
            #expect(!text.contains("{{") && !text.contains("{%"), "\(id)/\(file) still has a placeholder")
        }
        let manifest = try work.read("hello-app/spin.toml")
        #expect(manifest.hasPrefix("#:schema https://schemas.spinframework.dev/spin/manifest-v2/latest.json\n\nspin_manifest_version = 2\n"))
        #expect(manifest.contains("""
            [application]
            name = "hello-app"
            version = "0.1.0"
            authors = ["Test Author <test@example.com>"]
            description = "A test app"
            """))
        if let module {
            // The Python templates make wasi:http components, which need no executor line.
            let executor = id.hasPrefix("http-py") ? "" : "executor = { type = \"wagi\" }\n"
            #expect(manifest.contains("""
                [[trigger.http]]
                route = "/..."
                component = "hello-app"
                \(executor)
                [component.hello-app]
                source = "\(module)"
                """))
            #expect(manifest.contains("[component.hello-app.build]\ncommand = \""))
        } else {
            #expect(!manifest.contains("[component"))
        }
    }

    @Test func templateFilesUseTheName() throws {
        let work = try TemporaryDirectory()
        try TemplatesFixtures.generate(try TemplatesFixtures.builtIn("http-go"), name: "pet-store", outputPath: work.path + "/pets")
        #expect(try work.read("pets/go.mod") == "module github.com/pet_store\n\ngo 1.24\n")
        #expect(try work.read("pets/main.go").contains("fmt.Print(\"Hello from pet-store!\\n\")"))
        try TemplatesFixtures.generate(try TemplatesFixtures.builtIn("static-fileserver"), name: "site", outputPath: work.path + "/site",
                                      values: ["http-path": "/static"])
        let manifest = try work.read("site/spin.toml")
        #expect(manifest.contains("route = \"/static/...\""))  // http_wildcard
        #expect(manifest.contains("files = [{ source = \"assets\", destination = \"/\" }]"))
        #expect(try work.read("site/assets/index.html").contains("<title>site</title>"))
    }

    @Test func questionsAreAskedInOrderForMissingValues() throws {
        let work = try TemporaryDirectory()
        let template = try TemplatesFixtures.builtIn("http-c")
        var options = TemplateRunOptions(target: .newApplication, name: "asked", outputPath: work.path + "/asked")
        options.authors = "A"
        let run = TemplateRun(template: template, options: options)
        #expect(run.parametersToAsk().map(\.id) == ["project-description", "http-path"])
        var asked: [String] = []
        try run.run { parameter throws(TemplateError) in
            asked.append(parameter.id)
            return parameter.id == "http-path" ? "/hello/..." : "Asked"
        }
        #expect(asked == ["project-description", "http-path"])
        let manifest = try work.read("asked/spin.toml")
        #expect(manifest.contains("description = \"Asked\""))
        #expect(manifest.contains("route = \"/hello/...\""))

        // --value answers a question; --accept-defaults answers the rest.
        options.values = ["http-path": "/given"]
        options.acceptDefaults = true
        #expect(TemplateRun(template: template, options: options).parametersToAsk().isEmpty)
    }

    @Test func refusedValuesAreErrors() throws {
        let work = try TemporaryDirectory()
        let template = try TemplatesFixtures.builtIn("http-c")
        #expect(throws: TemplateError(.invalidValue, "parameter \"http-path\": \"no-slash\" does not match the pattern \"^/\\S*$\"")) {
            try TemplatesFixtures.generate(template, name: "x", outputPath: work.path + "/x", values: ["http-path": "no-slash"])
        }
        #expect(throws: TemplateError(.invalidValue, "template \"http-c\" has no parameter \"colour\"")) {
            try TemplatesFixtures.generate(template, name: "x", outputPath: work.path + "/x", values: ["colour": "red"])
        }
        // An answer to a question is checked too.
        var options = TemplateRunOptions(target: .newApplication, name: "x", outputPath: work.path + "/x")
        options.values = ["project-description": ""]
        #expect(throws: TemplateError.self) {
            try TemplateRun(template: template, options: options).run { _ throws(TemplateError) in "relative" }
        }
        #expect(!work.exists("x"), "nothing is written when a value is refused")
    }

    @Test func existingNonEmptyDirectoryIsRefused() throws {
        let work = try TemporaryDirectory()
        try work.makeDirectory("taken")
        try work.write("mine\n", to: "taken/notes.txt")
        let template = try TemplatesFixtures.builtIn("http-c")
        do throws(TemplateError) {
            try TemplatesFixtures.generate(template, name: "taken", outputPath: work.path + "/taken")
            Issue.record("expected a conflict")
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.message.contains("already exists and is not empty"))
        }
        #expect(try work.read("taken/notes.txt") == "mine\n")
        #expect(!work.exists("taken/spin.toml"))

        // An empty directory is fine, and so is a non-empty one when allowed.
        try work.makeDirectory("empty")
        try TemplatesFixtures.generate(template, name: "empty", outputPath: work.path + "/empty")
        var options = TemplateRunOptions(target: .newApplication, name: "taken", outputPath: work.path + "/taken")
        options.acceptDefaults = true
        options.allowOverwrite = true
        options.noVersionControl = true
        let result = try TemplateRun(template: template, options: options).run { _ throws(TemplateError) in "" }
        #expect(result.files == ["main.c", "spin.toml"])
        #expect(try work.read("taken/notes.txt") == "mine\n")
    }

    @Test(arguments: [
        ("my-app", nil), ("api2", nil), ("API-v2", nil),
        ("My_App", "not '_'"), ("2fast", "does not start with a letter"), ("my--app", "has an empty word"),
        ("myApp", "mixes upper and lower case"), ("my app", "not a letter or digit"), ("", "empty"),
    ])
    func namesMustBeKebabCase(_ name: String, _ problem: String?) {
        let found = TemplateRunOptions.problem(withName: name)
        if let problem {
            #expect(found?.contains(problem) == true, "\(found ?? "nil")")
        } else {
            #expect(found == nil)
        }
    }

    @Test func templateWithoutVariantIsRefused() throws {
        let work = try TemporaryDirectory()
        try work.makeDirectory("tpl/metadata")
        try work.write("manifest_version = \"1\"\nid = \"add-only\"\n[new_application]\nsupported = false\n",
                       to: "tpl/metadata/spin-template.toml")
        #expect(throws: TemplateError(.unsupported, "template \"add-only\" does not support the 'new application' operation")) {
            try TemplatesFixtures.generate(try Template.load(from: work.path + "/tpl"), name: "x", outputPath: work.path + "/x")
        }
    }

    @Test func locatesBuiltInTemplates() throws {
        let root = TemplatesFixtures.repositoryRoot
        // From a SwiftPM build directory of the checkout.
        #expect(TemplateCatalog.locateBuiltInTemplates(environment: [:], executablePath: root + "/.build-templates/debug/spin")
            == root + "/templates")
        // The environment variable wins.
        #expect(TemplateCatalog.locateBuiltInTemplates(environment: ["SPIN_TEMPLATES_DIR": "/opt/t"], executablePath: root + "/x/spin")
            == "/opt/t")
        // An installation: <prefix>/bin/spin and <prefix>/share/spin-swift/templates.
        let prefix = try TemporaryDirectory()
        try prefix.makeDirectory("bin")
        try prefix.makeDirectory("share/spin-swift/templates")
        #expect(TemplateCatalog.locateBuiltInTemplates(environment: [:], executablePath: prefix.path + "/bin/spin")
            == prefix.path + "/share/spin-swift/templates")
        #expect(TemplateStore.defaultRoot(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/spin-swift/templates")
        #expect(TemplateStore.defaultRoot(environment: ["HOME": "/home/u", "SPIN_TEMPLATES_HOME": "/t"]) == "/t")
    }
}
