/// One `[[trigger.http]]` entry: a route and what answers it.
///
/// See <https://spinframework.dev/v3/manifest-reference#additional-fields-for-triggerhttp-tables>
/// and <https://spinframework.dev/v3/http-trigger>.
public struct HTTPTrigger: Sendable, Equatable {
    /// The trigger's `id`, or the one Spin would generate for it
    /// (`<component>-http-trigger`, else `http-trigger<N>`; version 1
    /// manifests get `trigger-<component>`).
    public let id: String
    /// `route`: a path pattern or a private endpoint.
    public let route: HTTPRoute
    /// `component` (with its `executor`) or `static_response`.
    public let handler: Handler

    /// What answers requests on the route.
    public enum Handler: Sendable, Equatable {
        /// Run this component (an id in `Manifest.components`) with this executor.
        case component(id: String, executor: HTTPExecutor)
        /// Answer with this fixed response, without running any Wasm.
        case staticResponse(StaticResponse)
    }

    /// A trigger with the given id, route and handler.
    public init(id: String, route: HTTPRoute, handler: Handler) {
        self.id = id
        self.route = route
        self.handler = handler
    }

    /// The component that handles this trigger, if it is not a static response.
    public var componentID: String? {
        if case .component(let id, _) = handler { return id }
        return nil
    }

    /// The executor of the component, if it is not a static response.
    public var executor: HTTPExecutor? {
        if case .component(_, let executor) = handler { return executor }
        return nil
    }
}

/// A trigger's `route`: a path pattern, or `{ private = true }` for a
/// component reachable only through local service chaining.
///
/// See <https://spinframework.dev/v3/http-trigger#private-endpoints>.
public enum HTTPRoute: Sendable, Equatable {
    case path(RouteSpec)
    case privateEndpoint

    /// The parsed route, or nil for a private endpoint.
    public var spec: RouteSpec? {
        if case .path(let spec) = self { return spec }
        return nil
    }
}

/// How the HTTP trigger runs a component: `executor = { type = "spin" }`
/// (the default; `"http"` is the same) or `{ type = "wagi", ... }`.
///
/// See <https://spinframework.dev/v3/http-trigger#http-with-wagi-webassembly-gateway-interface>.
public enum HTTPExecutor: Sendable, Equatable {
    /// A component exporting Spin's or WASI's incoming HTTP handler.
    case spin
    /// A WASI preview 1 command run with CGI conventions.
    case wagi(WAGIExecutorConfig)
}

/// The settings of the Wagi executor, with Spin's defaults.
public struct WAGIExecutorConfig: Sendable, Equatable {
    /// Spin's default `argv`: the script name, then the query's `name=value` pairs.
    public static let defaultArgv = "${SCRIPT_NAME} ${ARGS}"
    /// Spin's default entry point, the WASI command's `_start`.
    public static let defaultEntrypoint = "_start"

    /// The argument string; `${SCRIPT_NAME}` and `${ARGS}` are replaced per request.
    public let argv: String
    /// The exported function to call (deprecated in Spin, still honoured).
    public let entrypoint: String

    /// Wagi settings; omitted fields take Spin's defaults.
    public init(argv: String = WAGIExecutorConfig.defaultArgv, entrypoint: String = WAGIExecutorConfig.defaultEntrypoint) {
        self.argv = argv
        self.entrypoint = entrypoint
    }
}

/// A response the host sends by itself: `static_response = { status_code,
/// headers, body }`. Every field is optional: the status defaults to 200,
/// there are no headers and no body.
///
/// See <https://spinframework.dev/v3/http-trigger#static-responses-with-the-http-trigger>.
public struct StaticResponse: Sendable, Equatable {
    /// A response header, in the order the manifest's table yields them.
    public struct Header: Sendable, Equatable {
        /// The header name as written in the manifest.
        public let name: String
        /// The header value.
        public let value: String

        /// A header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `status_code`, 200 when absent; always 100 to 999.
    public let statusCode: Int
    /// `headers`, in the order the manifest's table yields them (sorted by name).
    public let headers: [Header]
    /// The body text; nil for no body.
    public let body: String?

    /// A static response; the defaults are Spin's.
    public init(statusCode: Int = 200, headers: [Header] = [], body: String? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}
