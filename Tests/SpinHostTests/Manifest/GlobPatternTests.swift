@testable import SpinHost
import Testing

extension ManifestTests {
    struct GlobPatternTests {
        func name(_ pattern: String, _ text: String) throws -> Bool {
            GlobPattern.matches(try GlobPattern.tokens(of: pattern), text, starCrossesSlash: false)
        }

        func path(_ pattern: String, _ text: String) throws -> Bool {
            GlobPattern.matches(try GlobPattern.pathTokens(of: pattern), text, starCrossesSlash: true)
        }

        @Test func componentPatterns() throws {
            #expect(try name("*.png", "a.png"))
            #expect(try name("*.png", ".hidden.png"))
            #expect(try !name("*.png", "a.jpg"))
            #expect(try name("?.txt", "a.txt"))
            #expect(try !name("?.txt", "ab.txt"))
            #expect(try name("[ab].txt", "b.txt"))
            #expect(try !name("[!ab].txt", "b.txt"))
            #expect(try name("[a-c]x", "cx"))
            #expect(try name("[]]", "]"))
            #expect(try name("*", ""))
            #expect(try name("a*b*c", "axxbyyc"))
            #expect(try !name("a*b*c", "axxbyy"))
        }

        /// `exclude_files` patterns match whole relative paths, and `*` crosses `/` as in Spin.
        @Test func excludePatterns() throws {
            #expect(try path("secrets/*", "secrets/a.txt"))
            #expect(try path("secrets/*", "secrets/deep/a.txt"))
            #expect(try path("**/secret", "secret"))
            #expect(try path("**/secret", "a/b/secret"))
            #expect(try !path("**/secret", "a/notsecret"))
            #expect(try path("static/**", "static/a/b"))
            #expect(try path("static/**/*.css", "static/site.css"))
            #expect(try path("static/**/*.css", "static/a/b/site.css"))
            #expect(try !path("static/**/*.css", "other/site.css"))
        }

        @Test func syntaxErrors() {
            #expect(throws: GlobPattern.SyntaxError.self) { try GlobPattern.tokens(of: "[abc") }
            #expect(throws: GlobPattern.SyntaxError.self) { try GlobPattern.tokens(of: "a**") }
            #expect(throws: GlobPattern.SyntaxError.self) { try GlobPattern.tokens(of: "[z-a]") }
        }

        @Test func longPatternsStayFast() throws {
            let text = String(repeating: "a", count: 3000)
            #expect(try !name(String(repeating: "*a", count: 40) + "b", text))
        }
    }
}
