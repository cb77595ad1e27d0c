/// An outbound request as the HTTP client sends it, whichever interface
/// the guest made it with (`wasi:http@0.2`, `wasi:http@0.3`).
struct OutboundMessage {
    var method: String
    /// nil: https.
    var scheme: String?
    /// nil or empty: the application's own server.
    var authority: String?
    var pathWithQuery: String?
    var headers: [(name: String, value: String)]
    /// The `content-length` the guest declared.
    var declaredLength: Int?
    /// Connects the guest's body to the sink that sends it; nil for a request without a body.
    var attachBody: ((any ResponseSink) -> Void)?
}

/// The three timeouts of `request-options`, in nanoseconds; unset ones are
/// Spin's default, 600 s.
struct OutboundTimeouts {
    static let defaultTimeout: UInt64 = 600_000_000_000

    var connect: UInt64
    var firstByte: UInt64
    var betweenBytes: UInt64

    init(connect: UInt64? = nil, firstByte: UInt64? = nil, betweenBytes: UInt64? = nil) {
        self.connect = connect ?? Self.defaultTimeout
        self.firstByte = firstByte ?? Self.defaultTimeout
        self.betweenBytes = betweenBytes ?? Self.defaultTimeout
    }
}
