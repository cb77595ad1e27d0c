import ComponentModel
import WasmInterpreter

/// A `wasi:http@0.3` request: the one a guest handles (its body arrives
/// from the client), or one a guest makes (its body is a guest stream).
final class HTTP3Request {
    enum Body {
        /// The client's body, until `consume-body` hands it to the guest.
        case incoming(HTTP3Exchange)
        /// A guest's stream and trailers, given to `request.new`, and the
        /// future the host writes once the body was sent (`send`).
        case guest(contents: HostStream?, trailers: HostFuture, transmitted: HostFuture)
        case consumed
    }

    /// A `method` value (a case of `WASIHTTPTypes.method`).
    var method: ComponentValue
    var pathWithQuery: String?
    /// A `scheme` value, or nil.
    var scheme: ComponentValue?
    var authority: String?
    let headers: HTTPFields
    var options: HTTP3RequestOptions?
    var body: Body

    init(method: ComponentValue, pathWithQuery: String?, scheme: ComponentValue?, authority: String?,
         headers: HTTPFields, options: HTTP3RequestOptions?, body: Body) {
        self.method = method
        self.pathWithQuery = pathWithQuery
        self.scheme = scheme
        self.authority = authority
        self.headers = headers
        self.options = options
        self.body = body
    }

    /// A request dropped before it was sent: its body's writer sees the reader gone.
    deinit {
        guard case .guest(let contents, let trailers, let transmitted) = body else { return }
        contents?.drop()
        trailers.drop()
        transmitted.drop()
    }
}

/// A `wasi:http@0.3` response: one a guest made (its body and trailers
/// are the guest's stream and future, read by the host when it sends the
/// response), or one the host received for a guest's `send` (the host
/// writes them as the server's body arrives).
final class HTTP3Response {
    var status: UInt16 = 200
    let headers: HTTPFields
    private var contents: HostStream?
    private var trailers: HostFuture?
    /// For a guest's response: the host writes how sending the body went (`result<_, error-code>`).
    let transmitted: HostFuture?

    init(headers: HTTPFields, contents: HostStream?, trailers: HostFuture, transmitted: HostFuture?) {
        self.headers = headers
        self.contents = contents
        self.trailers = trailers
        self.transmitted = transmitted
    }

    /// Hands the body over (`consume-body`, or the host sending it); nil after the first time.
    func takeBody() -> (contents: HostStream?, trailers: HostFuture?) {
        defer {
            contents = nil
            trailers = nil
        }
        return (contents, trailers)
    }

    /// A response dropped with its body untaken: whoever writes the body sees its reader gone.
    deinit {
        contents?.drop()
        trailers?.drop()
    }
}

/// `request-options`: timeouts in nanoseconds, nil when unset.
final class HTTP3RequestOptions {
    var connectTimeout: UInt64?
    var firstByteTimeout: UInt64?
    var betweenBytesTimeout: UInt64?
    var isImmutable = false

    func copy() -> HTTP3RequestOptions {
        let copy = HTTP3RequestOptions()
        copy.connectTimeout = connectTimeout
        copy.firstByteTimeout = firstByteTimeout
        copy.betweenBytesTimeout = betweenBytesTimeout
        return copy
    }
}
