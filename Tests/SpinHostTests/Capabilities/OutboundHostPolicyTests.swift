import Foundation
import Testing
@testable import SpinHost

/// `allowed_outbound_hosts` as Spin reads it, and bypass spellings that
/// must not reach a host the rules do not allow.
struct OutboundHostPolicyTests {
    @Test(arguments: [
        ("http://127.1:8080", false), ("http://2130706433:8080", false), ("http://0x7f.0.0.1:8080", false),
        ("http://0177.0.0.1:8080", false), ("http://[::ffff:127.0.0.1]:8080", false), ("http://127.0.0.1:8080", true),
        ("http://localhost:8080", false), ("http://[::1]:8080", false), ("http://127.0.0.2:8080", false),
        ("http://127.0.0.1:8081", false), ("https://127.0.0.1:8080", false),
    ])
    func literalAddressMatchesOnlyItsUsualSpelling(_ url: String, _ allowed: Bool) throws {
        let policy = try OutboundHostPolicy(["http://127.0.0.1:8080"])
        let (scheme, host, port) = try #require(split(url))
        #expect(policy.allows(scheme: scheme, host: host, port: port) == allowed)
    }

    @Test func otherSpellingsAreCanonicalForCIDRAndAnyHost() throws {
        #expect(CanonicalHost("127.1") == CanonicalHost("2130706433"))
        #expect(CanonicalHost("[::ffff:127.0.0.1]") == CanonicalHost("127.0.0.1"))
        #expect(try OutboundHostPolicy(["http://*:*"]).allows(scheme: "http", host: "127.1", port: 80))
        #expect(try !OutboundHostPolicy(["http://127.0.0.0/8:*"]).allows(scheme: "http", host: "2130706433", port: 80))
        #expect(try OutboundHostPolicy(["http://127.0.0.0/8:*"]).allows(scheme: "http", host: "127.9.9.9", port: 80))
    }

    @Test func localhostRuleDoesNotAllowTheLoopbackAddress() throws {
        let policy = try OutboundHostPolicy(["http://localhost:*"])
        #expect(policy.allows(scheme: "http", host: "localhost", port: 3000))
        #expect(policy.allows(scheme: "http", host: "LOCALHOST.", port: 3000))
        #expect(!policy.allows(scheme: "http", host: "127.0.0.1", port: 3000))
        #expect(!policy.allows(scheme: "http", host: "127.1", port: 3000))
    }

    @Test func wildcardsPortsAndRanges() throws {
        let policy = try OutboundHostPolicy(["https://*.example.com", "redis://*:6379..6381", "*://10.0.0.0/8:*"])
        #expect(policy.allows(scheme: "https", host: "api.example.com", port: nil))
        #expect(!policy.allows(scheme: "https", host: "example.com", port: nil))
        #expect(!policy.allows(scheme: "https", host: "api.example.com", port: 8443))
        #expect(policy.allows(scheme: "redis", host: "anything", port: 6380))
        #expect(!policy.allows(scheme: "redis", host: "anything", port: 6381))
        #expect(policy.allows(scheme: "postgres", host: "10.1.2.3", port: 5432))
        #expect(!policy.allows(scheme: "postgres", host: "11.1.2.3", port: 5432))
    }

    @Test(arguments: ["*", "example.com", "*://example.com", "http://exa*mple.com", "http://example.com/path", "http://x:port"])
    func malformedRulesAreRefused(_ entry: String) {
        #expect(throws: OutboundHostRule.ParseError.self) { try OutboundHostPolicy([entry]) }
    }

    @Test func selfIsAllowedOnlyByASelfOrAnyHostRule() throws {
        #expect(try OutboundHostPolicy(["http://self"]).allowsSelf)
        #expect(try OutboundHostPolicy(["*://*:*"]).allowsSelf)
        #expect(try !OutboundHostPolicy(["http://127.0.0.1:3000"]).allowsSelf)
    }

    @Test(arguments: ["127.0.0.1 ", "a b", "", "1.2.3.4.5", "256.1.1.1", "0x1g"])
    func invalidHostsAreNeverAllowed(_ host: String) throws {
        #expect(!(try OutboundHostPolicy(["*://*:*"]).allows(scheme: "http", host: host, port: 80)))
    }

    /// `scheme://host[:port]` split as a URL parser would.
    private func split(_ url: String) -> (String, String, Int?)? {
        guard let separator = url.range(of: "://") else { return nil }
        let rest = url[separator.upperBound...]
        guard let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("]") else {
            return (String(url[..<separator.lowerBound]), String(rest), nil)
        }
        return (String(url[..<separator.lowerBound]), String(rest[..<colon]), Int(rest[rest.index(after: colon)...]))
    }
}
