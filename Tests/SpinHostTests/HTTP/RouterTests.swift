import Testing
import SpinHost

@Suite struct RouterTests {
    func router(_ routes: [String]) -> Router {
        Router(routes.enumerated().map { Router.Entry(pattern: try! RouteSpec(parsing: $0.element), target: $0.offset) })
    }

    func winner(_ routes: [String], _ path: String) -> String? {
        router(routes).route(path).map { routes[$0.entry.target] }
    }

    @Test func exactRoutesMatchOnlyThemselves() {
        #expect(winner(["/foo", "/foo/bar"], "/foo") == "/foo")
        #expect(winner(["/foo", "/foo/bar"], "/foo/bar") == "/foo/bar")
        #expect(winner(["/foo"], "/foo/bar") == nil)
        #expect(winner(["/foo"], "/fo") == nil)
        // A trailing slash on the request is the same path.
        #expect(winner(["/foo"], "/foo/") == "/foo")
    }

    @Test func wildcardMatchesItsPrefixAndEverythingUnder() {
        let routes = ["/static/..."]
        #expect(winner(routes, "/static") == "/static/...")
        #expect(winner(routes, "/static/") == "/static/...")
        #expect(winner(routes, "/static/a/b.css") == "/static/...")
        #expect(winner(routes, "/staticky") == nil)
        #expect(winner(["/..."], "/") == "/...")
        #expect(winner(["/..."], "/any/thing") == "/...")
    }

    @Test func pathInfoKeepsSpinsTrailingSlashRules() {
        let router = router(["/foo/..."])
        #expect(router.route("/foo")?.pathInfo == "")
        #expect(router.route("/foo/")?.pathInfo == "/")
        #expect(router.route("/foo/bar")?.pathInfo == "/bar")
        #expect(router.route("/foo/bar/")?.pathInfo == "/bar/")
    }

    @Test(arguments: [
        ["/...", "/users/...", "/users/:id", "/users/me"],
        ["/users/me", "/users/:id", "/users/...", "/..."],
        ["/users/:id", "/...", "/users/me", "/users/..."],
    ])
    func literalBeatsParameterBeatsWildcardInAnyOrder(routes: [String]) {
        #expect(winner(routes, "/users/me") == "/users/me")
        #expect(winner(routes, "/users/42") == "/users/:id")
        #expect(winner(routes, "/users/42/posts") == "/users/...")
        #expect(winner(routes, "/users") == "/users/...")
        #expect(winner(routes, "/other") == "/...")
    }

    @Test func longestWildcardWins() {
        let routes = ["/one/...", "/one/two/three/...", "/one/two/..."]
        #expect(winner(routes, "/one/two/three/four") == "/one/two/three/...")
        #expect(winner(routes, "/one/two/x") == "/one/two/...")
        #expect(winner(routes, "/one/x") == "/one/...")
    }

    @Test func exactBeatsWildcard() {
        #expect(winner(["/...", "/one"], "/one") == "/one")
        #expect(winner(["/...", "/"], "/") == "/")
    }

    /// Spin's router keeps the later of two triggers with one route, in the
    /// place of the earlier one (crates/routes, `DuplicateRoute`).
    @Test func laterDuplicateRouteWins() {
        let router = router(["/...", "/api", "/*", "/api/", "/users/:id", "/users/:name"])
        #expect(router.route("/anything")?.entry.target == 2)
        #expect(router.route("/api")?.entry.target == 3)
        #expect(router.route("/users/7")?.entry.target == 5)
        #expect(router.route("/users/7")?.parameters.map(\.name) == ["name"])
        #expect(router.entries.map(\.target) == [2, 3, 5])
    }

    @Test func namedSegmentsAreCaptured() {
        let match = router(["/users/:id/posts/:post"]).route("/users/7/posts/abc")
        #expect(match?.parameters.map(\.name) == ["id", "post"])
        #expect(match?.parameters.map(\.value) == ["7", "abc"])
    }

    @Test func componentRouteAsSpinPassesIt() throws {
        #expect(try RouteSpec(parsing: "/hello/...").componentRoute == "/hello")
        #expect(try RouteSpec(parsing: "/...").componentRoute == "")
        #expect(try RouteSpec(parsing: "/exact").componentRoute == "/exact")
    }
}
