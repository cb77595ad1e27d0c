import Testing
@testable import SpinHost

/// Where an outbound request goes, decided before any connection.
struct OutboundHTTPTargetTests {
    let policy = try! OutboundHostPolicy(["http://127.0.0.1:8080", "https://api.example.com"])

    func target(_ scheme: String?, _ authority: String?, _ path: String? = "/x") throws(OutboundHTTPClient.TargetProblem)
        -> OutboundHTTPClient.Target {
        let origin = SelfOrigin()
        origin.set(host: "127.0.0.1", port: 3000)
        return try OutboundHTTPClient.target(scheme: scheme, authority: authority, pathWithQuery: path, policy: policy,
                                             selfOrigin: origin)
    }

    @Test func allowedDestinationsKeepTheirAuthority() throws {
        let plain = try target("http", "127.0.0.1:8080")
        #expect(plain.url == "http://127.0.0.1:8080/x" && plain.authority == "127.0.0.1:8080")
        let secure = try target(nil, "API.example.com", "?q=1")
        #expect(secure.url == "https://api.example.com:443/?q=1")
    }

    @Test(arguments: ["127.0.0.1:8080@evil.example", "user@127.0.0.1.nip.io:8080", "127.1:8080", "localhost:8080",
                      "[::ffff:127.0.0.1]:8080", "127.0.0.1:8081"])
    func bypassSpellingsAreDenied(_ authority: String) {
        #expect(throws: OutboundHTTPClient.TargetProblem.denied) { try target("http", authority) }
    }

    @Test func otherSchemesAndBadPortsAreInvalid() {
        #expect(throws: OutboundHTTPClient.TargetProblem.invalid) { try target("ftp", "127.0.0.1:8080") }
        #expect(throws: OutboundHTTPClient.TargetProblem.invalid) { try target("http", "127.0.0.1:99999") }
    }

    @Test func selfNeedsASelfRule() throws {
        #expect(throws: OutboundHTTPClient.TargetProblem.denied) { try target(nil, nil) }
        let origin = SelfOrigin()
        origin.set(host: "127.0.0.1", port: 3000)
        let chained = try OutboundHTTPClient.target(scheme: nil, authority: "self", pathWithQuery: "/api",
                                                    policy: try OutboundHostPolicy(["http://self"]), selfOrigin: origin)
        #expect(chained.url == "http://127.0.0.1:3000/api")
    }

    /// The SDKs and wasmtime give a relative URL the authority `:80` or `:443`: an empty host, the application itself.
    @Test(arguments: [":80", ":443", "self.alt"]) func emptyHostIsTheApplication(authority: String) throws {
        let origin = SelfOrigin()
        origin.set(host: "127.0.0.1", port: 3000)
        let selfRule = try OutboundHostPolicy(["http://self"])
        let made = try OutboundHTTPClient.target(scheme: "https", authority: authority, pathWithQuery: "/api",
                                                 policy: selfRule, selfOrigin: origin)
        #expect(made.url == "http://127.0.0.1:3000/api")
        #expect(throws: OutboundHTTPClient.TargetProblem.denied) {
            try OutboundHTTPClient.target(scheme: "http", authority: authority, pathWithQuery: "/", policy: policy, selfOrigin: origin)
        }
    }
}
