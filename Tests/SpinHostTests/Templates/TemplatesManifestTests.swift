import Foundation
@testable import SpinHost
import Testing

/// Reading `metadata/spin-template.toml`: the shipped templates, and the
/// errors a broken template manifest gives.
struct TemplatesManifestTests {
    @Test func builtInTemplatesAreFoundAndValid() throws {
        let store = try TemporaryDirectory()
        let (templates, warnings) = TemplatesFixtures.catalog(store: store).list()
        #expect(warnings.isEmpty)
        #expect(templates.map(\.id) == TemplatesFixtures.builtInIDs)
        #expect(templates.allSatisfy { $0.origin == .builtIn && !$0.description.isEmpty })
        // Every template but the empty application can add a component.
        #expect(templates.filter { $0.addComponent != nil }.map(\.id) == ["http-c", "http-go", "http-py", "http-py-wasip2", "http-zig", "static-fileserver"])
    }

    @Test func parametersKeepManifestOrder() throws {
        let template = try TemplatesFixtures.builtIn("http-c")
        #expect(template.parameters.map(\.id) == ["project-description", "http-path"])
        let path = try #require(template.parameter("http-path"))
        #expect(path.prompt == "HTTP path")
        #expect(path.defaultValue == "/...")
        #expect(path.problem(with: "/api/...") == nil)
        #expect(path.problem(with: "api") == "\"api\" does not match the pattern \"^/\\S*$\"")
        #expect(template.tags == ["c", "http", "wagi"])
        #expect(template.addComponent?.skipFiles == ["spin.toml"])
        #expect(template.addComponent?.snippets == ["component": "component.txt"])
    }

    @Test func parameterOrderFollowsTheText() {
        let text = """
            [parameters]
            zeta = { type = "string", prompt = "Z" }
            "alpha" = { type = "string", prompt = "A" }
            [parameters.middle]
            type = "string"
            prompt = "M"
            """
        #expect(TemplateManifestReader.parameterOrder(in: text) == ["zeta": 1, "alpha": 2, "middle": 3])
    }

    @Test(arguments: [
        ("id = \"x\"", "missing field \"manifest_version\""),
        ("manifest_version = \"2\"\nid = \"x\"", "manifest_version must be \"1\""),
        ("manifest_version = \"1\"\nid = \"x\"\ndescripton = \"typo\"", "unknown field \"descripton\""),
        ("manifest_version = \"1\"\nid = \"x\"\n[parameters]\np = { type = \"number\", prompt = \"P\" }",
         "parameter \"p\": unrecognised data type \"number\""),
        ("manifest_version = \"1\"\nid = \"x\"\n[parameters]\np = { type = \"string\" }", "parameter \"p\": missing field \"prompt\""),
        ("manifest_version = \"1\"\nid = \"x\"\n[parameters]\np = { type = \"string\", prompt = \"P\", pattern = \"(\" }",
         "is not a valid regular expression"),
        ("manifest_version = \"1\"\nid = \"x\"\ncustom_filters = []", "custom filters are not supported"),
        ("manifest_version = \"1\"\nid = \"x\"\n[add_component.snippets]\nother = \"o.txt\"", "unknown snippet \"other\""),
        ("manifest_version = \"1\"\nid = = \"x\"", "line 2"),
    ])
    func brokenManifestIsRefused(_ manifest: String, _ expected: String) throws {
        let directory = try TemporaryDirectory()
        try directory.makeDirectory("metadata")
        try directory.write(manifest, to: "metadata/spin-template.toml")
        do throws(TemplateError) {
            _ = try Template.load(from: directory.path)
            Issue.record("expected an error containing \(expected)")
        } catch {
            #expect(error.kind == .invalidTemplate)
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.hasPrefix(directory.path + "/metadata/spin-template.toml: "))
        }
    }

    @Test func variantsAndOutputs() throws {
        let directory = try TemporaryDirectory()
        try directory.makeDirectory("metadata")
        try directory.write("""
            manifest_version = "1"
            id = "redis-ish"
            trigger_type = "redis"
            [new_application]
            supported = false
            [add_component]
            skip_files = ["spin.toml"]
            [add_component.snippets]
            component = "component.txt"
            application_trigger = "trigger.txt"
            [add_component.conditions.has_address]
            condition = { manifest_entry_exists = "application.trigger.redis" }
            skip_parameters = ["address"]
            skip_snippets = ["application_trigger"]
            [outputs]
            assets = { action = "create_dir", path = "{{ dir }}", at = "manifest" }
            """, to: "metadata/spin-template.toml")
        let template = try Template.load(from: directory.path)
        #expect(template.newApplication == nil)
        let variant = try #require(template.addComponent)
        #expect(variant.conditions.first?.manifestEntry == ["application", "trigger", "redis"])
        #expect(template.extraOutputs.count == 1)
        #expect(template.extraOutputs.first?.location == .manifest)
    }
}
