@testable import SpinHost
import Testing

extension ManifestTests {
    struct RouteSpecTests {
        @Test func exactRoutes() throws {
            let route = try RouteSpec(parsing: "/cart/checkout/")
            #expect(route.segments == [.literal("cart"), .literal("checkout")])
            #expect(!route.hasTrailingWildcard)
            #expect(route.prefix == "/cart/checkout")
            #expect(route.text == "/cart/checkout/")
        }

        @Test func trailingWildcardsInBothSpellings() throws {
            for text in ["/users/...", "/users/*", "/users//..."] {
                let route = try RouteSpec(parsing: text)
                #expect(route.segments == [.literal("users")])
                #expect(route.hasTrailingWildcard)
                #expect(route.prefix == "/users")
            }
            let everything = try RouteSpec(parsing: "/...")
            #expect(everything.segments.isEmpty && everything.hasTrailingWildcard && everything.prefix == "/")
            let root = try RouteSpec(parsing: "/")
            #expect(root.segments.isEmpty && !root.hasTrailingWildcard && root.prefix == "/")
        }

        @Test func parameters() throws {
            let route = try RouteSpec(parsing: "/users/:userid/edit")
            #expect(route.segments == [.literal("users"), .parameter("userid"), .literal("edit")])
            #expect(route.parameterNames == ["userid"])
        }

        @Test func sameRoutesShareAConflictKey() throws {
            func key(_ text: String) throws -> String { try RouteSpec(parsing: text).conflictKey }
            #expect(try key("/a") == key("/a/"))
            #expect(try key("/a/...") == key("/a/*"))
            #expect(try key("/a/:x") == key("/a/:y"))
            #expect(try key("/") == key("//"))
            #expect(try key("/a") != key("/a/..."))
            #expect(try key("/a/:x") != key("/a/x"))
            #expect(try key("/:a") != key("/=a"))
        }

        @Test(arguments: [
            ("cart", "must start with \"/\""),
            ("", "must start with \"/\""),
            ("/a/*/b", "a wildcard (\"*\") may only be the last segment"),
            ("/a/*rest", "the trailing wildcard has no name: write \"*\" or \"...\" instead of \"*rest\""),
            ("/a/:", "parameter segments must be named (\":name\")"),
            ("/a/:b:c", "parameter segment \":b:c\" must be a single name"),
            ("/files/:name.json", "parameter segment \":name.json\" must be a single name"),
        ])
        func invalidRoutes(text: String, message: String) {
            do {
                _ = try RouteSpec(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message == message)
            }
        }
    }
}
