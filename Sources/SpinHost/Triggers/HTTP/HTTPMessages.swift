/// A request as the HTTP trigger sees it, independent of the server library.
public struct IncomingRequest: Sendable {
    public var method: String
    /// Path and query as sent, e.g. `/hello?name=x`.
    public var target: String
    public var version: String
    public var headers: [(name: String, value: String)]
    /// The body, read as it arrives (`RequestBody`).
    public var body: RequestBody
    /// The client's address, `ip:port`.
    public var clientAddress: String
    /// The address the server listens on, for `Host`-less requests.
    public var serverHost: String

    public init(method: String, target: String, version: String = "HTTP/1.1",
                headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                clientAddress: String = "127.0.0.1:0", serverHost: String = "127.0.0.1:3000") {
        self.init(method: method, target: target, version: version, headers: headers, streamingBody: RequestBody(body),
                  clientAddress: clientAddress, serverHost: serverHost)
    }

    /// A request whose body is still arriving.
    public init(method: String, target: String, version: String = "HTTP/1.1",
                headers: [(name: String, value: String)] = [], streamingBody: RequestBody,
                clientAddress: String = "127.0.0.1:0", serverHost: String = "127.0.0.1:3000") {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        body = streamingBody
        self.clientAddress = clientAddress
        self.serverHost = serverHost
    }

    public var path: String {
        String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    public var query: String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// `Host`, or the listening address.
    public var host: String { header("host") ?? serverHost }
}

/// A response the trigger sends back.
public struct OutgoingResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func text(_ status: Int, _ text: String) -> OutgoingResponse {
        OutgoingResponse(status: status, headers: [("content-type", "text/plain; charset=utf-8")],
                         body: Array(text.utf8))
    }
}
