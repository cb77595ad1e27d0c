import Dispatch
import WasmDecoder
public import WasmInterpreter

/// `spin wasm run`: runs a core module directly, as a WASI command (`_start`)
/// or by invoking one export with arguments, for tests, differential runs and
/// benchmarks. Exit codes follow the wasmtime CLI: the guest's `proc_exit`
/// code, 0 after a normal return, 134 after a trap, 1 when loading fails or an exception goes uncaught.
public struct CoreModuleRun {
    public var path: String
    /// The export to invoke instead of `_start`.
    public var invoke: String?
    /// Program arguments after the module path (WASI argv[1...]), or the
    /// invoked function's arguments.
    public var arguments: [String] = []
    public var environment: [(name: String, value: String)] = []
    /// Host directories to preopen: (host path, guest path, read-only).
    public var directories: [(host: String, guest: String, readOnly: Bool)] = []
    public var configuration = EngineConfiguration.perRequest
    /// Stop the guest after this many seconds.
    public var timeout: Double?

    /// Trap after this many loop back-edges and calls.
    public var fuel: Int64? {
        get { configuration.fuel }
        set { configuration.fuel = newValue }
    }

    /// Most 64 KiB pages a memory may grow to.
    public var maximumMemoryPages: Int {
        get { configuration.maximumMemoryPages }
        set { configuration.maximumMemoryPages = newValue }
    }

    public static let trapExitCode: Int32 = 134

    public init(path: String) {
        self.path = path
    }

    /// What happened, for the CLI to print.
    public enum Outcome {
        case returned([Value])
        /// A component function's result in the WAVE text form (nil: no result).
        case componentReturned(String?)
        case exited(Int32)
        case trapped(Trap)
        case failed(String)

        public var exitCode: Int32 {
            switch self {
            case .returned, .componentReturned: 0
            case .exited(let code): code
            // An exception no Wasm code caught is an error, not a trap, as in `wasmtime run`.
            case .trapped(let trap):
                if case .exception = trap.reason { 1 } else { CoreModuleRun.trapExitCode }
            case .failed: 1
            }
        }
    }

    public func run() -> Outcome {
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(path)
        } catch {
            return .failed("\(error)")
        }
        if isComponentBinary(bytes) { return runComponent(bytes) }
        let engine = Engine(configuration: configuration)
        let compiled: CompiledModule
        do {
            compiled = try engine.compile(bytes)
        } catch {
            return .failed("\(path): \(error)")
        }
        let store = Store(engine: engine)
        var linker = Linker()
        do {
            try attachWASI(to: store, linker: &linker)
        } catch {
            return .failed("\(error)")
        }
        let timer = timeout.map { seconds in startTimer(seconds, store.interruptHandle) }
        defer { timer?.cancel() }
        let instance: Instance
        do {
            instance = try linker.instantiate(compiled, in: store)
        } catch {
            switch error {
            case .trap(let trap): return outcome(of: trap)
            case .link(let link): return .failed("\(path): \(link)")
            }
        }
        // Without `_start` the module is not a command: instantiating it (its
        // start function included) was the whole run, as wasmtime treats it.
        if invoke == nil, instance.function(named: "_start") == nil { return .exited(0) }
        let name = invoke ?? "_start"
        guard let function = instance.function(named: name) else {
            return .failed("\(path): no exported function \"\(name)\"")
        }
        if invoke == nil, let wasi = store[WASIContext.key] {
            do {
                return .exited(try wasi.runCommand(instance))
            } catch {
                return outcome(of: error)
            }
        }
        var values: [Value] = []
        if invoke != nil {
            let parameters = function.type.parameters
            guard parameters.count == arguments.count else {
                return .failed("\(name) takes \(parameters.count) arguments, got \(arguments.count)")
            }
            do {
                for (text, type) in zip(arguments, parameters) { values.append(try ValueText.parse(text, as: type)) }
            } catch {
                return .failed("\(error)")
            }
        }
        do {
            return .returned(try function.call(values))
        } catch {
            return outcome(of: error)
        }
    }

    func outcome(of trap: Trap) -> Outcome {
        if case .exit(let code) = trap.reason { return .exited(code) }
        return .trapped(trap)
    }

    /// Interrupts the guest after `seconds` from a timer thread.
    func startTimer(_ seconds: Double, _ handle: Interruption) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + seconds)
        timer.setEventHandler { handle.interrupt() }
        timer.resume()
        return timer
    }
}
