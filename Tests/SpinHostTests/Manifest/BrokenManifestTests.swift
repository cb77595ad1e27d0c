@testable import SpinHost
import Testing

extension ManifestTests {
    /// Broken manifests, each with the exact message `spin up` prints for it.
    struct BrokenManifestTests {
        struct Case: CustomTestStringConvertible, Sendable {
            let name: String
            let toml: String
            let message: String
            var testDescription: String { name }
        }

        static let head = """
            spin_manifest_version = 2
            [application]
            name = "app"

            """

        static let component = """

            [component.api]
            source = "api.wasm"
            """

        static let cases: [Case] = [
            Case(
                name: "TOML syntax error", toml: "spin_manifest_version = 2\n[application\nname = \"x\"\n",
                message: "spin.toml:2:13: expected \"]\" to close the table header"),
            Case(
                name: "key defined twice", toml: head + "name = \"again\"",
                message: "spin.toml:4:8: cannot redefine existing string 'name'"),
            Case(
                name: "component table defined twice", toml: head + component + component,
                message: "spin.toml:7:1: cannot redefine existing table 'component.api'"),
            Case(name: "empty file", toml: "", message: "spin.toml: missing required field \"spin_manifest_version\""),
            Case(
                name: "unknown version", toml: "spin_manifest_version = \"0\"",
                message: "spin.toml:1: unsupported manifest version \"0\": expected spin_manifest_version = 2 (or \"1\" for a version 1 manifest)"),
            Case(
                name: "future version", toml: "spin_manifest_version = 3",
                message: "spin.toml:1: unsupported manifest version 3: expected spin_manifest_version = 2 (or \"1\" for a version 1 manifest)"),
            Case(
                name: "version of the wrong type", toml: "spin_manifest_version = true",
                message: "spin.toml:1: field \"spin_manifest_version\" must be the integer 2 (or the string \"1\")"),
            Case(name: "no application", toml: "spin_manifest_version = 2", message: "spin.toml: missing required field \"application\""),
            Case(
                name: "application without a name", toml: "spin_manifest_version = 2\n[application]\nversion = \"1\"",
                message: "spin.toml:2: missing required field \"application.name\""),
            Case(
                name: "unknown top-level field", toml: head + "[components.api]\nsource = \"a.wasm\"",
                message: "spin.toml:4: unknown field \"components\""),
            Case(
                name: "authors not an array", toml: "spin_manifest_version = 2\n[application]\nname = \"a\"\nauthors = \"me\"",
                message: "spin.toml:4: field \"application.authors\" must be an array of strings"),
            Case(
                name: "misspelt component field", toml: head + "[component.api]\nsorce = \"api.wasm\"",
                message: "spin.toml:5: component \"api\": unknown field \"sorce\""),
            Case(
                name: "component without source", toml: head + "[component.api]\ndescription = \"x\"",
                message: "spin.toml:4: component \"api\": missing required field \"source\""),
            Case(
                name: "environment not a table", toml: head + component + "\nenvironment = [\"A=1\"]",
                message: "spin.toml:7: component \"api\": field \"environment\" must be a table of strings"),
            Case(
                name: "environment value not a string", toml: head + component + "\nenvironment = { PORT = 80 }",
                message: "spin.toml:7: component \"api\": field \"environment\" must be a table of strings"),
            Case(
                name: "snake_case component id", toml: head + "[component.bad_id]\nsource = \"a.wasm\"",
                message: "spin.toml:4: invalid component id \"bad_id\": words must be separated with \"-\", not \"_\""),
            Case(
                name: "trigger names an undefined component", toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"apj\"" + component,
                message: "spin.toml:6: [[trigger.http]] #1: component \"apj\" is not defined (no [component.apj] table)"),
            Case(
                name: "trigger names an invalid id", toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"1-2-3\"",
                message: "spin.toml:6: [[trigger.http]] #1: invalid component id \"1-2-3\": each word must start with an ASCII letter; got \"1\""),
            Case(
                name: "trigger without route", toml: head + "[[trigger.http]]\ncomponent = \"api\"" + component,
                message: "spin.toml:4: [[trigger.http]] #1: missing required field \"route\""),
            Case(
                name: "route without leading slash", toml: head + "[[trigger.http]]\nroute = \"api\"\ncomponent = \"api\"" + component,
                message: "spin.toml:5: [[trigger.http]] #1: invalid route \"api\": must start with \"/\""),
            Case(
                name: "wildcard in the middle", toml: head + "[[trigger.http]]\nroute = \"/a/.../b\"\ncomponent = \"api\"" + component,
                message: "spin.toml:5: [[trigger.http]] #1: invalid route \"/a/.../b\": a wildcard (\"...\") may only be the last segment"),
            Case(
                name: "unnamed parameter", toml: head + "[[trigger.http]]\nroute = \"/users/:\"\ncomponent = \"api\"" + component,
                message: "spin.toml:5: [[trigger.http]] #1: invalid route \"/users/:\": parameter segments must be named (\":name\")"),
            Case(
                name: "private = false", toml: head + "[[trigger.http]]\nroute = { private = false }\ncomponent = \"api\"" + component,
                message: "spin.toml:5: [[trigger.http]] #1: field \"route\" must be a path string or { private = true }, not { private = false }"),
            Case(
                name: "route of the wrong type", toml: head + "[[trigger.http]]\nroute = 80\ncomponent = \"api\"" + component,
                message: "spin.toml:5: [[trigger.http]] #1: field \"route\" must be a path string or { private = true }"),
            Case(
                name: "component and static response in one trigger",
                toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"api\"\nstatic_response = { status_code = 204 }" + component,
                message: "spin.toml:4: [[trigger.http]] #1: a trigger must have either \"component\" or \"static_response\", not both"),
            Case(
                name: "trigger with neither component nor static response", toml: head + "[[trigger.http]]\nroute = \"/\"",
                message: "spin.toml:4: [[trigger.http]] #1: missing required field \"component\" (or \"static_response\")"),
            Case(
                name: "status code out of range", toml: head + "[[trigger.http]]\nroute = \"/\"\nstatic_response = { status_code = 1000 }",
                message: "spin.toml:6: [[trigger.http]] #1: field \"static_response.status_code\" must be an HTTP status code (100 to 999)"),
            Case(
                name: "static response header with a line break",
                toml: head + "[[trigger.http]]\nroute = \"/\"\nstatic_response = { headers = { x = \"a\\r\\nb: c\" } }",
                message: "spin.toml:6: [[trigger.http]] #1: field \"static_response.headers\": the value of \"x\" must not contain line breaks"),
            Case(
                name: "unknown executor", toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"api\"\nexecutor = { type = \"cgi\" }" + component,
                message: "spin.toml:7: [[trigger.http]] #1: field \"executor.type\" must be \"spin\" or \"wagi\", not \"cgi\""),
            Case(
                name: "misspelt wagi field",
                toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"api\"\nexecutor = { type = \"wagi\", args = \"x\" }" + component,
                message: "spin.toml:7: [[trigger.http]] #1: unknown field \"executor.args\""),
            Case(
                name: "executor without type", toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"api\"\nexecutor = { argv = \"x\" }" + component,
                message: "spin.toml:7: [[trigger.http]] #1: missing required field \"executor.type\""),
            Case(
                name: "inline component with a misspelt field",
                toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = { sorce = \"a.wasm\" }",
                message: "spin.toml:6: inline component of [[trigger.http]] #1: unknown field \"sorce\""),
            Case(
                name: "duplicate trigger ids",
                toml: head + "[[trigger.http]]\nid = \"t\"\nroute = \"/a\"\ncomponent = \"api\"\n[[trigger.http]]\nid = \"t\"\nroute = \"/b\"\ncomponent = \"api\"" + component,
                message: "spin.toml:9: [[trigger.http]] #2: trigger id \"t\" is already used by another trigger"),
            Case(
                name: "trigger middleware", toml: head + "[[trigger.http]]\nroute = \"/\"\ncomponent = \"api\"\ndependencies.middleware = [{ component = \"api\" }]" + component,
                message: "spin.toml:7: [[trigger.http]] #1: field \"dependencies\" (trigger middleware and extra components) is not supported by this host"),
            Case(
                name: "other trigger types", toml: head + "[[trigger.cron]]\ncron_expression = \"1/2 * * * * *\"\ncomponent = \"api\"" + component,
                message: "spin.toml:4: unsupported trigger type \"cron\": this host runs HTTP and Redis triggers"),
            Case(
                name: "a Redis trigger without an address", toml: head + "[[trigger.redis]]\nchannel = \"orders\"\ncomponent = \"api\"" + component,
                message: "spin.toml:4: [[trigger.redis]] #1: no Redis address: set [application.trigger.redis] address, or address in this trigger"),
            Case(
                name: "files escaping through ..", toml: head + component + "\nfiles = [\"../secrets/*\"]",
                message: "spin.toml:7: component \"api\": files entry \"../secrets/*\" is outside the application directory"),
            Case(
                name: "files escaping through an absolute path", toml: head + component + "\nfiles = [\"/etc/passwd\"]",
                message: "spin.toml:7: component \"api\": files entry \"/etc/passwd\" is outside the application directory"),
            Case(
                name: "mapping source escaping", toml: head + component + "\nfiles = [{ source = \"static/../..\", destination = \"/\" }]",
                message: "spin.toml:7: component \"api\": files source \"static/../..\" is outside the application directory"),
            Case(
                name: "mapping destination climbing", toml: head + component + "\nfiles = [{ source = \"static\", destination = \"/../etc\" }]",
                message: "spin.toml:7: component \"api\": files destination \"/../etc\" must not contain \"..\""),
            Case(
                name: "pattern ending in ..", toml: head + component + "\nfiles = [\"static/..\"]",
                message: "spin.toml:7: component \"api\": files entry \"static/..\" can't end in a parent directory path (\"..\"); to include a directory, use a { source, destination } mapping or a pattern ending in \"**/*\""),
            Case(
                name: "mapping without destination", toml: head + component + "\nfiles = [{ source = \"static\" }]",
                message: "spin.toml:7: component \"api\": missing required field \"files.destination\""),
            Case(
                name: "files of the wrong type", toml: head + component + "\nfiles = [42]",
                message: "spin.toml:7: component \"api\": field \"files\" must be an array of glob strings or { source, destination } tables"),
            Case(
                name: "bad glob", toml: head + component + "\nfiles = [\"static/a**\"]",
                message: "spin.toml:7: component \"api\": files entry \"static/a**\" is not a valid glob pattern: \"**\" must be a whole path component"),
            Case(
                name: "bad exclude glob", toml: head + component + "\nexclude_files = [\"[abc\"]",
                message: "spin.toml:7: component \"api\": exclude_files entry \"[abc\" is not a valid glob pattern: unclosed \"[\""),
            Case(
                name: "malformed digest", toml: head + "[component.api]\nsource = { url = \"https://example.com/a.wasm\", digest = \"not-a-digest\" }",
                message: "spin.toml:5: component \"api\": field \"source.digest\" must be \"sha256:\" followed by 64 hexadecimal digits"),
            Case(
                name: "remote source that is not HTTP", toml: head + "[component.api]\nsource = { url = \"ftp://example.com/a.wasm\", digest = \"sha256:00\" }",
                message: "spin.toml:5: component \"api\": field \"source.url\" must be an http:// or https:// URL"),
            Case(
                name: "source of the wrong type", toml: head + "[component.api]\nsource = 7",
                message: "spin.toml:5: component \"api\": field \"source\" must be a path string, a { url, digest } table or a { registry, package, version } table"),
            Case(
                name: "variable without default or required", toml: head + "[variables]\ntoken = { secret = true }",
                message: "spin.toml:5: variable \"token\": a variable must be required (required = true) or have a default"),
            Case(
                name: "variable both required and defaulted", toml: head + "[variables]\ntoken = { required = true, default = \"x\" }",
                message: "spin.toml:5: variable \"token\": a variable cannot both be required and have a default"),
            Case(
                name: "upper-case variable name", toml: head + "[variables]\nAPI_KEY = { default = \"x\" }",
                message: "spin.toml:5: variable \"API_KEY\": invalid variable name: must be all lowercase; got \"API_KEY\""),
            Case(
                name: "component variable name in kebab case", toml: head + component + "\nvariables = { api-host = \"x\" }",
                message: "spin.toml:7: component \"api\": field \"variables\": invalid variable name \"api-host\": words must be separated with \"_\", not \"-\""),
            Case(
                name: "bad key-value store label", toml: head + component + "\nkey_value_stores = [\"my store\"]",
                message: "spin.toml:7: component \"api\": field \"key_value_stores\": invalid label \"my store\": expected kebab-case or snake_case"),
            Case(
                name: "outbound host without scheme", toml: head + component + "\nallowed_outbound_hosts = [\"example.com\"]",
                message: "spin.toml:7: component \"api\": field \"allowed_outbound_hosts\": entry \"example.com\" must have the form \"scheme://host[:port]\""),
            Case(
                name: "bad allowed_http_hosts entry", toml: head + component + "\nallowed_http_hosts = [\"ftp://example.com\"]",
                message: "spin.toml:7: component \"api\": allowed_http_hosts entry \"ftp://example.com\" is not a host name or host:port"),
            Case(
                name: "build without command", toml: head + component + "\n[component.api.build]\nworkdir = \"api\"",
                message: "spin.toml:7: component \"api\": missing required field \"build.command\""),
            Case(
                name: "build command of the wrong type", toml: head + component + "\nbuild = { command = [\"make\", 1] }",
                message: "spin.toml:7: component \"api\": field \"build.command\" must be a string or an array of strings"),
            Case(
                name: "component table that is not a table",
                toml: "spin_manifest_version = 2\ncomponent = \"api\"\n[application]\nname = \"a\"",
                message: "spin.toml:2: field \"component\" must be a table of component tables ([component.<id>])"),
            Case(
                name: "dependency on an undefined component", toml: head + component + "\ndependencies = { \"a:b/c\" = { component = \"ghost\" } }",
                message: "spin.toml: component \"api\": dependency \"a:b/c\" names component \"ghost\", which is not defined"),
            Case(
                name: "NUL character", toml: "spin_manifest_version = 2\u{0}",
                message: "spin.toml: the manifest contains a NUL character"),
            Case(
                name: "version 1 component without trigger", toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"http\" }\n[[component]]\nid = \"a\"\nsource = \"a.wasm\"",
                message: "spin.toml:4: component \"a\": missing required field \"trigger\""),
            Case(
                name: "version 1 duplicate ids",
                toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"http\" }\n[[component]]\nid = \"a_b\"\nsource = \"a.wasm\"\ntrigger = { route = \"/a\" }\n[[component]]\nid = \"a-b\"\nsource = \"b.wasm\"\ntrigger = { route = \"/b\" }",
                message: "spin.toml:9: duplicate component id \"a-b\""),
            Case(
                name: "version 1 misspelt component field",
                toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"http\" }\n[[component]]\nid = \"a\"\nsource = \"a.wasm\"\nallowed_outbound_host = []\ntrigger = { route = \"/a\" }",
                message: "spin.toml:7: component \"a\": unknown field \"allowed_outbound_host\""),
            Case(
                name: "version 1 component without id", toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"http\" }\n[[component]]\nsource = \"a.wasm\"",
                message: "spin.toml:4: [[component]] #1: missing required field \"id\""),
            Case(
                name: "version 1 timer application", toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"timer\" }",
                message: "spin.toml:3: unsupported trigger type \"timer\": this host runs \"http\" and \"redis\" triggers"),
            Case(
                name: "version 1 redis application without address", toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"redis\" }",
                message: "spin.toml:3: missing required field \"trigger.address\""),
            Case(
                name: "version 1 redis component with a route",
                toml: "spin_version = \"1\"\nname = \"a\"\ntrigger = { type = \"redis\", address = \"redis://x\" }\n[[component]]\nid = \"a\"\nsource = \"a.wasm\"\ntrigger = { route = \"/a\" }",
                message: "spin.toml:7: component \"a\": unknown field \"trigger.route\""),
            Case(
                name: "version 1 without trigger", toml: "spin_version = \"1\"\nname = \"a\"",
                message: "spin.toml: missing required field \"trigger\""),
        ]

        @Test(arguments: cases)
        func brokenManifestIsRejectedWithItsMessage(_ broken: Case) {
            do {
                let manifest = try ManifestLoader.parse(broken.toml, applicationDirectory: "/srv/app")
                Issue.record("accepted: \(manifest)")
            } catch {
                #expect(error.description == broken.message)
            }
        }

        @Test func thereAreEnoughCases() {
            #expect(Self.cases.count >= 25)
            #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
        }

        @Test func syntaxErrorsCarryTheirPosition() throws {
            do {
                _ = try ManifestLoader.parse("spin_manifest_version = 2\n\n  name = = 1\n", applicationDirectory: "/app")
                Issue.record("accepted")
            } catch {
                guard case .syntax(let line, _) = error.kind else {
                    Issue.record("not a syntax error: \(error)")
                    return
                }
                #expect(line == 3)
            }
        }
    }
}
