import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A component's `allowed_outbound_hosts`, parsed once at start-up, and the
/// check every outbound connection passes before it is made. Rules are
/// `scheme://host[:port]` as Spin reads them: scheme `*` or one name; host
/// `*`, `self`, `*.suffix` (not the apex), a CIDR range (IP literals only)
/// or a name or IP literal; port `*`, `N`, `A..B` (B excluded) or omitted
/// for the scheme's well-known port.
///
/// Hosts are compared in canonical form and never resolved first, so a
/// destination is judged as it will be dialled, and `localhost` is a name
/// that matches only a `localhost` rule. Other spellings of an address
/// (`127.1`, `2130706433`, `0x7f.1`, IPv4-mapped `[::ffff:127.0.0.1]`) are
/// allowed only by a `*` host: no rule naming an address lets them through.
/// See RATIONALE.md#why-outbound-hosts-are-compared-in-canonical-form.
struct OutboundHostPolicy: Sendable, Equatable {
    let rules: [OutboundHostRule]

    /// Parses `entries` (templates already expanded).
    init(_ entries: [String]) throws(OutboundHostRule.ParseError) {
        var rules: [OutboundHostRule] = []
        for entry in entries where !entry.isEmpty && entry != "http://" && entry != "https://" {
            rules.append(try OutboundHostRule(entry))
        }
        self.rules = rules
    }

    /// Whether `scheme://host:port` may be reached; `host` as written in a URL.
    func allows(scheme: String, host: String, port: Int?) -> Bool {
        guard let target = CanonicalHost(host), let port = port ?? OutboundHostRule.defaultPort(scheme.lowercased()) else { return false }
        let plain = target.isPlainSpelling(of: host)
        return rules.contains { rule in
            (plain || rule.host == .any) && rule.matches(scheme: scheme.lowercased(), host: target, port: port)
        }
    }

    /// Whether a request to the application itself (`self`) is allowed.
    var allowsSelf: Bool {
        rules.contains { rule in
            (rule.host == .selfApplication || rule.host == .any) && ["*", "http", "https"].contains(rule.scheme)
        }
    }
}

/// One `allowed_outbound_hosts` entry.
struct OutboundHostRule: Sendable, Equatable {
    enum Host: Sendable, Equatable {
        case any
        case selfApplication
        case suffix(String)
        case network(address: [UInt8], prefixLength: Int)
        case exact(CanonicalHost)
    }

    enum Ports: Sendable, Equatable {
        case any
        case range(ClosedRange<Int>)
    }

    struct ParseError: Error, CustomStringConvertible {
        let entry: String
        let reason: String
        var description: String { "allowed_outbound_hosts entry \(quoted(entry)): \(reason)" }
    }

    /// `*` or a lower-case scheme name.
    let scheme: String
    let host: Host
    let ports: Ports

    static func defaultPort(_ scheme: String) -> Int? {
        ["http": 80, "https": 443, "redis": 6379, "postgres": 5432, "mysql": 3306, "mqtt": 1883][scheme]
    }

    init(_ entry: String) throws(ParseError) {
        func fail(_ reason: String) -> ParseError { ParseError(entry: entry, reason: reason) }
        guard let separator = entry.range(of: "://") else {
            throw fail(entry == "*" ? "use \"*://*:*\" to allow every destination" : "expected scheme://host[:port]")
        }
        let scheme = entry[..<separator.lowerBound].lowercased()
        guard scheme == "*" || (!scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            throw fail("the scheme must be * or a name")
        }
        var rest = Substring(entry[separator.upperBound...])
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        // Split host and port: `[v6]:port`, `host:port`, `a.b.c.d/n:port`.
        var hostText: Substring
        var portText: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let afterClose = rest.index(after: close)
            hostText = rest[...close]
            if afterClose < rest.endIndex {
                guard rest[afterClose] == ":" else { throw fail("expected :port after the IPv6 address") }
                portText = rest[rest.index(after: afterClose)...]
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostText = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            hostText = rest
        }
        self.scheme = scheme
        host = try Self.host(String(hostText).lowercased(), fail)
        if let portText {
            if portText == "*" {
                ports = .any
            } else if let dots = portText.range(of: ".."), let low = Int(portText[..<dots.lowerBound]),
                      let high = Int(portText[dots.upperBound...]), low < high {
                ports = .range(low...(high - 1))
            } else if let port = Int(portText), (0...65535).contains(port) {
                ports = .range(port...port)
            } else {
                throw fail("the port must be *, a number or a range A..B")
            }
        } else if let port = Self.defaultPort(scheme) {
            ports = .range(port...port)
        } else {
            throw fail("no port was given and the scheme \(quoted(scheme)) has no well-known port")
        }
    }

    private static func host(_ text: String, _ fail: (String) -> ParseError) throws(ParseError) -> Host {
        switch text {
        case "": throw fail("the host is empty")
        case "*": return .any
        case "self", "self.alt": return .selfApplication
        default: break
        }
        if text.hasPrefix("*.") {
            let suffix = String(text.dropFirst(2))
            guard !suffix.isEmpty, !suffix.contains("*") else { throw fail("a wildcard host is *.domain") }
            return .suffix(suffix)
        }
        guard !text.contains("*") else { throw fail("* may only be the whole host or its first label") }
        if let slash = text.firstIndex(of: "/") {
            guard Int(text[text.index(after: slash)...]) != nil else { throw fail("a rule cannot have a path") }
            guard let base = CanonicalHost(String(text[..<slash])), let address = base.addressBytes,
                  let length = Int(text[text.index(after: slash)...]), (0...(address.count * 8)).contains(length) else {
                throw fail("not a CIDR range")
            }
            return .network(address: address, prefixLength: length)
        }
        guard let canonical = CanonicalHost(text) else { throw fail("not a host name or IP address") }
        return .exact(canonical)
    }

    func matches(scheme: String, host target: CanonicalHost, port: Int) -> Bool {
        guard self.scheme == "*" || self.scheme == scheme else { return false }
        switch ports {
        case .any: break
        case .range(let range): guard range.contains(port) else { return false }
        }
        switch host {
        case .any: return true
        case .selfApplication: return false
        case .suffix(let suffix):
            guard case .name(let name) = target else { return false }
            return name.hasSuffix("." + suffix)
        case .network(let network, let length):
            guard let address = target.addressBytes, address.count == network.count else { return false }
            return Self.prefix(address, network, length)
        case .exact(let expected):
            return expected == target
        }
    }

    private static func prefix(_ address: [UInt8], _ network: [UInt8], _ length: Int) -> Bool {
        for bit in 0..<length where (address[bit / 8] ^ network[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }
}

/// A host as it will be dialled: an IPv4 address (however it was spelt:
/// `127.1`, `2130706433`, `0x7f.0.0.1`, or IPv4-mapped IPv6), an IPv6
/// address, or a lower-case name without a trailing dot.
enum CanonicalHost: Sendable, Hashable {
    case ipv4([UInt8])
    case ipv6([UInt8])
    case name(String)

    /// Nil for text that is not a valid host (spaces, `@`, empty labels, ...).
    init?(_ text: String) {
        if text.hasPrefix("[") {
            guard text.hasSuffix("]"), let bytes = Self.ipv6(String(text.dropFirst().dropLast())) else { return nil }
            self = bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff
                ? .ipv4(Array(bytes[12...])) : .ipv6(bytes)
            return
        }
        if let bytes = Self.ipv6(text), text.contains(":") {
            self = .ipv6(bytes)
            return
        }
        var name = text.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty, name.utf8.allSatisfy({ byte in
            (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d || byte == 0x2e || byte == 0x5f
        }), !name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else { return nil }
        if let address = Self.ipv4(name) {
            self = .ipv4(address)
        } else if let last = name.split(separator: ".").last, last.allSatisfy({ $0.isNumber }) || last.hasPrefix("0x") {
            return nil  // looks numeric but is not a valid address: the WHATWG URL parser refuses it too
        } else {
            self = .name(name)
        }
    }

    /// Whether `text` spells this host the usual way: an IPv4 address as
    /// four decimal numbers, an IPv6 address that is not IPv4-mapped, or a name.
    func isPlainSpelling(of text: String) -> Bool {
        switch self {
        case .ipv4: text == dialText  // an IPv4-mapped `[::ffff:...]` never equals the dotted quad
        case .ipv6, .name: true
        }
    }

    var addressBytes: [UInt8]? {
        switch self {
        case .ipv4(let bytes), .ipv6(let bytes): bytes
        case .name: nil
        }
    }

    /// The text to dial.
    var dialText: String {
        switch self {
        case .ipv4(let bytes):
            return bytes.map(String.init).joined(separator: ".")
        case .ipv6(let bytes):
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: text, as: UTF8.self)
        case .name(let name):
            return name
        }
    }

    /// The WHATWG URL standard's IPv4 parser: one to four parts, each
    /// decimal, hex (`0x`) or octal (leading 0), the last filling the rest.
    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard !part.isEmpty else { return nil }
            let lower = part.lowercased()
            let value: UInt64?
            if lower.hasPrefix("0x") {
                value = lower.count == 2 ? 0 : UInt64(lower.dropFirst(2), radix: 16)
            } else if lower.count > 1, lower.hasPrefix("0") {
                value = UInt64(lower.dropFirst(), radix: 8)
            } else {
                value = UInt64(lower, radix: 10)
            }
            guard let value, value <= UInt64(UInt32.max) else { return nil }
            numbers.append(value)
        }
        let last = numbers.removeLast()
        guard numbers.allSatisfy({ $0 <= 255 }), last < (UInt64(1) << (8 * UInt64(4 - numbers.count))) else { return nil }
        var address = numbers.reduce(UInt64(0)) { ($0 << 8) | $1 } << (8 * UInt64(4 - numbers.count))
        address |= last
        return [UInt8(address >> 24 & 0xff), UInt8(address >> 16 & 0xff), UInt8(address >> 8 & 0xff), UInt8(address & 0xff)]
    }

    static func ipv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
