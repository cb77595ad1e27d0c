@testable import SpinHost
import Testing

/// What a WAGI guest gets besides its body: `argv` from the executor's
/// template and the CGI/1.1 meta-variables (RFC 3875 §4.1) in its environment.
@Suite struct WAGIExecutorTests {
    /// A request matched against `route`, as the trigger would pass it.
    func matched(_ route: String, _ request: IncomingRequest) throws -> (Router.Match, SpinRequestHeaders) {
        let router = Router([Router.Entry(pattern: try RouteSpec(parsing: route), target: 0)])
        let match = try #require(router.route(request.path), "\(request.path) does not match \(route)")
        return (match, SpinRequestHeaders(request: request, match: match))
    }

    func variables(_ route: String, _ request: IncomingRequest) throws -> [(name: String, value: String)] {
        let (match, headers) = try matched(route, request)
        return WAGIExecutor.variables(request, match: match, headers: headers)
    }

    /// The variables by name; a name set twice fails the test.
    func environment(_ route: String, _ request: IncomingRequest) throws -> [String: String] {
        let list = try variables(route, request)
        let names = list.map(\.name)
        #expect(Set(names).count == names.count, "a variable is set twice: \(names.sorted())")
        return Dictionary(list.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: argv

    @Test func defaultTemplateIsThePathThenQueryKeysAndNonEmptyValues() {
        let request = IncomingRequest(method: "GET", target: "/cgi/run?a=1&b=&c&&d=x%20y&e%3D=%2F&f=1=2")
        #expect(WAGIExecutor.arguments(WAGIExecutorConfig.defaultArgv, request: request)
                    == ["/cgi/run", "a", "1", "b", "c", "d", "x y", "e=", "/", "f", "1=2"])
    }

    @Test func templateWordsAreKeptAndScriptNameIsSubstitutedInsideAWord() {
        let request = IncomingRequest(method: "GET", target: "/exact?name=x&flag")
        #expect(WAGIExecutor.arguments("${SCRIPT_NAME} -v ${ARGS}", request: request)
                    == ["/exact", "-v", "name", "x", "flag"])
        #expect(WAGIExecutor.arguments("tool  --script=${SCRIPT_NAME}", request: request)
                    == ["tool", "--script=/exact"])
        #expect(WAGIExecutor.arguments("${ARGS} ${SCRIPT_NAME}", request: request)
                    == ["name", "x", "flag", "/exact"])
    }

    @Test func noQueryGivesNoArguments() {
        for target in ["/only/path", "/only/path?", "/only/path?&&"] {
            #expect(WAGIExecutor.arguments(WAGIExecutorConfig.defaultArgv, request: IncomingRequest(method: "GET", target: target))
                        == ["/only/path"], "\(target)")
        }
    }

    @Test func percentEscapesAreDecodedAsUTF8AndInvalidOnesKeptAsWritten() {
        let request = IncomingRequest(method: "GET", target: "/p?%E2%82%AC=%C3%A9t%C3%A9&bad=%zz&half=%E2%82")
        #expect(WAGIExecutor.arguments("${ARGS}", request: request)
                    == ["€", "été", "bad", "%zz", "half", "%E2%82"])
    }

    // MARK: CGI variables

    static let request = IncomingRequest(
        method: "POST", target: "/cgi/hello/w%20x?k=v&z", version: "HTTP/1.1",
        headers: [
            ("Host", "example.com:8080"), ("Content-Type", "text/plain"), ("Authorization", "Bearer secret-token"),
            ("Connection", "keep-alive"), ("X-Custom-Thing", "yes"), ("accept", "*/*"),
        ],
        body: Array("hello".utf8), clientAddress: "10.1.2.3:5555")

    @Test func metaVariablesFollowRFC3875() throws {
        let environment = try environment("/cgi/...", Self.request)
        let expected: [String: String] = [
            "AUTH_TYPE": "",
            "CONTENT_LENGTH": "5",
            "CONTENT_TYPE": "text/plain",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "QUERY_STRING": "k=v&z",
            "REMOTE_ADDR": "10.1.2.3",
            "REMOTE_HOST": "10.1.2.3",
            "REMOTE_USER": "",
            "REQUEST_METHOD": "POST",
            "SCRIPT_NAME": "/cgi",
            "PATH_INFO": "/hello/w%20x",
            "X_RAW_PATH_INFO": "/hello/w%20x",
            "PATH_TRANSLATED": "/hello/w x",
            "SERVER_NAME": "example.com",
            "SERVER_PORT": "8080",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "SERVER_SOFTWARE": "WAGI/1",
        ]
        for (name, value) in expected {
            #expect(environment[name] == value, "\(name)")
        }
    }

    @Test func requestHeadersBecomeHTTPVariables() throws {
        let environment = try environment("/cgi/...", Self.request)
        #expect(environment["HTTP_HOST"] == "example.com:8080")
        #expect(environment["HTTP_CONTENT_TYPE"] == "text/plain")
        #expect(environment["HTTP_X_CUSTOM_THING"] == "yes")
        #expect(environment["HTTP_ACCEPT"] == "*/*")
    }

    /// RFC 3875 §4.1.18: credentials and connection details stay with the server.
    @Test func authorizationAndConnectionAreNotPassed() throws {
        let list = try variables("/cgi/...", Self.request)
        #expect(!list.contains { $0.name == "HTTP_AUTHORIZATION" })
        #expect(!list.contains { $0.name == "HTTP_CONNECTION" })
        #expect(!list.contains { $0.value.contains("secret-token") || $0.value == "keep-alive" })
        // Whatever the header's spelling.
        var request = Self.request
        request.headers = [("AUTHORIZATION", "Basic x"), ("connection", "close"), ("X-Kept", "1")]
        let names = try variables("/cgi/...", request).map(\.name)
        #expect(!names.contains("HTTP_AUTHORIZATION"))
        #expect(!names.contains("HTTP_CONNECTION"))
        #expect(names.contains("HTTP_X_KEPT"))
    }

    @Test func spinRequestInformationComesAsXVariables() throws {
        let environment = try environment("/cgi/...", Self.request)
        #expect(environment["X_FULL_URL"] == "http://example.com:8080/cgi/hello/w%20x?k=v&z")
        #expect(environment["X_MATCHED_ROUTE"] == "/cgi/...")
        #expect(environment["X_COMPONENT_ROUTE"] == "/cgi")
        #expect(environment["X_RAW_COMPONENT_ROUTE"] == "/cgi/...")
        #expect(environment["X_BASE_PATH"] == "/")
        #expect(environment["X_CLIENT_ADDR"] == "10.1.2.3:5555")
        #expect(environment["X_PATH_INFO"] == "/hello/w%20x")
        // Only the X_ forms: no SPIN_ names, and every name is a valid environment name.
        for name in environment.keys {
            #expect(!name.hasPrefix("SPIN_"), "\(name)")
            #expect(name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F },
                    "\(name)")
        }
    }

    @Test func parametersComeAsPathMatchVariables() throws {
        let request = IncomingRequest(method: "GET", target: "/users/7/posts/first-post", clientAddress: "10.0.0.1:1")
        let environment = try environment("/users/:id/posts/:Slug", request)
        #expect(environment["X_PATH_MATCH_ID"] == "7")
        #expect(environment["X_PATH_MATCH_SLUG"] == "first-post")
        #expect(environment["X_MATCHED_ROUTE"] == "/users/:id/posts/:Slug")
        #expect(environment["SCRIPT_NAME"] == "/users/:id/posts/:Slug")
        #expect(environment["PATH_INFO"] == "")
        #expect(environment["CONTENT_LENGTH"] == "0")
        #expect(environment["CONTENT_TYPE"] == "")
        #expect(environment["QUERY_STRING"] == "")
    }

    @Test func serverNameAndPortFallBackToTheListeningAddressAndPort80() throws {
        let noHost = IncomingRequest(method: "GET", target: "/", serverHost: "127.0.0.1:3000")
        let fromListener = try environment("/...", noHost)
        #expect(fromListener["SERVER_NAME"] == "127.0.0.1")
        #expect(fromListener["SERVER_PORT"] == "3000")
        #expect(fromListener["HTTP_HOST"] == nil)

        let hostWithoutPort = IncomingRequest(method: "GET", target: "/", headers: [("host", "example.org")])
        let defaultPort = try environment("/...", hostWithoutPort)
        #expect(defaultPort["SERVER_NAME"] == "example.org")
        #expect(defaultPort["SERVER_PORT"] == "80")
    }

    @Test func remoteAddressWithoutAPortIsPassedWhole() throws {
        let request = IncomingRequest(method: "GET", target: "/", clientAddress: "unknown")
        let environment = try environment("/...", request)
        #expect(environment["REMOTE_ADDR"] == "unknown")
        #expect(environment["X_CLIENT_ADDR"] == "unknown")
    }

    /// `HTTPServer.describe` writes IPv6 clients as `[ip]:port`; RFC 3875
    /// §4.1.8 (and Spin, `client_addr.ip().to_string()`) wants the bare address.
    @Test func ipv6RemoteAddressHasNoBrackets() throws {
        let request = IncomingRequest(method: "GET", target: "/", clientAddress: "[::1]:5555")
        let environment = try environment("/...", request)
        #expect(environment["REMOTE_ADDR"] == "::1")
        #expect(environment["REMOTE_HOST"] == "::1")
        #expect(environment["X_CLIENT_ADDR"] == "[::1]:5555")
    }
}
