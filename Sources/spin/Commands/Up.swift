import ArgumentParser
import Dispatch
import Foundation
import SpinHost

#if canImport(Glibc)
import Glibc
#endif

/// `spin up`: start the application's HTTP trigger.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the Spin application.")

    @Option(name: [.customShort("f"), .long], help: "The application to run: a spin.toml or its directory.")
    var from = "spin.toml"

    @Option(name: .long, help: "The address to listen on (host:port).")
    var listen = "127.0.0.1:3000"

    @Option(name: [.customShort("e"), .long], help: "Pass an environment variable (KEY=VALUE) to all components.")
    var env: [String] = []

    @Option(name: .long, help: "Where to keep logs and other state (default: .spin next to the manifest).")
    var stateDir: String?

    @Option(name: .long, help: "A runtime config file (runtime-config.toml): key-value stores, SQLite databases, variables providers.")
    var runtimeConfigFile: String?

    @Option(name: .long, help: "A SQLite statement to run against the default database before serving, or @FILE[:LABEL] (repeatable).")
    var sqlite: [String] = []

    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Run `spin build` first.")
    var build = false

    @Option(name: .long, help: "Seconds a request may run before it is answered 504 (0: no limit).")
    var requestTimeout: Double = 60

    @Option(name: .long, help: "Bytes one instance's memories and tables may hold (0: no limit).")
    var maxInstanceMemory: Int = 256 << 20

    @Option(name: .long, help: "Requests one WASIp3 instance serves before it is dropped (1: a fresh instance per request; default 128, as Spin 4).")
    var maxInstanceReuseCount: Int = InstanceReuseLimits.spin.maximumUses

    @Option(name: .long, help: "Requests one WASIp3 instance serves at once (1: one at a time; default 16, as Spin 4). An instance takes more only while its requests all wait for I/O.")
    var maxInstanceConcurrentReuseCount: Int = InstanceReuseLimits.spin.maximumConcurrent

    @Option(name: .long, help: "How long an idle WASIp3 instance is kept, e.g. 1s or 500ms (default 1s, as Spin 4).")
    var idleInstanceTimeout: String = "1s"

    @Option(name: .long, help: "Guests in flight at once (default: four per core; two per core at normal priority); each may hold --max-instance-memory.")
    var workers: Int?

    @Option(name: .long, help: "Largest request body accepted, in bytes (larger ones get 413).")
    var maxRequestBody: Int = 10 << 20

    @Option(name: .long, help: "Seconds a keep-alive connection may wait for its next request (default 75).")
    var idleTimeout: Double?

    @Option(name: .long, help: "Seconds a request head may take to arrive (default 30).")
    var headerTimeout: Double?

    @Option(name: .long, help: "Seconds a request body may stall before it is answered 408 (default 30).")
    var bodyTimeout: Double?

    @Option(name: .long, help: "Connections served at once; more get 503 (default: 3/4 of the open-file limit).")
    var maxConnections: Int?

    func validate() throws {
        for (flag, value) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout),
                              ("--body-timeout", bodyTimeout)] {
            if let value, !(value > 0) { throw ValidationError("\(flag) expects seconds above 0, got \(value)") }
        }
        if let workers, workers < 1 {
            throw ValidationError("--workers expects at least 1, got \(workers)")
        }
        if maxInstanceReuseCount < 1 {
            throw ValidationError("--max-instance-reuse-count expects at least 1, got \(maxInstanceReuseCount)")
        }
        if maxInstanceConcurrentReuseCount < 1 {
            throw ValidationError("--max-instance-concurrent-reuse-count expects at least 1, got \(maxInstanceConcurrentReuseCount)")
        }
        if Self.seconds(idleInstanceTimeout) == nil {
            throw ValidationError("--idle-instance-timeout expects a duration such as 1s or 500ms, got \(idleInstanceTimeout)")
        }
        if let maxConnections, maxConnections < 1 {
            throw ValidationError("--max-connections expects at least 1, got \(maxConnections)")
        }
    }

    func run() async throws {
        try ManifestArgument.requireDefault(from, command: "up")
        if build {
            do {
                try AppBuilder.build(manifestPath: from) { print($0) }
            } catch {
                printError("Error: \(error)")
                throw ExitCode(1)
            }
        }
        var options = AppRuntime.Options()
        options.manifestPath = from
        (options.listenHost, options.listenPort) = try parseListen(listen)
        options.environment = try env.map(parseAssignment)
        options.stateDirectory = stateDir
        options.runtimeConfigFile = runtimeConfigFile ?? ProcessInfo.processInfo.environment["RUNTIME_CONFIG_FILE"]
        options.sqliteStatements = sqlite
        options.deadline = requestTimeout
        options.instanceReuse.maximumUses = maxInstanceReuseCount
        options.instanceReuse.maximumConcurrent = maxInstanceConcurrentReuseCount
        options.instanceReuse.idleTimeout = Self.seconds(idleInstanceTimeout) ?? 1
        options.maximumInstanceMemory = maxInstanceMemory > 0 ? maxInstanceMemory : nil
        options.maximumBodySize = maxRequestBody
        if let workers { options.workers = workers }
        if let idleTimeout { options.connectionLimits.idleTimeout = idleTimeout }
        if let headerTimeout { options.connectionLimits.headerTimeout = headerTimeout }
        if let bodyTimeout { options.connectionLimits.bodyTimeout = bodyTimeout }
        if let maxConnections { options.connectionLimits.maximumConnections = maxConnections }
        let runtime: AppRuntime
        let baseURL: String
        do {
            runtime = try await AppRuntime(options: options) { message in printError(message) }
            baseURL = try runtime.start()
        } catch {
            printError("Error: \(error)")
            throw ExitCode(1)
        }
        if !quiet {
            for warning in runtime.manifest.warnings { printError("Warning: \(warning)") }
            print("Logging component stdio to \"\(runtime.logDirectory)/\"\n")
            print("Serving \(baseURL)")
            print("Available Routes:")
            for line in runtime.routeListing(baseURL: baseURL) { print(line) }
            let channels = runtime.redisChannelListing
            if !channels.isEmpty {
                print("Active Channels:")
                for line in channels { print(line) }
            }
        }
        flushStandardOutput()
        await waitForTerminationSignal()
        runtime.stop()
    }

    func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw ValidationError("--listen expects HOST:PORT, got \"\(text)\"")
        }
        return (String(text[..<colon]), port)
    }
}

/// KEY=VALUE from `-e`.
func parseAssignment(_ text: String) throws -> (name: String, value: String) {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        throw ValidationError("expected KEY=VALUE, got \"\(text)\"")
    }
    return (String(text[..<equals]), String(text[text.index(after: equals)...]))
}

/// Suspends until SIGINT or SIGTERM arrives.
func waitForTerminationSignal() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumed = Resumed()
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if resumed.claim() { continuation.resume() }
            }
            source.resume()
            sources.append(source)
        }
        SignalSources.keep(sources)
    }
}

/// Keeps signal sources alive for the life of the process.
enum SignalSources {
    nonisolated(unsafe) static var kept: [any DispatchSourceSignal] = []
    static func keep(_ sources: [any DispatchSourceSignal]) { kept += sources }
}

/// Resumes a continuation once, whichever signal comes first.
final class Resumed: @unchecked Sendable {
    private var done = false
    private let lock = DispatchSemaphore(value: 1)

    func claim() -> Bool {
        lock.wait()
        defer { lock.signal() }
        if done { return false }
        done = true
        return true
    }

}

extension Up {
    /// A duration as Spin writes them: `1s`, `500ms`, `2m`, or plain seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value >= 0 else { return nil }
            return value * unit.scale
        }
        guard let value = Double(text), value >= 0 else { return nil }
        return value
    }
}
