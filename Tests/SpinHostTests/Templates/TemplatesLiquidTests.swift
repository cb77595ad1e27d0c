@testable import SpinHost
import Testing

/// The placeholder language: every filter, the Liquid tags we support, and
/// the errors Spin (liquid-rust) gives for unknown filters and variables.
struct TemplatesLiquidTests {
    private func render(_ text: String, _ values: [String: String] = [:]) throws -> String {
        try LiquidTemplate(parsing: text).render(values)
    }

    @Test(arguments: [
        // Spin's own filter tests (crates/templates/src/run.rs, filters.rs).
        ("{{ snaky | kebab_case }}", "originally-snaky"),
        ("{{ kebabby | snake_case }}", "originally_kebabby"),
        ("{{ snaky | pascal_case }}", "OriginallySnaky"),
        ("{{ dotted | dotted_pascal_case }}", "Originally.SemiDotted"),
        // Word boundaries as heck splits them.
        ("{{ 'myHTTPServer2Go' | kebab_case }}", "my-http-server2-go"),
        ("{{ 'Hello World' | snake_case }}", "hello_world"),
        ("{{ 'my-app_v2 beta' | pascal_case }}", "MyAppV2Beta"),
        ("{{ 'ABC' | kebab_case }}", "abc"),
        ("{{ '--x--' | kebab_case }}", "x"),
        ("{{ 'Fermyon.PetStore' | dotted_pascal_case }}", "Fermyon.PetStore"),
        ("{{ 'fermyon-pet-store' | dotted_pascal_case }}", "FermyonPetStore"),
        ("{{ 'fermyon.pet_store' | dotted_pascal_case }}", "Fermyon.PetStore"),
        ("{{ 'fermyon pet store' | dotted_pascal_case }}", "FermyonPetStore"),
        // Spin's http_wildcard, and our http_route.
        ("{{ '/static' | http_wildcard }}", "/static/..."),
        ("{{ '/static/' | http_wildcard }}", "/static/..."),
        ("{{ '/static/...' | http_wildcard }}", "/static/..."),
        ("{{ '/' | http_wildcard }}", "/..."),
        ("{{ 'api/v1/' | http_route }}", "/api/v1"),
        ("{{ ' //api//v1 ' | http_route }}", "/api/v1"),
        ("{{ '/api/...' | http_route }}", "/api/..."),
        ("{{ '' | http_route }}", "/"),
        ("{{ '/' | http_route }}", "/"),
        // Liquid's standard string filters.
        ("{{ 'MiXed' | upcase }}{{ 'MiXed' | downcase }}", "MIXEDmixed"),
        ("{{ 'hello world' | capitalize }}", "Hello world"),
        ("[{{ '  a b  ' | strip }}][{{ '  a' | lstrip }}][{{ 'a  ' | rstrip }}]", "[a b][a][a]"),
        ("{{ 'b' | append: 'c' | prepend: 'a' }}", "abc"),
        ("{{ 'a-b-c' | replace: '-', '_' }} {{ 'a-b-c' | replace_first: '-', '_' }}", "a_b_c a_b-c"),
        ("{{ 'a-b-c' | remove: '-' }} {{ 'a-b-c' | remove_first: '-' }}", "abc ab-c"),
        ("{{ 'four' | size }}", "4"),
        ("{{ missing | default: 'fallback' }} {{ empty | default: 'x' }} {{ set | default: 'x' }}", "fallback x y"),
    ])
    func filter(_ template: String, _ expected: String) throws {
        let values = ["snaky": "originally_snaky", "kebabby": "originally-kebabby", "dotted": "originally.semi-dotted",
                      "empty": "", "set": "y"]
        #expect(try render(template, values) == expected)
    }

    @Test func everyFilterIsCovered() {
        // A new filter must get a row in `filter(_:_:)` above.
        let covered: Set<String> = ["kebab_case", "snake_case", "pascal_case", "dotted_pascal_case", "http_wildcard",
            "http_route", "upcase", "downcase", "capitalize", "strip", "lstrip", "rstrip", "append", "prepend",
            "replace", "replace_first", "remove", "remove_first", "size", "default"]
        #expect(Set(TemplateFilter.allCases.map(\.rawValue)) == covered)
    }

    @Test func placeholdersWithHyphenatedNamesAndSpacing() throws {
        let values = ["project-name": "My App", "http-path": "/..."]
        #expect(try render("[component.{{project-name | kebab_case}}]\nroute = \"{{ http-path }}\"", values)
            == "[component.my-app]\nroute = \"/...\"")
    }

    @Test func textWithoutPlaceholdersIsUnchanged() throws {
        let text = "int main(void) { return a{b}c; }\n// 100% { } %}\n"
        #expect(try render(text) == text)
    }

    @Test func whitespaceControlTrimsAroundTags() throws {
        #expect(try render("a  {{- 'b' -}}  \n c") == "abc")
        #expect(try render("x\n{%- if true -%}\n  y\n{%- endif %}\nz") == "xy\nz")
    }

    @Test func conditionals() throws {
        let text = "{% if kind == 'a' %}A{% elsif kind == 'b' or other %}B{% else %}C{% endif %}"
        #expect(try render(text, ["kind": "a"]) == "A")
        #expect(try render(text, ["kind": "b"]) == "B")
        #expect(try render(text, ["kind": "z", "other": ""]) == "B")  // "" is true in Liquid
        #expect(try render(text, ["kind": "z"]) == "C")
        #expect(try render("{% unless x %}no x{% endunless %}") == "no x")
        #expect(try render("{% if a contains 'pp' and b != 'x' %}yes{% endif %}", ["a": "app", "b": "y"]) == "yes")
        #expect(try render("{% if n > 9 %}big{% else %}small{% endif %}", ["n": "10"]) == "big")
    }

    @Test func rawCommentAndAssign() throws {
        #expect(try render("{% raw %}{{ not-a-placeholder }}{% endraw %}") == "{{ not-a-placeholder }}")
        #expect(try render("a{% comment %} {{ ignored | nope }} {% endcomment %}b") == "ab")
        #expect(try render("{% assign id = name | snake_case %}{{ id }}!", ["name": "my-app"]) == "my_app!")
    }

    @Test func unknownVariableIsAnError() {
        #expect(throws: TemplateError(.unknownVariable, "unknown variable \"project-nmae\"")) {
            try render("{{ project-nmae }}", ["project-name": "x"])
        }
    }

    @Test func unknownFilterIsAnError() {
        #expect(throws: TemplateError(.unknownFilter, "line 2: unknown filter \"shouty_case\"")) {
            try LiquidTemplate(parsing: "ok\n{{ x | shouty_case }}")
        }
    }

    @Test(arguments: ["{{ unclosed", "{% if x %}no end", "{% for x in y %}{% endfor %}", "{{ x | replace: 'a' }}",
                      "{% endif %}", "{{ 'open }}"])
    func malformedTextIsASyntaxError(_ text: String) {
        #expect(throws: TemplateError.self) { try LiquidTemplate(parsing: text) }
        do throws(TemplateError) {
            _ = try LiquidTemplate(parsing: text)
        } catch {
            #expect(error.kind == .syntax)
        }
    }

    @Test func nonTemplateFilesAreCopiedUnchanged() throws {
        // Spin copies files that are not UTF-8, or not valid template text, as they are.
        let binary: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0xff, 0x7b, 0x7b]
        #expect(try TemplateRun.render(binary, values: [:], file: "x.png") == binary)
        let brokenTemplate = Array("{{ not closed".utf8)
        #expect(try TemplateRun.render(brokenTemplate, values: [:], file: "x.txt") == brokenTemplate)
        #expect(throws: TemplateError.self) { try TemplateRun.render(Array("{{ a | nope }}".utf8), values: ["a": "1"], file: "x") }
    }
}
