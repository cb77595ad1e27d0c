@testable import SpinHost
import Testing

/// `wasi:http/types.fields` as wasmtime-wasi-http keeps them: names
/// lower-cased and checked as tokens, values without control characters,
/// the connection headers forbidden, child views immutable, the values of
/// one name kept together.
struct HTTPFieldsTests {
    typealias HeaderError = HTTPFields.HeaderError

    @Test func namesAreLowerCasedAndValuesOfOneNameStayTogether() throws {
        let fields = HTTPFields()
        try fields.append("X-One", Array("a".utf8))
        try fields.append("x-two", Array("b".utf8))
        try fields.append("X-ONE", Array("c".utf8))
        #expect(fields.entries.map(\.name) == ["x-one", "x-one", "x-two"])
        #expect(fields.get("x-one") == [Array("a".utf8), Array("c".utf8)])
        #expect(fields.has("X-Two"))
        try fields.set("x-one", [Array("z".utf8)])
        #expect(fields.get("X-One") == [Array("z".utf8)])
        try fields.delete("x-one")
        #expect(!fields.has("x-one") && fields.entries.count == 1)
    }

    @Test(arguments: ["", "bad name", "bad:name", "naïve", "a\u{0}b", "(x)"])
    func invalidNamesAreSyntaxErrors(name: String) {
        #expect(throws: HeaderError.invalidSyntax) { try HTTPFields().append(name, Array("v".utf8)) }
        #expect(throws: HeaderError.invalidSyntax) { try HTTPFields.fromList([(name, Array("v".utf8))]) }
        #expect(HTTPFields().get(name).isEmpty)
    }

    @Test(arguments: [[0x0a], [0x0d], [0x00], [0x7f], Array("a\nb".utf8)] as [[UInt8]])
    func controlCharactersInValuesAreSyntaxErrors(value: [UInt8]) {
        #expect(throws: HeaderError.invalidSyntax) { try HTTPFields().append("x", value) }
        #expect(throws: HeaderError.invalidSyntax) { try HTTPFields().set("x", [Array("ok".utf8), value]) }
    }

    @Test func tabsSpacesAndObsoleteTextAreValid() throws {
        try HTTPFields().append("x", [0x09, 0x20, 0x41, 0xff])
    }

    @Test(arguments: ["Connection", "keep-alive", "Host", "transfer-encoding", "upgrade", "proxy-connection",
                      "proxy-authorization", "proxy-authenticate", "http2-settings"])
    func connectionHeadersAreForbidden(name: String) {
        #expect(throws: HeaderError.forbidden) { try HTTPFields().append(name, Array("x".utf8)) }
        #expect(throws: HeaderError.forbidden) { try HTTPFields().set(name, [Array("x".utf8)]) }
        #expect(throws: HeaderError.forbidden) { try HTTPFields.fromList([(name, Array("x".utf8))]) }
    }

    @Test func immutableFieldsRefuseEveryChangeFirst() {
        let fields = HTTPFields(trusted: [("a", "1")], isImmutable: true)
        // Immutability is checked before syntax and the forbidden list, as in wasmtime.
        #expect(throws: HeaderError.immutable) { try fields.append("bad name", Array("x".utf8)) }
        #expect(throws: HeaderError.immutable) { try fields.set("connection", []) }
        #expect(throws: HeaderError.immutable) { try fields.delete("a") }
        #expect(fields.get("a") == [Array("1".utf8)])
        let copy = HTTPFields(copying: fields, isImmutable: false)
        #expect(throws: Never.self) { try copy.append("b", Array("2".utf8)) }
        #expect(fields.entries.count == 1 && copy.entries.count == 2)
    }

    @Test func setWithNoValuesRemovesTheName() throws {
        let fields = try HTTPFields.fromList([("a", Array("1".utf8)), ("b", Array("2".utf8))])
        try fields.set("a", [])
        #expect(fields.entries.map(\.name) == ["b"])
    }
}
