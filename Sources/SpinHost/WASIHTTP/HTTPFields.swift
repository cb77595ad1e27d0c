/// `wasi:http/types.fields`: header or trailer fields, names lower-cased,
/// the values of one name kept together in the order they were added (the
/// order `entries` returns, as wasmtime's `HeaderMap` does).
///
/// Fields a request or response hands out (`headers()`) are immutable
/// views: changing them fails with `immutable`. Names must be HTTP tokens
/// and values free of control characters other than tab (else
/// `invalid-syntax`); a guest may not set the hop-by-hop and connection
/// headers the server owns (`forbidden`), the same list as wasmtime's.
final class HTTPFields {
    enum HeaderError: UInt32, Error {
        case invalidSyntax = 0, forbidden, immutable
    }

    private(set) var groups: [(name: String, values: [[UInt8]])] = []
    let isImmutable: Bool

    /// wasmtime-wasi-http's `DEFAULT_FORBIDDEN_HEADERS`.
    static let forbidden: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "transfer-encoding", "upgrade", "host", "http2-settings",
    ]

    init(isImmutable: Bool = false) {
        self.isImmutable = isImmutable
    }

    /// Fields from pairs already known to be valid (a request's headers).
    init(trusted pairs: [(name: String, value: String)], isImmutable: Bool) {
        self.isImmutable = isImmutable
        for (name, value) in pairs { add(name.lowercased(), Array(value.utf8)) }
    }

    /// A copy, mutable or not.
    init(copying other: HTTPFields, isImmutable: Bool) {
        groups = other.groups
        self.isImmutable = isImmutable
    }

    /// `from-list`.
    static func fromList(_ entries: [(String, [UInt8])]) throws(HeaderError) -> HTTPFields {
        let fields = HTTPFields()
        for (name, value) in entries {
            let key = try validName(name)
            guard isValidValue(value) else { throw .invalidSyntax }
            guard !forbidden.contains(key) else { throw .forbidden }
            fields.add(key, value)
        }
        return fields
    }

    /// `get`: every value of `name`; none for a name that is not a token.
    func get(_ name: String) -> [[UInt8]] {
        guard let key = try? Self.validName(name) else { return [] }
        return groups.first { $0.name == key }?.values ?? []
    }

    func has(_ name: String) -> Bool { !get(name).isEmpty }

    func set(_ name: String, _ values: [[UInt8]]) throws(HeaderError) {
        let key = try checkedForChange(name)
        guard values.allSatisfy(Self.isValidValue) else { throw .invalidSyntax }
        if let index = groups.firstIndex(where: { $0.name == key }) {
            if values.isEmpty { groups.remove(at: index) } else { groups[index].values = values }
        } else if !values.isEmpty {
            groups.append((key, values))
        }
    }

    func delete(_ name: String) throws(HeaderError) {
        let key = try checkedForChange(name)
        groups.removeAll { $0.name == key }
    }

    func append(_ name: String, _ value: [UInt8]) throws(HeaderError) {
        let key = try checkedForChange(name)
        guard Self.isValidValue(value) else { throw .invalidSyntax }
        add(key, value)
    }

    /// Every name and value, grouped by name.
    var entries: [(name: String, value: [UInt8])] {
        groups.flatMap { group in group.values.map { (group.name, $0) } }
    }

    /// As text pairs, for the server (values are valid header bytes, not
    /// always UTF-8: decoded leniently).
    var pairs: [(name: String, value: String)] {
        entries.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) }
    }

    private func add(_ key: String, _ value: [UInt8]) {
        if let index = groups.firstIndex(where: { $0.name == key }) {
            groups[index].values.append(value)
        } else {
            groups.append((key, [value]))
        }
    }

    /// wasmtime checks mutability first, then syntax, then the forbidden list.
    private func checkedForChange(_ name: String) throws(HeaderError) -> String {
        guard !isImmutable else { throw .immutable }
        let key = try Self.validName(name)
        guard !Self.forbidden.contains(key) else { throw .forbidden }
        return key
    }

    /// The name lower-cased, if it is an HTTP token (RFC 9110 §5.6.2).
    static func validName(_ name: String) throws(HeaderError) -> String {
        guard !name.isEmpty, name.utf8.count <= 65535 else { throw .invalidSyntax }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): lowered.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): lowered.append(byte)
            case _ where tokenSymbols.contains(byte): lowered.append(byte)
            default: throw .invalidSyntax
            }
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    private static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)

    /// Visible bytes, spaces and tabs (RFC 9110 §5.5; obs-text allowed).
    static func isValidValue(_ value: [UInt8]) -> Bool {
        value.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7f) }
    }
}
