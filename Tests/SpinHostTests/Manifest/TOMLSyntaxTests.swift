@testable import SpinHost
import Testing

extension ManifestTests {
    /// The TOML 1.0 check that keeps malformed text away from toml++.
    struct TOMLSyntaxTests {
        static let valid = [
            "",
            "\u{FEFF}a = 1",
            "# comment\r\na = 1 # trailing\r\n",
            "a.b . c = 'x'\n\"quoted key\" = \"\\u00e9\\U0001F600\\t\"\n'literal' = 1",
            "[table]\n[ table . sub ]\n[[ array ]]\n[[array]]",
            "s = \"\"\"\nline \\\n    continued \"\" quotes \"\"\"\"\"",
            "s = '''\nraw \\ text '' ''''",
            "n = [0, -1, +2, 1_000, 0xDEAD_beef, 0o755, 0b1010, 3.14, -0.0, 1e10, 6.626e-34, 1_2.3_4E+5_6, inf, -nan]",
            "d = [1979-05-27T07:32:00Z, 1979-05-27t07:32:00.999-07:00, 1979-05-27 07:32:00, 1979-05-27, 07:32:00.5]",
            "a = [\n  1, # one\n  [2, 3],\n  { x = true, y = false },\n]",
            "t = { a = { b = [] }, 'c' = \"d\" }",
        ]

        @Test(arguments: valid)
        func validDocumentsPass(_ text: String) throws {
            try TOMLSyntax.check(text)
        }

        /// Each of these reached an assertion in toml++ (found by fuzzing), or is a plain syntax error.
        static let invalid: [(String, TOMLSyntax.Failure)] = [
            ("[[[", .init(line: 1, column: 3, message: "expected a key")),
            ("[.", .init(line: 1, column: 2, message: "expected a key")),
            ("[a.[", .init(line: 1, column: 4, message: "expected a key")),
            ("x = 1\n[[ [t]]", .init(line: 2, column: 4, message: "expected a key")),
            ("a = [1, }]", .init(line: 1, column: 9, message: "expected a value")),
            ("a = [1, [2, }]]", .init(line: 1, column: 13, message: "expected a value")),
            ("z = 1979-05-27Tx", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("z = 1980-05-27T\u{10}7:32", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("z = 2847-05-27T*7:3i", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("z = 7919-05-27T.17:03 [ lit", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("a = 01", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("a = 1__0", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("a = 1.", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("a = 1979-13-01", .init(line: 1, column: 5, message: "invalid number, date or time")),
            ("a = \"open", .init(line: 1, column: 10, message: "unterminated string")),
            ("a = \"x\ny\"", .init(line: 1, column: 7, message: "a single-line string cannot contain a line break")),
            ("a = \"\\q\"", .init(line: 1, column: 7, message: "invalid escape sequence")),
            ("a = \"\\uD800\"", .init(line: 1, column: 12, message: "escape is not a Unicode scalar value")),
            ("a = \"\u{7}\"", .init(line: 1, column: 6, message: "control character in a string")),
            ("a = \"\"\"\"\"\"\"\"\"", .init(line: 1, column: 8, message: "too many quotes in a row in a multi-line string")),
            ("a = { b = 1, }", .init(line: 1, column: 14, message: "an inline table cannot end with a comma")),
            ("a = { b = 1\n}", .init(line: 1, column: 12, message: "expected \",\" or \"}\" in the inline table")),
            ("a = 1 b = 2", .init(line: 1, column: 7, message: "expected the end of the line")),
            ("a = truee", .init(line: 1, column: 9, message: "expected the end of the line")),
            ("a = 1\rb = 2", .init(line: 1, column: 6, message: "expected the end of the line")),
            ("# bell \u{7}", .init(line: 1, column: 8, message: "control character in a comment")),
            ("\"\"\"a\"\"\" = 1", .init(line: 1, column: 1, message: "a key cannot be a multi-line string")),
            ("a", .init(line: 1, column: 2, message: "expected \"=\" after the key")),
            ("[a", .init(line: 1, column: 3, message: "expected \"]\" to close the table header")),
            ("[[a]", .init(line: 1, column: 5, message: "expected \"]]\" to close the table header")),
            ("é = 1", .init(line: 1, column: 1, message: "expected a key")),
            ("a = " + String(repeating: "[", count: 200), .init(line: 1, column: 106, message: "values are nested too deeply")),
        ]

        @Test(arguments: invalid)
        func invalidDocumentsFailAtTheirPosition(_ text: String, _ expected: TOMLSyntax.Failure) {
            #expect(throws: expected) { try TOMLSyntax.check(text) }
        }

        /// Every table, key and array element is found at the line it is
        /// defined on, under its full key path: arrays of tables by index,
        /// quoted and dotted keys as TOML reads them.
        @Test func positionsOfTablesKeysAndElements() throws {
            let positions = try TOMLSyntax.check("""
                top = 1
                [application]
                name = "x"
                [[trigger.http]]
                route = "/a"
                [[trigger.http]]
                route = "/b"
                component = { source = "in.wasm" }
                [component."my-api"]
                build.command = "make"
                files = [
                  "a",
                  { source = "b", destination = "/" },
                ]
                [component.'my-api'.tool]
                "key \\u0041" = 1
                [[component]]
                [component.trigger]
                """)
            func line(_ steps: TOMLPositions.Step...) -> Int? { positions.line(of: steps) }
            #expect(line(.key("top")) == 1)
            #expect(line(.key("application")) == 2)
            #expect(line(.key("application"), .key("name")) == 3)
            #expect(line(.key("trigger")) == 4)
            #expect(line(.key("trigger"), .key("http"), .index(0)) == 4)
            #expect(line(.key("trigger"), .key("http"), .index(0), .key("route")) == 5)
            #expect(line(.key("trigger"), .key("http"), .index(1), .key("route")) == 7)
            #expect(line(.key("trigger"), .key("http"), .index(1), .key("component"), .key("source")) == 8)
            #expect(line(.key("component"), .key("my-api")) == 9)
            #expect(line(.key("component"), .key("my-api"), .key("build")) == 10)
            #expect(line(.key("component"), .key("my-api"), .key("build"), .key("command")) == 10)
            #expect(line(.key("component"), .key("my-api"), .key("files")) == 11)
            #expect(line(.key("component"), .key("my-api"), .key("files"), .index(0)) == 12)
            #expect(line(.key("component"), .key("my-api"), .key("files"), .index(1), .key("destination")) == 13)
            #expect(line(.key("component"), .key("my-api"), .key("tool"), .key("key A")) == 16)
            // `[component.trigger]` after `[[component]]` is a table of the array's last element.
            #expect(line(.key("component"), .index(0), .key("trigger")) == 18)
            #expect(line(.key("component"), .key("other")) == nil)
        }

        /// Through the loader, the same texts are syntax errors, not crashes.
        @Test func loaderReportsSyntaxErrors() {
            for (text, expected) in Self.invalid {
                #expect(throws: ManifestError(file: "spin.toml", kind: .syntax(line: expected.line, column: expected.column), message: expected.message)) {
                    try ManifestLoader.parse(text, applicationDirectory: "/app")
                }
            }
        }
    }
}
