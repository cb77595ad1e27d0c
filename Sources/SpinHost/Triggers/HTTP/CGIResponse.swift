/// Turns a WAGI guest's standard output into a response (CGI/1.1, RFC 3875
/// §6): header lines up to a blank line, then the body. `Content-Type`,
/// `Location` or `Status` is required; `Status: NNN` sets the code and a
/// `Location` alone gives 302.
public enum CGIResponse {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ output: [UInt8]) throws(Malformed) -> OutgoingResponse {
        guard !output.isEmpty else {
            throw Malformed(description: "the guest wrote nothing to stdout: a WAGI component must print a CGI response")
        }
        // Headers end at the first empty line; CR before LF is ignored.
        var headerBytes: [UInt8] = []
        var bodyStart = output.count
        var index = 0
        var lineStart = true
        while index < output.count {
            let byte = output[index]
            if byte == 0x0A {
                if lineStart {
                    bodyStart = index + 1
                    break
                }
                lineStart = true
                headerBytes.append(byte)
            } else if byte != 0x0D {
                lineStart = false
                headerBytes.append(byte)
            }
            index += 1
        }
        guard let headerText = String(validating: headerBytes, as: UTF8.self) else {
            throw Malformed(description: "CGI headers are not UTF-8")
        }
        var response = OutgoingResponse(status: 200)
        var sufficient = false
        var explicitStatus = false
        for line in headerText.split(separator: "\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw Malformed(description: "malformed CGI header line \"\(line)\"")
            }
            let name = line[..<colon].trimmingSpaces
            let value = line[line.index(after: colon)...].trimmingSpaces
            switch name.lowercased() {
            case "status":
                let code = value.split(separator: " ").first.flatMap { Int($0) }
                guard let code, (100...599).contains(code) else {
                    throw Malformed(description: "invalid CGI Status \"\(value)\"")
                }
                response.status = code
                sufficient = true
                explicitStatus = true
            case "location":
                response.headers.append(("location", value))
                if !explicitStatus { response.status = 302 }
                sufficient = true
            case "content-type":
                response.headers.append(("content-type", value))
                sufficient = true
            default:
                guard HTTPHeaderName.isValid(name) else {
                    throw Malformed(description: "invalid header name \"\(name)\"")
                }
                response.headers.append((name, value))
            }
        }
        guard sufficient else {
            throw Malformed(description: "the CGI response has none of Content-Type, Location or Status")
        }
        response.body = bodyStart < output.count ? Array(output[bodyStart...]) : []
        return response
    }
}

/// RFC 9110 §5.1 field names: tokens.
enum HTTPHeaderName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!  // exists: `first` does
        return String(self[first...last])
    }
}
