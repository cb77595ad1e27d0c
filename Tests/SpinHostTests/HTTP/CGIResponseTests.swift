import Testing
import SpinHost

@Suite struct CGIResponseTests {
    func parse(_ text: String) throws -> OutgoingResponse {
        try CGIResponse.parse(Array(text.utf8))
    }

    @Test func contentTypeAndBody() throws {
        let response = try parse("Content-Type: text/plain\nX-Extra: 1\n\nhello\n")
        #expect(response.status == 200)
        #expect(response.headers.map(\.name) == ["content-type", "X-Extra"])
        #expect(response.body == Array("hello\n".utf8))
    }

    @Test func carriageReturnsInHeadersAreIgnored() throws {
        let response = try parse("Content-Type: text/html\r\n\r\n<p>x</p>")
        #expect(response.headers.first?.value == "text/html")
        #expect(response.body == Array("<p>x</p>".utf8))
    }

    @Test func statusSetsTheCode() throws {
        #expect(try parse("Status: 404 Not Found\nContent-Type: text/plain\n\nnope").status == 404)
        #expect(try parse("Status: 204\n\n").status == 204)
    }

    @Test func locationAloneRedirects() throws {
        let response = try parse("Location: /elsewhere\n\n")
        #expect(response.status == 302)
        #expect(response.headers.first?.value == "/elsewhere")
        #expect(try parse("Status: 301\nLocation: /x\n\n").status == 301)
    }

    @Test(arguments: ["", "just a body\n", "X-Only: header\n\nbody", "Status: abc\n\n", "Bad Header\n\nbody",
                      "Status: 99\n\n"])
    func insufficientOrMalformedOutputIsRejected(output: String) {
        #expect(throws: CGIResponse.Malformed.self) { try CGIResponse.parse(Array(output.utf8)) }
    }
}
