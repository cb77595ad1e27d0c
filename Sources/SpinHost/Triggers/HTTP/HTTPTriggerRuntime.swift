import Foundation

/// The HTTP trigger of one application: routes each request to a component
/// (a fresh instance per request) or a static response, and answers Spin's
/// reserved endpoints. `handle` blocks while a guest runs: call it on a
/// worker thread, never on an event loop.
public final class HTTPTriggerRuntime: Sendable {
    public enum Target: Sendable {
        case wagi(WAGIComponent)
        /// A component run by Spin's HTTP executor.
        case component(SpinHTTPComponent)
        /// A Spin 1 module exporting `handle-http-request`.
        case spin1(Spin1HTTPComponent)
        case staticResponse(OutgoingResponse)
    }

    public struct Route: Sendable {
        public let pattern: RouteSpec
        public let target: Target

        public init(pattern: RouteSpec, target: Target) {
            self.pattern = pattern
            self.target = target
        }
    }

    public struct Settings: Sendable {
        /// Seconds a guest may run before it is stopped and the request answered 504.
        public var deadline: Double = 60
        /// How WASIp3 instances are reused (Spin 4's defaults).
        public var instanceReuse = InstanceReuseLimits.spin
        public var applicationName = "app"
        public var applicationVersion: String?

        public init() {}
    }

    let routes: [Route]
    let router: Router
    let settings: Settings
    let watchdog: DeadlineWatchdog
    let logs: [String: ComponentLog]
    let outputLogs: [String: ComponentLog]
    /// Components by id, for service chaining (private endpoints included).
    let chained: [String: Target]
    let report: @Sendable (String) -> Void

    /// - Parameters:
    ///   - logs: each component's stderr log, by component id.
    ///   - outputLogs: each component's stdout log (Spin executor components), by id.
    ///   - chained: the components service chaining reaches, by id.
    ///   - report: where failures are written (the terminal running `spin up`).
    public init(routes: [Route], settings: Settings, logs: [String: ComponentLog] = [:],
                outputLogs: [String: ComponentLog] = [:], chained: [String: Target] = [:],
                report: @escaping @Sendable (String) -> Void) {
        self.routes = routes
        self.chained = chained
        router = Router(routes.enumerated().map { Router.Entry(pattern: $0.element.pattern, target: $0.offset) })
        self.settings = settings
        self.logs = logs
        self.outputLogs = outputLogs
        self.report = report
        watchdog = DeadlineWatchdog()
    }

    public static let reservedPrefix = "/.well-known/spin/"

    /// Answers `request` whole (for callers that want the response as a value).
    public func handle(_ request: IncomingRequest) -> OutgoingResponse {
        let collected = CollectedResponse()
        handle(request, sink: collected)
        return collected.response
    }

    /// Answers `request` into `sink`, streaming when the target does. The
    /// response is always finished or aborted when this returns.
    public func handle(_ request: IncomingRequest, sink: any ResponseSink) {
        handle(route(request), sink: sink)
    }

    /// A request with its route, found once: the server needs the
    /// component before the guest runs (`schedulingKey`), `handle` after.
    public struct RoutedRequest: Sendable {
        public let request: IncomingRequest
        /// Nil for the reserved paths and for paths no route matches.
        let match: Router.Match?
        /// The component the request runs, which the scheduler groups jobs
        /// by; nil when no guest runs.
        public let schedulingKey: String?
    }

    public func route(_ request: IncomingRequest) -> RoutedRequest {
        let path = request.path
        guard !path.hasPrefix(Self.reservedPrefix), let match = router.route(path) else {
            return RoutedRequest(request: request, match: nil, schedulingKey: nil)
        }
        let key: String? = switch routes[match.entry.target].target {
        case .wagi(let component): component.id
        case .component(let component): component.id
        case .spin1(let component): component.id
        case .staticResponse: nil
        }
        return RoutedRequest(request: request, match: match, schedulingKey: key)
    }

    public func handle(_ routed: RoutedRequest, sink: any ResponseSink) {
        let request = routed.request
        let path = request.path
        if path.hasPrefix(Self.reservedPrefix) { return sink.respond(reserved(path)) }
        guard let match = routed.match else { return sink.respond(OutgoingResponse(status: 404)) }
        run(routes[match.entry.target].target, request, match, sink)
    }

    /// Service chaining: `request` (for `http://<id>.spin.internal/...`) run
    /// by component `id` whatever its route, as if under a `/...` wildcard.
    /// False when no HTTP trigger serves `id`.
    func handleChained(component id: String, request: IncomingRequest, sink: any ResponseSink) -> Bool {
        guard let target = chained[id], let wildcard = try? RouteSpec(parsing: "/...") else { return false }
        let match = Router.Match(entry: Router.Entry(pattern: wildcard, target: -1), parameters: [], pathInfo: request.path)
        run(target, request, match, sink)
        return true
    }

    private func run(_ target: Target, _ request: IncomingRequest, _ match: Router.Match, _ sink: any ResponseSink) {
        switch target {
        case .staticResponse(let response):
            sink.respond(response)
        case .wagi(let component):
            let headers = SpinRequestHeaders(request: request, match: match)
            let outcome = WAGIExecutor.run(component, request: request, match: match, headers: headers, sink: sink,
                                           watchdog: watchdog, deadline: settings.deadline,
                                           stderr: logs[component.id])
            switch outcome {
            case .answered:
                break
            case .failed(let reason):
                fail(request, sink, reason)
            case .timedOut:
                timedOut(request, sink, component.id)
            }
        case .component(let component):
            let headers = SpinRequestHeaders(request: request, match: match)
            ComponentHTTPExecutor.run(
                component, request: request, match: match, headers: headers, sink: sink, watchdog: watchdog,
                deadline: settings.deadline,
                logs: ComponentLogs(stdout: outputLogs[component.id], stderr: logs[component.id]),
                reuse: settings.instanceReuse) { [self] outcome in
                switch outcome {
                case .answered: break
                case .failed(let reason): fail(request, sink, reason)
                case .timedOut: timedOut(request, sink, component.id)
                }
            }
        case .spin1(let component):
            let headers = SpinRequestHeaders(request: request, match: match)
            let outcome = Spin1HTTPExecutor.run(
                component, request: request, headers: headers, sink: sink, watchdog: watchdog, deadline: settings.deadline,
                logs: ComponentLogs(stdout: outputLogs[component.id], stderr: logs[component.id]))
            switch outcome {
            case .answered: break
            case .failed(let reason): fail(request, sink, reason)
            case .timedOut: timedOut(request, sink, component.id)
            }
        }
    }

    /// A failed guest: 500 when nothing was sent yet, else the response is cut off.
    private func fail(_ request: IncomingRequest, _ sink: any ResponseSink, _ reason: String) {
        report("\(request.method) \(request.target): \(reason)")
        if sink.headSent { sink.abort() } else { sink.respond(.text(500, "Internal Server Error\n")) }
    }

    private func timedOut(_ request: IncomingRequest, _ sink: any ResponseSink, _ id: String) {
        report("\(request.method) \(request.target): component \"\(id)\" stopped after \(settings.deadline) s")
        if sink.headSent {
            sink.abort()
        } else {
            sink.respond(.text(504, "Gateway Timeout: the component did not answer in time\n"))
        }
    }

    /// `/.well-known/spin/health` and `/.well-known/spin/info`, as Spin has them.
    func reserved(_ path: String) -> OutgoingResponse {
        switch path.dropFirst(Self.reservedPrefix.count) {
        case "health":
            return .text(200, "OK")
        case "info":
            var fields = ["\"name\":\(jsonString(settings.applicationName))"]
            if let version = settings.applicationVersion { fields.append("\"version\":\(jsonString(version))") }
            return OutgoingResponse(status: 200, headers: [("content-type", "application/json")],
                                    body: Array("{\(fields.joined(separator: ","))}".utf8))
        default:
            return OutgoingResponse(status: 404)
        }
    }

    private func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    /// The `Available Routes:` lines `spin up` prints: the routes that can
    /// be matched (a duplicate's earlier trigger is left out, as in Spin).
    public func routeListing(baseURL: String) -> [String] {
        router.entries.map { routes[$0.target] }.map { route in
            let name: String
            switch route.target {
            case .wagi(let component): name = component.id
            case .component(let component): name = component.id
            case .spin1(let component): name = component.id
            case .staticResponse: name = "(static response)"
            }
            let suffix = route.pattern.hasTrailingWildcard ? " (wildcard)" : ""
            return "  \(name): \(baseURL)\(route.pattern.componentRoute)\(suffix)"
        }
    }
}
