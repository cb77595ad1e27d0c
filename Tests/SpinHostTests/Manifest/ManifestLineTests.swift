@testable import SpinHost
import Testing

extension ManifestTests {
    /// Errors about a field name the line it is on (`spin.toml:12: ...`), so
    /// that a long manifest can be fixed without searching for the field.
    struct ManifestLineTests {
        static let manifest = """
            spin_manifest_version = 2

            [application]
            name = "shop"

            [[trigger.http]]
            route = "/..."
            component = "web"

            [[trigger.http]]
            route = "/api/..."
            component = "api"

            [component.web]
            source = "web.wasm"

            [component.api]
            source = "api.wasm"
            allowed_outbound_hosts = [
                "https://example.com",
                "https://example.org",
            ]
            """

        /// `manifest` with the line `line` (1-based) replaced by `text`.
        static func replacing(line: Int, with text: String) -> String {
            var lines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[line - 1] = text
            return lines.joined(separator: "\n")
        }

        func message(_ text: String) -> String? {
            do {
                _ = try ManifestLoader.parse(text, applicationDirectory: "/srv/shop")
                return nil
            } catch {
                return error.description
            }
        }

        @Test func wrongTypeNamesTheLineOfTheField() {
            #expect(message(Self.replacing(line: 18, with: "source = 7"))
                == "spin.toml:18: component \"api\": field \"source\" must be a path string, a { url, digest } table or a { registry, package, version } table")
            #expect(message(Self.replacing(line: 4, with: "name = [\"shop\"]"))
                == "spin.toml:4: field \"application.name\" must be a string")
            #expect(message(Self.replacing(line: 12, with: "component = 12"))
                == "spin.toml:12: [[trigger.http]] #2: field \"component\" must be a component id or an inline component table")
        }

        @Test func badValueNamesTheLineOfTheValue() {
            // The second element of a multi-line array, on its own line.
            #expect(message(Self.manifest) == nil)
            #expect(message(Self.replacing(line: 21, with: "    \"example.org\","))
                == "spin.toml:21: component \"api\": field \"allowed_outbound_hosts\": entry \"example.org\" must have the form \"scheme://host[:port]\"")
            #expect(message(Self.replacing(line: 11, with: "route = \"api\""))
                == "spin.toml:11: [[trigger.http]] #2: invalid route \"api\": must start with \"/\"")
            #expect(message(Self.replacing(line: 20, with: "    42,"))
                == "spin.toml:20: component \"api\": field \"allowed_outbound_hosts\" must be an array of strings")
        }

        @Test func unknownAndMissingFieldsNameTheirLines() {
            #expect(message(Self.replacing(line: 15, with: "sorce = \"web.wasm\""))
                == "spin.toml:15: component \"web\": unknown field \"sorce\"")
            // A missing field is reported at its table's header.
            #expect(message(Self.replacing(line: 15, with: ""))
                == "spin.toml:14: component \"web\": missing required field \"source\"")
            #expect(message(Self.replacing(line: 12, with: "component = \"ghost\""))
                == "spin.toml:12: [[trigger.http]] #2: component \"ghost\" is not defined (no [component.ghost] table)")
        }

        @Test func dottedAndQuotedKeysAndInlineTables() {
            let text = Self.manifest.replacing("[component.web]\nsource = \"web.wasm\"", with: """
                [component."web"]
                source = "web.wasm"
                build.command = 1
                """)
            #expect(message(text) == "spin.toml:16: component \"web\": field \"build.command\" must be a string or an array of strings")
            let inline = Self.manifest.replacing("component = \"web\"", with: "component = { source = \"w.wasm\", files = \"x\" }")
            #expect(message(inline) == "spin.toml:8: inline component of [[trigger.http]] #1: field \"files\" must be an array of glob strings or { source, destination } tables")
        }

        @Test func version1FieldsNameTheirLines() {
            #expect(message("""
                spin_version = "1"
                name = "old"
                trigger = { type = "http" }

                [[component]]
                id = "a"
                source = "a.wasm"
                [component.trigger]
                route = 80
                """) == "spin.toml:9: component \"a\": field \"trigger.route\" must be a path string or { private = true }")
        }

        @Test func syntaxErrorsUseTheSameShape() {
            #expect(message("spin_manifest_version = 2\n[application\n") == "spin.toml:2:13: expected \"]\" to close the table header")
        }
    }
}
