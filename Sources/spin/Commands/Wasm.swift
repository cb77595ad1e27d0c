import ArgumentParser
import SpinHost

/// `spin wasm ...`: low-level commands on core modules.
struct Wasm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run and examine WebAssembly core modules and components directly.",
        subcommands: [WasmRun.self, WasmIR.self])
}

/// `spin wasm run`: a WASI command, or one exported function, like `wasmtime run`.
struct WasmRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a core module or component as a WASI command, or invoke one of its exports.",
        discussion: """
            Without --invoke, runs the module's _start (a component's wasi:cli/run) with ARGS as its \
            arguments and exits with the guest's exit code. With --invoke, calls that export with ARGS \
            as its parameters and prints each result on its own line; for a component, the call is \
            written in the WAVE text form, e.g. --invoke 'add(1, 2)' or 'my:pkg/iface#f("x")', and the \
            result is printed the same way. A trap prints its reason and Wasm backtrace and exits 134; \
            an exception no Wasm code caught exits 1, as in wasmtime run.
            """)

    @Option(name: .long, parsing: .unconditional, help: "Call this export instead of _start; ARGS are its parameters.")
    var invoke: String?

    @Option(name: .shortAndLong, help: "Set an environment variable for the guest (KEY=VALUE).")
    var env: [String] = []

    @Option(name: .long, help: "Preopen a host directory: HOST[::GUEST][::readonly].")
    var dir: [String] = []

    @Option(name: .long, help: "Stop the guest after this many seconds.")
    var timeout: Double?

    @Option(name: .long, help: "Trap after this many loop iterations and calls.")
    var fuel: Int64?

    @Option(name: .long, help: "Most 64 KiB pages a memory may grow to.")
    var maxMemoryPages: Int?

    @Argument(help: "The .wasm core module or component.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the guest or the invoked function.")
    var args: [String] = []

    func run() throws {
        var command = CoreModuleRun(path: file)
        command.invoke = invoke
        command.arguments = args
        command.timeout = timeout
        command.fuel = fuel
        if let maxMemoryPages { command.maximumMemoryPages = maxMemoryPages }
        for entry in env {
            guard let equals = entry.firstIndex(of: "=") else {
                throw ValidationError("--env expects KEY=VALUE, got \"\(entry)\"")
            }
            command.environment.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
        }
        for entry in dir {
            let parts = entry.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
            let readOnly = parts.count > 1 && parts.last == "readonly"
            let paths = readOnly ? Array(parts.dropLast()) : parts
            guard (1...2).contains(paths.count) else {
                throw ValidationError("--dir expects HOST[::GUEST][::readonly], got \"\(entry)\"")
            }
            command.directories.append((paths[0], paths.count == 2 ? paths[1] : paths[0], readOnly))
        }
        let outcome = command.run()
        switch outcome {
        case .returned(let values):
            if invoke != nil {
                for value in values { print(ValueText.format(value)) }
            }
        case .componentReturned(let text):
            if let text { print(text) }
        case .exited:
            break
        case .trapped(let trap):
            printError("Error: \(file): \(trap)")
        case .failed(let message):
            printError("Error: \(message)")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

/// `spin wasm ir FILE FUNCTION`: print the internal code of one function.
struct WasmIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ir",
        abstract: "Print the interpreter's register code for one function (for debugging).")

    @Argument(help: "The .wasm core module.")
    var file: String

    @Argument(help: "The function's index in the module's function index space.")
    var function: Int

    func run() throws {
        for line in try Disassembly.lines(path: file, function: function) { print(line) }
    }
}
