import Testing
import SpinHost

/// A WAGI guest's standard output as a response (RFC 3875 §6): headers up
/// to a blank line, then the body; `Content-Type`, `Location` or `Status`
/// is required.
@Suite struct CGIResponseTests {
    func parse(_ text: String) throws -> OutgoingResponse {
        try CGIResponse.parse(Array(text.utf8))
    }

    /// The message of the error `output` is rejected with, or nil if it is accepted.
    func rejection(_ output: [UInt8]) -> String? {
        do {
            _ = try CGIResponse.parse(output)
            return nil
        } catch {
            return error.description
        }
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

    /// Only the headers are text: the body is passed on byte for byte,
    /// blank lines, carriage returns and invalid UTF-8 included.
    @Test func bodyIsKeptByteForByte() throws {
        let body: [UInt8] = [0x0A, 0x0D, 0x0A, 0xFF, 0x00, 0xC3, 0x0A, 0x0A]
        let response = try CGIResponse.parse(Array("Content-Type: application/octet-stream\n\n".utf8) + body)
        #expect(response.body == body)
        #expect(try parse("Content-Type: text/plain\n\n").body == [])
    }

    @Test func headerNamesAreCaseInsensitiveAndValuesTrimmed() throws {
        let response = try parse("CONTENT-TYPE: \t text/plain; charset=utf-8 \t\nx-a:b\n\n")
        #expect(response.status == 200)
        #expect(response.headers.count == 2)
        #expect(response.headers.first?.name == "content-type")
        #expect(response.headers.first?.value == "text/plain; charset=utf-8")
        #expect(response.headers.last?.name == "x-a")
        #expect(response.headers.last?.value == "b")
        // Only the first colon separates the name.
        let redirect = try parse("location: http://example.com:8080/a?b=c:d\n\n")
        #expect(redirect.headers.first?.name == "location")
        #expect(redirect.headers.first?.value == "http://example.com:8080/a?b=c:d")
    }

    @Test func statusSetsTheCode() throws {
        #expect(try parse("Status: 404 Not Found\nContent-Type: text/plain\n\nnope").status == 404)
        #expect(try parse("Status: 204\n\n").status == 204)
        #expect(try parse("status: 100\n\n").status == 100)
        #expect(try parse("Status: 599 Whatever It Says\n\n").status == 599)
        // Status is not passed on as a header.
        #expect(try parse("Status: 418 I'm a teapot\nContent-Type: text/plain\n\n").headers.map(\.name) == ["content-type"])
    }

    @Test func locationAloneRedirects() throws {
        let response = try parse("Location: /elsewhere\n\n")
        #expect(response.status == 302)
        #expect(response.headers.first?.value == "/elsewhere")
        #expect(try parse("Status: 301\nLocation: /x\n\n").status == 301)
    }

    /// An explicit status wins over a `Location`'s 302, whichever line comes first.
    @Test func explicitStatusWinsOverLocationInAnyOrder() throws {
        #expect(try parse("Location: /x\nStatus: 307\n\n").status == 307)
        #expect(try parse("Status: 200\nLocation: /x\n\n").status == 200)
        #expect(try parse("Content-Type: text/plain\nLocation: /x\n\n").status == 302)
    }

    @Test(arguments: ["", "just a body\n", "X-Only: header\n\nbody", "Status: abc\n\n", "Bad Header\n\nbody",
                      "Status: 99\n\n"])
    func insufficientOrMalformedOutputIsRejected(output: String) {
        #expect(throws: CGIResponse.Malformed.self) { try CGIResponse.parse(Array(output.utf8)) }
    }

    /// Each rejection says what is wrong, so the 500's log line can be acted on.
    @Test(arguments: [
        ("", "wrote nothing"),
        ("X-Only: header\n\nbody", "none of Content-Type, Location or Status"),
        ("\nbody without headers", "none of Content-Type, Location or Status"),
        ("Status: abc\n\n", "invalid CGI Status \"abc\""),
        ("Status:\n\n", "invalid CGI Status"),
        ("Status: 600\n\n", "invalid CGI Status \"600\""),
        ("Status: 99\n\n", "invalid CGI Status \"99\""),
        ("Status: -200\n\n", "invalid CGI Status"),
        ("Content-Type: text/plain\nBad Header\n\nbody", "malformed CGI header line \"Bad Header\""),
        ("Content-Type: text/plain\nBad Name: x\n\n", "invalid header name \"Bad Name\""),
        ("Content-Type: text/plain\n: no name\n\n", "invalid header name \"\""),
        ("Content-Type: text/plain\nX(y): z\n\n", "invalid header name \"X(y)\""),
    ] as [(String, String)])
    func rejectionSaysWhy(output: String, message: String) {
        let error = rejection(Array(output.utf8))
        #expect(error?.contains(message) == true, "\(error ?? "accepted")")
    }

    @Test func headersThatAreNotUTF8AreRejected() {
        let output = Array("Content-Type: text/plain\nX-Bad: ".utf8) + [0xFF, 0xFE] + Array("\n\nbody".utf8)
        #expect(rejection(output)?.contains("not UTF-8") == true)
    }
}
