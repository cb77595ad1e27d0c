import Foundation
public import WasmInterpreter

/// A component run by the WAGI executor: a WASI command module, compiled once.
public struct WAGIComponent: Sendable {
    public let id: String
    public let module: CompiledModule
    /// The capabilities' state for each new instance (WASI with the
    /// component's environment and files; the others' state is unused
    /// here, as WAGI guests import only WASI preview 1).
    public let instanceSetups: [InstanceSetup]
    /// The `argv` template: `${SCRIPT_NAME}` and `${ARGS}` are substituted.
    public let argv: String
    public let entrypoint: String
    /// The module with its WASI imports resolved once, at start-up.
    let linked: LinkedModule

    /// Links the module to WASI preview 1 (the only imports a WAGI guest
    /// gets); an import that is missing or of another type fails here, before
    /// anything is served.
    public init(id: String, module: CompiledModule, instanceSetups: [InstanceSetup],
                argv: String = "${SCRIPT_NAME} ${ARGS}", entrypoint: String = "_start") throws(LinkError) {
        self.id = id
        self.module = module
        self.instanceSetups = instanceSetups
        self.argv = argv
        self.entrypoint = entrypoint
        linked = try WASIPreview1.linker.link(module)
    }
}

/// Runs one request through a WAGI component (Spin's WAGI executor): a fresh
/// instance per request, the CGI/1.1 variables in the environment, the body
/// on stdin, and the response read from stdout as the guest writes it: the
/// CGI headers first, then the body streamed to the client
/// (`CGIStreamingOutput`).
public enum WAGIExecutor {
    /// What happened, for the trigger to answer and log.
    public enum Outcome: Equatable {
        /// The response went to the sink.
        case answered
        /// The guest failed: trap, non-zero exit, bad CGI output. Answer 500
        /// (or cut the connection, if the response had started).
        case failed(String)
        /// The guest ran past its deadline. Answer 504 (or cut the connection).
        case timedOut
    }

    public static func run(_ component: WAGIComponent, request: IncomingRequest, match: Router.Match,
                           headers: SpinRequestHeaders, sink: any ResponseSink, watchdog: DeadlineWatchdog,
                           deadline: Double, stderr: ComponentLog?) -> Outcome {
        let engine = component.module.engine
        let store = Store(engine: engine)
        let ticket = watchdog.watch(store.interruptHandle, seconds: deadline)
        defer { watchdog.release(ticket) }
        // A CGI program reads its body from stdin and may expect all of it there.
        let body: [UInt8]
        do {
            body = try request.body.readAll(interruption: store.interruptHandle)
        } catch .interrupted {
            return .timedOut
        } catch {
            return .failed("request body: \(error)")
        }
        let output = CGIStreamingOutput(sink: sink, interruption: store.interruptHandle)
        store[WASIStreams.key] = WASIStreams(
            arguments: arguments(component.argv, request: request),
            environment: variables(request, match: match, headers: headers),
            stdin: .bytes(body), stdout: .stream(output), stderr: .capture(limit: 1 << 20))
        do {
            try component.instanceSetups.attach(to: store)
        } catch {
            return .failed("cannot prepare an instance of component \"\(component.id)\": \(error)")
        }
        defer { if let context = store[WASIContext.key] { stderr?.append(context.capturedStderr) } }
        do {
            let instance = try component.linked.instantiate(in: store)
            guard let entry = instance.function(named: component.entrypoint) else {
                return .failed("component \"\(component.id)\" has no export \"\(component.entrypoint)\"")
            }
            if case .exited(let code) = try entry.run([]), let outcome = exited(code, component) { return outcome }
        } catch let error as InstantiationError {
            if case .trap(let trap) = error, let outcome = finished(trap, component) { return outcome }
            return .failed("component \"\(component.id)\": \(error)")
        } catch let trap as Trap {
            if let outcome = finished(trap, component) { return outcome }
        } catch {
            return .failed("component \"\(component.id)\": \(error)")
        }
        do {
            try output.finish()
            return .answered
        } catch {
            return .failed("component \"\(component.id)\": \(error)")
        }
    }

    /// How a trap ends the request; nil for `proc_exit(0)` in a start
    /// function (success: go on and parse stdout).
    private static func finished(_ trap: Trap, _ component: WAGIComponent) -> Outcome? {
        switch trap.reason {
        case .exit(let code): return exited(code, component)
        case .interrupted: return .timedOut
        default: return .failed("component \"\(component.id)\" trapped: \(trap)")
        }
    }

    /// `proc_exit(0)` is success (nil: go on and parse stdout); any other code fails the request.
    private static func exited(_ code: Int32, _ component: WAGIComponent) -> Outcome? {
        code == 0 ? nil : .failed("component \"\(component.id)\" exited with code \(code)")
    }

    /// argv from the template: `${SCRIPT_NAME}` is the request path, `${ARGS}`
    /// the query's keys and non-empty values, as Spin passes them.
    static func arguments(_ template: String, request: IncomingRequest) -> [String] {
        var queryArguments: [String] = []
        for pair in request.query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            queryArguments.append(percentDecoded(parts[0]))
            if parts.count > 1, !parts[1].isEmpty { queryArguments.append(percentDecoded(parts[1])) }
        }
        var result: [String] = []
        for word in template.split(separator: " ") {
            switch word {
            case "${SCRIPT_NAME}": result.append(request.path)
            case "${ARGS}": result.append(contentsOf: queryArguments)
            default:
                result.append(word.replacingOccurrences(of: "${SCRIPT_NAME}", with: request.path))
            }
        }
        return result
    }

    /// The CGI/1.1 meta-variables (RFC 3875 §4.1) as Spin's WAGI executor sets
    /// them, plus the `X_*` forms of Spin's request information.
    static func variables(_ request: IncomingRequest, match: Router.Match,
                          headers: SpinRequestHeaders) -> [(name: String, value: String)] {
        let hostParts = request.host.split(separator: ":", maxSplits: 1)
        let clientIP = clientHost(request.clientAddress)
        let pathInfo = match.pathInfo
        var variables: [(name: String, value: String)] = [
            ("AUTH_TYPE", ""),
            ("CONTENT_LENGTH", String(request.body.receivedCount)),
            ("CONTENT_TYPE", request.header("content-type") ?? ""),
            ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("QUERY_STRING", request.query),
            ("REMOTE_ADDR", clientIP.isEmpty ? request.clientAddress : clientIP),
            ("REMOTE_HOST", clientIP.isEmpty ? request.clientAddress : clientIP),
            ("REMOTE_USER", ""),
            ("REQUEST_METHOD", request.method),
            ("SCRIPT_NAME", headers.componentRoute),
            ("PATH_INFO", pathInfo),
            ("X_RAW_PATH_INFO", pathInfo),
            ("PATH_TRANSLATED", percentDecoded(Substring(pathInfo))),
            ("SERVER_NAME", hostParts.first.map(String.init) ?? "localhost"),
            ("SERVER_PORT", hostParts.count > 1 ? String(hostParts[1]) : "80"),
            ("SERVER_PROTOCOL", request.version),
            ("SERVER_SOFTWARE", "WAGI/1"),
        ]
        for (name, value) in request.headers {
            let key = "HTTP_" + cgiName(name)
            // RFC 3875 §4.1.18: credentials and connection details are not passed.
            if key == "HTTP_AUTHORIZATION" || key == "HTTP_CONNECTION" { continue }
            variables.append((key, value))
        }
        for (name, value) in headers.all {
            let key = cgiName(name)
            variables.append((key.hasPrefix("SPIN_") ? "X_" + key.dropFirst(5) : key, value))
        }
        return variables
    }

    /// The IP of a client address "1.2.3.4:port" or "[::1]:port" (as Spin's
    /// `client_addr.ip()` prints it); "" when there is no port to strip.
    static func clientHost(_ address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return "" }
        var host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return String(host)
    }

    /// A header name as a CGI variable name: upper case, `-` as `_`.
    /// (Foundation's replacingOccurrences took 14% of a small request.)
    static func cgiName(_ name: String) -> String {
        String(decoding: name.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "_")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
            default: byte
            }
        }, as: UTF8.self)
    }

    static func percentDecoded(_ text: Substring) -> String {
        text.removingPercentEncoding ?? String(text)
    }
}
