import Foundation
@testable import SpinHost
import Testing

/// `spin add`: the component's files go into a subdirectory, its snippet is
/// appended to spin.toml as text, and everything already in the manifest
/// stays byte for byte.
struct TemplatesAddTests {
    /// A hand-written manifest with comments, odd spacing and no final newline.
    static let manifest = """
        # My application. Comments and layout must survive `spin add`.
        spin_manifest_version = 2

        [application]
        name   = "shop"      # aligned by hand
        version = "1.0.0"

        [[trigger.http]]
        route = "/"          # the home page
        component = "home"
        executor = { type = "wagi" }

        [component.home]
        source = "home/main.wasm"
        # trailing comment, no newline after it
        """

    @Test func appendsComponentAndKeepsExistingBytes() throws {
        let app = try TemporaryDirectory()
        try app.write(Self.manifest, to: "spin.toml")
        let before = Array(Self.manifest.utf8)
        let result = try TemplatesFixtures.generate(
            try TemplatesFixtures.builtIn("http-c"), name: "api", target: .addComponent(manifestPath: app.path + "/spin.toml"),
            outputPath: "api", values: ["http-path": "/api/..."])
        #expect(result.directory == app.path + "/api")
        #expect(result.files == [".gitignore", "main.c"])  // spin.toml is skipped for add
        #expect(!app.exists("api/spin.toml"))

        let after = try app.read("spin.toml")
        #expect(Array(after.utf8.prefix(before.count)) == before, "the old manifest must be a prefix of the new one")
        #expect(String(after.dropFirst(Self.manifest.count)) == """


            [[trigger.http]]
            route = "/api/..."
            component = "api"
            executor = { type = "wagi" }

            [component.api]
            source = "api/main.wasm"
            allowed_outbound_hosts = []
            [component.api.build]
            command = "python3 -m ziglang cc --target=wasm32-wasi -O2 -Wl,-z,stack-size=1048576 -o main.wasm main.c"
            workdir = "api"
            watch = ["**/*.c", "**/*.h"]

            """)

        // A second component goes after the first, one blank line apart.
        let middle = Array(after.utf8)
        try TemplatesFixtures.generate(
            try TemplatesFixtures.builtIn("static-fileserver"), name: "assets",
            target: .addComponent(manifestPath: app.path + "/spin.toml"), outputPath: "assets", values: ["http-path": "/static"])
        let last = try app.read("spin.toml")
        #expect(Array(last.utf8.prefix(middle.count)) == middle)
        #expect(last.dropFirst(after.count).hasPrefix("\n[[trigger.http]]\nroute = \"/static/...\"\n"))
        #expect(last.contains("files = [{ source = \"assets/assets\", destination = \"/\" }]"))
        #expect(app.exists("assets/assets/index.html") && app.exists("assets/fileserver.c"))
        #expect(!app.exists("assets/.gitignore"))  // skipped for add by the template
    }

    @Test(arguments: [("a = 1", "a = 1\n\nX\n"), ("a = 1\n", "a = 1\n\nX\n"), ("a = 1\n\n", "a = 1\n\nX\n"),
                      ("", "X\n"), ("a = 1\r\n", "a = 1\r\n\r\nX\r\n")])
    func appendingAddsOneBlankLine(_ text: String, _ expected: String) {
        #expect(TemplateTargetManifest.appending("\nX", to: text) == expected)
    }

    @Test func duplicateComponentIsRefused() throws {
        let app = try TemporaryDirectory()
        try app.write(Self.manifest, to: "spin.toml")
        let template = try TemplatesFixtures.builtIn("http-go")
        // The name kebab-cases to an existing id.
        #expect(throws: TemplateError(.conflict, app.path + "/spin.toml already has a component \"home\"; choose another name")) {
            try TemplatesFixtures.generate(template, name: "home", target: .addComponent(manifestPath: app.path + "/spin.toml"),
                                          outputPath: "other-dir")
        }
        #expect(try app.read("spin.toml") == Self.manifest)
        #expect(!app.exists("other-dir"), "nothing is written for a duplicate")
    }

    @Test func templateWithoutAddSupportIsRefused() throws {
        let app = try TemporaryDirectory()
        try app.write(Self.manifest, to: "spin.toml")
        #expect(throws: TemplateError(.unsupported,
            "template \"http-empty\" does not support the 'add component' operation (its manifest has no [add_component] section)")) {
            try TemplatesFixtures.generate(try TemplatesFixtures.builtIn("http-empty"), name: "x",
                                          target: .addComponent(manifestPath: app.path + "/spin.toml"), outputPath: "x")
        }
    }

    @Test func versionOneManifestIsRefused() throws {
        let app = try TemporaryDirectory()
        try app.write("spin_version = \"1\"\nname = \"old\"\ntrigger = { type = \"http\" }\n", to: "spin.toml")
        #expect(throws: TemplateError(.unsupported,
            app.path + "/spin.toml: components cannot be added to Spin manifest version 1 applications")) {
            try TemplatesFixtures.generate(try TemplatesFixtures.builtIn("http-c"), name: "x",
                                          target: .addComponent(manifestPath: app.path + "/spin.toml"), outputPath: "x")
        }
    }

    @Test func newThenAddMakesAMultiComponentApp() throws {
        let work = try TemporaryDirectory()
        try TemplatesFixtures.generate(try TemplatesFixtures.builtIn("http-empty"), name: "multi", outputPath: work.path + "/multi")
        let manifestPath = work.path + "/multi/spin.toml"
        let empty = try work.read("multi/spin.toml")
        for (id, route) in [("http-c", "/c/..."), ("http-zig", "/zig/..."), ("http-go", "/go/...")] {
            try TemplatesFixtures.generate(try TemplatesFixtures.builtIn(id), name: id, target: .addComponent(manifestPath: manifestPath),
                                          outputPath: id, values: ["http-path": route])
        }
        let full = try work.read("multi/spin.toml")
        #expect(full.hasPrefix(empty))
        let table = try TemplateTargetManifest(path: manifestPath)
        #expect(table.componentIDs == ["http-c", "http-zig", "http-go"])
        #expect(full.contains("source = \"http-zig/main.wasm\""))
        #expect(full.contains("workdir = \"http-go\""))
        #expect(work.exists("multi/http-go/go.mod") && work.exists("multi/http-zig/main.zig") && work.exists("multi/http-c/main.c"))
    }

    /// The README's own example: `spin new -t http-go hello` then `spin add
    /// -t http-go api --accept-defaults`. Both templates default `http-path`
    /// to `/...`; the added component is offered `/api/...` instead of a
    /// duplicate route that would hide the first component.
    @Test func addOffersAFreeRouteWhenTheDefaultIsTaken() throws {
        let work = try TemporaryDirectory()
        let go = try TemplatesFixtures.builtIn("http-go")
        try TemplatesFixtures.generate(go, name: "hello", outputPath: work.path + "/hello")
        let manifestPath = work.path + "/hello/spin.toml"
        #expect(try work.read("hello/spin.toml").contains("route = \"/...\"\ncomponent = \"hello\""))
        try TemplatesFixtures.generate(go, name: "api", target: .addComponent(manifestPath: manifestPath), outputPath: "api")
        #expect(try work.read("hello/spin.toml").contains("route = \"/api/...\"\ncomponent = \"api\""))

        // When asking, the prompt offers the free route; with that taken too, a numbered one.
        try TemplatesFixtures.generate(
            go, name: "other", target: .addComponent(manifestPath: manifestPath), outputPath: "other", values: ["http-path": "/store/..."])
        var options = TemplateRunOptions(target: .addComponent(manifestPath: manifestPath), name: "store", outputPath: "store")
        options.authors = "Test Author <test@example.com>"
        var offered: [String: String] = [:]
        try TemplateRun(template: go, options: options).run { parameter throws(TemplateError) in
            offered[parameter.id] = parameter.defaultValue
            return parameter.defaultValue ?? ""
        }
        #expect(offered == ["project-description": "", "http-path": "/store-2/..."])
        #expect(try work.read("hello/spin.toml").contains("route = \"/store-2/...\"\ncomponent = \"store\""))

        // A route given explicitly is the user's choice, even a duplicate one.
        try TemplatesFixtures.generate(
            go, name: "mirror", target: .addComponent(manifestPath: manifestPath), outputPath: "mirror", values: ["http-path": "/..."])
        #expect(try work.read("hello/spin.toml").contains("route = \"/...\"\ncomponent = \"mirror\""))
    }

    @Test func snippetsForTriggersVariablesAndConditions() throws {
        let work = try TemporaryDirectory()
        try work.makeDirectory("tpl/metadata/snippets")
        try work.makeDirectory("tpl/content")
        try work.write("""
            manifest_version = "1"
            id = "redis-ish"
            [add_component]
            [add_component.snippets]
            component = "component.txt"
            application_trigger = "trigger.txt"
            variables = "variables.txt"
            [add_component.conditions.has_address]
            condition = { manifest_entry_exists = "application.trigger.redis" }
            skip_parameters = ["address"]
            skip_snippets = ["application_trigger"]
            [parameters]
            address = { type = "string", prompt = "Address", default = "redis://localhost" }
            variable = { type = "string", prompt = "Variable", default = "cache_key" }
            [outputs]
            data = { action = "create_dir", path = "{{ project-name }}-data", at = "manifest" }
            """, to: "tpl/metadata/spin-template.toml")
        try work.write("[component.{{project-name}}]\nsource = \"{{output-path}}/x.wasm\"\n", to: "tpl/metadata/snippets/component.txt")
        try work.write("[application.trigger.redis]\naddress = \"{{address}}\"\n", to: "tpl/metadata/snippets/trigger.txt")
        try work.write("{{variable}} = { default = \"k\" }\n", to: "tpl/metadata/snippets/variables.txt")
        try work.write("handler for {{project-name}}\n", to: "tpl/content/README.md.tmpl")
        let template = try Template.load(from: work.path + "/tpl")

        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "app"

            [variables]
            existing = { default = "e" }   # keep me

            [component.first]
            source = "first.wasm"

            """
        try work.makeDirectory("app")
        try work.write(manifest, to: "app/spin.toml")
        try TemplatesFixtures.generate(template, name: "worker", target: .addComponent(manifestPath: work.path + "/app/spin.toml"),
                                      outputPath: "worker", values: ["variable": "worker_key"])
        let text = try work.read("app/spin.toml")
        #expect(text == """
            spin_manifest_version = 2
            [application]
            name = "app"

            [variables]
            existing = { default = "e" }   # keep me
            worker_key = { default = "k" }

            [component.first]
            source = "first.wasm"

            [application.trigger.redis]
            address = "redis://localhost"

            [component.worker]
            source = "worker/x.wasm"

            """)
        #expect(try work.read("app/worker/README.md") == "handler for worker\n")  // .tmpl dropped
        #expect(work.exists("app/worker-data"))

        // Now the trigger exists: its snippet and question are skipped, and a
        // variable that exists already is an error.
        try TemplatesFixtures.generate(template, name: "second", target: .addComponent(manifestPath: work.path + "/app/spin.toml"),
                                      outputPath: "second", values: ["variable": "second_key"])
        let again = try work.read("app/spin.toml")
        #expect(again.components(separatedBy: "[application.trigger.redis]").count == 2)
        #expect(again.contains("second_key = { default = \"k\" }"))
        #expect(throws: TemplateError(.conflict, "spin.toml already has a variable \"worker_key\"")) {
            try TemplatesFixtures.generate(template, name: "third", target: .addComponent(manifestPath: work.path + "/app/spin.toml"),
                                          outputPath: "third", values: ["variable": "worker_key"])
        }
    }
}
