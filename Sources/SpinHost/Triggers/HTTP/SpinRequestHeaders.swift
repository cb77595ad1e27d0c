/// The request information Spin gives every component (as `spin-*` request
/// headers to Spin components, as `X_*` variables to WAGI ones).
public struct SpinRequestHeaders: Sendable {
    public let fullURL: String
    public let pathInfo: String
    public let matchedRoute: String
    public let componentRoute: String
    public let rawComponentRoute: String
    public let basePath: String
    public let clientAddress: String
    public let pathMatches: [(name: String, value: String)]

    public init(request: IncomingRequest, match: Router.Match, scheme: String = "http") {
        let pattern = match.entry.pattern
        fullURL = "\(scheme)://\(request.host)\(request.target)"
        pathInfo = match.pathInfo
        matchedRoute = pattern.text
        componentRoute = pattern.componentRoute
        rawComponentRoute = pattern.text
        basePath = "/"
        clientAddress = request.clientAddress
        pathMatches = match.parameters
    }

    /// Header names and values, lower-case `spin-*` names, no others.
    public var all: [(name: String, value: String)] {
        [
            ("spin-full-url", fullURL),
            ("spin-path-info", pathInfo),
            ("spin-matched-route", matchedRoute),
            ("spin-component-route", componentRoute),
            ("spin-raw-component-route", rawComponentRoute),
            ("spin-base-path", basePath),
            ("spin-client-addr", clientAddress),
        ] + pathMatches.map { ("spin-path-match-\($0.name.lowercased())", $0.value) }
    }
}
