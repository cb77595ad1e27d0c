import Foundation
import NIOCore
import ComponentModel
import WasmDecoder
public import WasmInterpreter

/// `spin up`: an application loaded from its manifest, every component
/// compiled once, and the HTTP trigger serving it.
public final class AppRuntime: Sendable {
    public struct Options: Sendable {
        /// The manifest file or its directory.
        public var manifestPath = "spin.toml"
        public var listenHost = "127.0.0.1"
        public var listenPort = 3000
        /// `-e KEY=VALUE`: environment for every component.
        public var environment: [(name: String, value: String)] = []
        /// Where logs, assembled files and the default stores go; default
        /// the runtime config's `state_dir`, else `<app>/.spin`.
        public var stateDirectory: String?
        /// `--runtime-config-file`: stores, databases and variables providers.
        public var runtimeConfigFile: String?
        /// `--sqlite`: statements (or `@file[:label]`) run before serving.
        public var sqliteStatements: [String] = []
        /// Seconds a request's guest may run (0: no deadline). Spin has none;
        /// ours stops runaway guests without cutting off slow but correct ones.
        public var deadline: Double = 60
        /// How WASIp3 instances are reused (`--max-instance-reuse-count`, `--idle-instance-timeout`).
        public var instanceReuse = InstanceReuseLimits.spin
        /// Bytes one instance's memories and tables may hold together
        /// (`--max-instance-memory`; nil: no limit). Spin has no default; see README.
        public var maximumInstanceMemory: Int? = 256 << 20
        public var maximumBodySize = 10 << 20
        /// Guests running at once (`--workers`); long ones drop to low priority.
        public var workers = GuestScheduler.defaultWorkers
        /// Connection timeouts and the connection limit of the HTTP server.
        public var connectionLimits = HTTPServer.ConnectionLimits()
        public var engine = EngineConfiguration.perRequest

        public init() {}
    }

    public let manifest: Manifest
    public let options: Options
    public let logDirectory: String
    public let capabilities: HostCapabilities
    let trigger: HTTPTriggerRuntime
    let redisTrigger: RedisTriggerRuntime?
    let server: HTTPServer

    /// Loads, checks and compiles everything; nothing listens yet. Any
    /// mistake in the manifest or a component throws before serving.
    public init(options: Options, report: @escaping @Sendable (String) -> Void) async throws(SpinError) {
        self.options = options
        do {
            manifest = try ManifestLoader.load(from: options.manifestPath)
        } catch {
            throw .manifest(error)
        }
        let runtimeConfig: RuntimeConfig
        let state: String
        let variables: ApplicationVariables
        do {
            runtimeConfig = try options.runtimeConfigFile.map(RuntimeConfig.load)
                ?? .none(directory: HostPath.currentDirectory())
            state = try options.stateDirectory ?? runtimeConfig.stateDirectory() ?? (manifest.applicationDirectory + "/.spin")
            logDirectory = try runtimeConfig.logDirectory() ?? state + "/logs"
            variables = try ApplicationVariables(manifest: manifest, providers: VariablesProviders.from(runtimeConfig))
            capabilities = try HostCapabilities(context: CapabilityContext(
                manifest: manifest, runtimeConfig: runtimeConfig, stateDirectory: state, variables: variables,
                environment: options.environment))
        } catch let error as ManifestError {
            throw .manifest(error)
        } catch let error as SpinError {
            throw error
        } catch {
            throw .io("\(error)")
        }
        try capabilities.capability(SQLiteCapability.self)?.runStartupStatements(options.sqliteStatements)
        do {
            try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(logDirectory): \(error.localizedDescription)")
        }
        let sources: [String: String]
        do {
            sources = try await manifest.resolveSources(cacheDirectory: state + "/registry-cache")
        } catch {
            throw .manifest(error)
        }
        var engineConfiguration = options.engine
        engineConfiguration.maximumInstanceMemory = options.maximumInstanceMemory
        let engine = Engine(configuration: engineConfiguration)
        var routes: [HTTPTriggerRuntime.Route] = []
        var logs: [String: ComponentLog] = [:]
        var outputLogs: [String: ComponentLog] = [:]
        var compiled: [String: CompiledBinary] = [:]
        var setups = InstanceSetupsByComponent(capabilities: capabilities)
        // Every component with an HTTP trigger, private ones included: service chaining
        // (`http://<id>.spin.internal`) reaches them by id.
        var chained: [String: HTTPTriggerRuntime.Target] = [:]
        for trigger in manifest.httpTriggers {
            // A private endpoint has no route: only service chaining reaches it.
            let pattern: RouteSpec? = if case .path(let spec) = trigger.route { spec } else { nil }
            func serve(_ target: HTTPTriggerRuntime.Target, id: String?) {
                if let pattern { routes.append(.init(pattern: pattern, target: target)) }
                if let id { chained[id] = target }
            }
            switch trigger.handler {
            case .staticResponse(let response):
                serve(.staticResponse(OutgoingResponse(
                    status: response.statusCode, headers: response.headers.map { ($0.name, $0.value) },
                    body: Array((response.body ?? "").utf8))), id: nil)
            case .component(let id, let executor):
                guard let component = manifest.component(id: id), let path = sources[id] else {
                    throw .component(id, "is not defined")
                }
                let binary: CompiledBinary
                if let existing = compiled[id] {
                    binary = existing
                } else {
                    binary = try await Self.compile(id: id, path: path, engine: engine)
                    try Self.checkInstanceLimit(binary.initialInstanceBytes, id: id, path: path,
                                                limit: options.maximumInstanceMemory)
                    compiled[id] = binary
                }
                let log = logs[id] ?? ComponentLog(path: "\(logDirectory)/\(id)_stderr.txt")
                logs[id] = log
                switch (executor, binary) {
                case (.wagi(let wagi), .module(let module)):
                    guard module.exports.contains(where: { $0.name == wagi.entrypoint && $0.kind == .function }) else {
                        throw .component(id, "has no exported function \"\(wagi.entrypoint)\" for the WAGI executor")
                    }
                    let instanceSetups = try setups.of(component)
                    let wagiComponent: WAGIComponent
                    do {
                        wagiComponent = try WAGIComponent(
                            id: id, module: module, instanceSetups: instanceSetups, argv: wagi.argv, entrypoint: wagi.entrypoint)
                    } catch {
                        throw .component(id, Self.linkFailureMessage(error, path: path))
                    }
                    serve(.wagi(wagiComponent), id: id)
                case (.wagi, .component):
                    throw .component(id, "\(path) is a WebAssembly component, but the WAGI executor runs WASI command "
                        + "modules (core wasm exporting _start); remove `executor = { type = \"wagi\" }` to run it "
                        + "with Spin's HTTP executor")
                case (_, .module(let module)):
                    guard Spin1HTTPComponent.isSpin1(module.module) else {
                        throw .component(id, Self.spinExecutorMessage(path, exports: module.module.exports.map(\.name)))
                    }
                    if let problem = Spin1HTTPComponent.problem(in: module.module) {
                        throw .component(id, "\(path) is a Spin 1 module, but it \(problem)")
                    }
                    let output = outputLogs[id] ?? ComponentLog(path: "\(logDirectory)/\(id)_stdout.txt")
                    outputLogs[id] = output
                    let instanceSetups = try setups.of(component)
                    let spin1: Spin1HTTPComponent
                    do {
                        spin1 = try Spin1HTTPComponent(id: id, module: module, instanceSetups: instanceSetups)
                    } catch {
                        throw .component(id, Self.linkFailureMessage(error, path: path))
                    }
                    serve(.spin1(spin1), id: id)
                case (_, .component(let validated)):
                    let output = outputLogs[id] ?? ComponentLog(path: "\(logDirectory)/\(id)_stdout.txt")
                    outputLogs[id] = output
                    let spinComponent = try SpinHTTPComponent(id: id, component: validated, engine: engine, source: path,
                                                              instanceSetups: setups.of(component))
                    serve(.component(spinComponent), id: id)
                }
            }
        }
        redisTrigger = try await Self.redisTrigger(
            manifest: manifest, sources: sources, engine: engine, compiled: &compiled, variables: variables,
            setups: &setups, deadline: options.deadline, report: report)
        var settings = HTTPTriggerRuntime.Settings()
        settings.deadline = options.deadline
        settings.instanceReuse = options.instanceReuse
        settings.applicationName = manifest.application.name
        settings.applicationVersion = manifest.application.version.isEmpty ? nil : manifest.application.version
        trigger = HTTPTriggerRuntime(routes: routes, settings: settings, logs: logs, outputLogs: outputLogs,
                                     chained: chained, report: report)
        capabilities.capability(OutboundHTTPCapability.self)?.chaining.set(trigger)
        var serverSettings = HTTPServer.Settings()
        serverSettings.host = options.listenHost
        serverSettings.port = options.listenPort
        serverSettings.maximumBodySize = options.maximumBodySize
        serverSettings.workers = options.workers
        serverSettings.connectionLimits = options.connectionLimits
        server = HTTPServer(trigger: trigger, settings: serverSettings)
    }

    /// Starts serving; returns the base URL, e.g. `http://127.0.0.1:3000`.
    public func start() throws(SpinError) -> String {
        do {
            let (host, port) = try server.start()
            capabilities.capability(OutboundHTTPCapability.self)?.selfOrigin.set(host: host, port: port)
            redisTrigger?.start()
            return "http://\(host):\(port)"
        } catch {
            throw Self.listenError(error, host: options.listenHost, port: options.listenPort)
        }
    }

    public func stop() {
        redisTrigger?.stop()
        server.shutdown()
    }

    /// Spin's words for a port that is taken; other socket errors by their
    /// reason, without NIO's function names.
    static func listenError(_ error: any Error, host: String, port: Int) -> SpinError {
        guard let error = error as? IOError else { return .io("cannot listen on \(host):\(port): \(error)") }
        if error.errnoCode == EADDRINUSE {
            return .io("\(host):\(port) is already in use; choose another address with --listen HOST:PORT (port 0 picks a free one)")
        }
        return .io("cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode)))")
    }

    /// The Redis trigger's `Active Channels` lines (none without Redis triggers).
    public var redisChannelListing: [String] { redisTrigger?.channelListing ?? [] }

    /// The `Available Routes:` lines.
    public func routeListing(baseURL: String) -> [String] {
        trigger.routeListing(baseURL: baseURL)
    }

    /// A component's binary, compiled: a core module (WAGI) or a component (Spin's executor).
    enum CompiledBinary {
        case module(CompiledModule)
        case component(ValidatedComponent)

        var initialInstanceBytes: Int {
            switch self {
            case .module(let module): module.initialInstanceBytes
            case .component(let component): component.initialInstanceBytes
            }
        }
    }

    static func compile(id: String, path: String, engine: Engine) async throws(SpinError) -> CompiledBinary {
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(path)
        } catch {
            throw .component(id, "cannot read \(path): \(error.reason)")
        }
        if isComponentBinary(bytes) {
            do {
                return .component(try ValidatedComponent(bytes, engine: engine))
            } catch {
                throw .component(id, "\(path): \(error)")
            }
        }
        do {
            return .module(try await engine.compile(bytes, parallelism: ProcessInfo.processInfo.activeProcessorCount))
        } catch {
            throw .component(id, "\(path): \(error)")
        }
    }

    /// Refuses, at start-up, a binary that could never be instantiated under
    /// the per-instance memory limit: every request would fail.
    static func checkInstanceLimit(_ bytes: Int, id: String, path: String, limit: Int?) throws(SpinError) {
        guard let limit, bytes > limit else { return }
        throw .component(id, "\(path) needs \(bytes) bytes of memory and tables when it starts, "
            + "over the per-instance limit of \(limit) bytes (raise it with --max-instance-memory)")
    }

    /// A module the WAGI executor cannot link: which import, of what type, and what is offered.
    static func linkFailureMessage(_ error: LinkError, path: String) -> String {
        let type = error.importType.map { " of type \($0)" } ?? ""
        return "\(path) cannot be linked: \(error.message) \(error.module)::\(error.name)\(type); "
            + "WAGI components get only the WASI preview 1 imports (wasi_snapshot_preview1)"
    }

    /// What to say about a core module without `executor = { type = "wagi" }`.
    static func spinExecutorMessage(_ path: String, exports: [String]) -> String {
        let exported = exports.isEmpty ? "nothing" : exports.map { "\"\($0)\"" }.joined(separator: ", ")
        return "\(path) is a core WebAssembly module exporting \(exported), but Spin's HTTP executor runs components "
            + "exporting `wasi:http/incoming-handler` and Spin 1 modules exporting \"handle-http-request\"; "
            + "for a WASI command module add executor = { type = \"wagi\" } to its [[trigger.http]]"
    }
}
