import Foundation
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
        /// Where logs and assembled files go; default `<app>/.spin`.
        public var stateDirectory: String?
        /// Seconds a request's guest may run.
        public var deadline: Double = 5
        public var maximumBodySize = 10 << 20
        // Twice the cores: a guest stuck until its deadline then delays others less.
        public var workers = ProcessInfo.processInfo.activeProcessorCount * 2
        public var engine = EngineConfiguration.perRequest

        public init() {}
    }

    public let manifest: Manifest
    public let options: Options
    public let logDirectory: String
    let trigger: HTTPTriggerRuntime
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
        let state = options.stateDirectory ?? (manifest.applicationDirectory + "/.spin")
        logDirectory = state + "/logs"
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
        let engine = Engine(configuration: options.engine)
        var routes: [HTTPTriggerRuntime.Route] = []
        var logs: [String: ComponentLog] = [:]
        var compiled: [String: CompiledModule] = [:]
        for trigger in manifest.httpTriggers {
            guard case .path(let spec) = trigger.route else { continue }  // private: unreachable from outside
            let pattern = spec
            switch trigger.handler {
            case .staticResponse(let response):
                routes.append(.init(pattern: pattern, target: .staticResponse(OutgoingResponse(
                    status: response.statusCode, headers: response.headers.map { ($0.name, $0.value) },
                    body: Array((response.body ?? "").utf8)))))
            case .component(let id, let executor):
                guard let component = manifest.component(id: id), let path = sources[id] else {
                    throw .component(id, "is not defined")
                }
                let module: CompiledModule
                if let existing = compiled[id] {
                    module = existing
                } else {
                    module = try await Self.compile(id: id, path: path, engine: engine)
                    compiled[id] = module
                }
                guard case .wagi(let wagi) = executor else {
                    throw .component(id, Self.spinExecutorMessage(module))
                }
                guard module.exports.contains(where: { $0.name == wagi.entrypoint && $0.kind == .function }) else {
                    throw .component(id, "has no exported function \"\(wagi.entrypoint)\" for the WAGI executor")
                }
                let files = try Self.assembleFiles(component, manifest: manifest, state: state)
                let log = logs[id] ?? ComponentLog(path: "\(logDirectory)/\(id)_stderr.txt")
                logs[id] = log
                let environment = component.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    + options.environment
                routes.append(.init(pattern: pattern, target: .wagi(WAGIComponent(
                    id: id, module: module, environment: environment, filesDirectory: files,
                    argv: wagi.argv, entrypoint: wagi.entrypoint))))
            }
        }
        var settings = HTTPTriggerRuntime.Settings()
        settings.deadline = options.deadline
        settings.applicationName = manifest.application.name
        settings.applicationVersion = manifest.application.version.isEmpty ? nil : manifest.application.version
        trigger = HTTPTriggerRuntime(routes: routes, settings: settings, logs: logs, report: report)
        var serverSettings = HTTPServer.Settings()
        serverSettings.host = options.listenHost
        serverSettings.port = options.listenPort
        serverSettings.maximumBodySize = options.maximumBodySize
        serverSettings.workers = options.workers
        server = HTTPServer(trigger: trigger, settings: serverSettings)
    }

    /// Starts serving; returns the base URL, e.g. `http://127.0.0.1:3000`.
    public func start() throws(SpinError) -> String {
        do {
            let (host, port) = try server.start()
            return "http://\(host):\(port)"
        } catch {
            throw .io("cannot listen on \(options.listenHost):\(options.listenPort): \(error)")
        }
    }

    public func stop() {
        server.shutdown()
    }

    /// The `Available Routes:` lines.
    public func routeListing(baseURL: String) -> [String] {
        trigger.routeListing(baseURL: baseURL)
    }

    static func compile(id: String, path: String, engine: Engine) async throws(SpinError) -> CompiledModule {
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(path)
        } catch {
            throw .component(id, "cannot read \(path): \(error.reason)")
        }
        do {
            return try await engine.compile(bytes, parallelism: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            throw .component(id, "\(path): \(error)")
        }
    }

    /// What to say about a component without `executor = { type = "wagi" }`:
    /// until the component model lands only WAGI modules run.
    static func spinExecutorMessage(_ module: CompiledModule) -> String {
        "uses the Spin executor, which needs a WebAssembly component exporting an HTTP handler; "
            + "this host does not run components yet. Use a WASI command module with "
            + "executor = { type = \"wagi\" } in its [[trigger.http]]"
    }

    /// The component's `files`, assembled into one directory under the state
    /// directory that is preopened read-only at `/`; nil when it has none.
    static func assembleFiles(_ component: Component, manifest: Manifest, state: String) throws(SpinError) -> String? {
        guard !component.files.isEmpty else { return nil }
        let directory = "\(state)/files/\(component.id)"
        do {
            try? FileManager.default.removeItem(atPath: directory)
            try ComponentFiles(component: component, manifest: manifest).assemble(into: directory)
        } catch {
            throw .manifest(error)
        }
        return directory
    }
}
