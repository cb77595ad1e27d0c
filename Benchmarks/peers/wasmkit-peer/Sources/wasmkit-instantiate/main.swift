// wasmkit-instantiate MODULE N: WasmKit's side of the start-up benchmark.
// Parses MODULE once, then N times creates a fresh Store, links WASI,
// instantiates and runs `_start` (when exported), and prints the same
// fields as our `bench-instantiate` (Benchmarks/InstantiateBench).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmKit
import WasmKitWASI

func fail(_ message: String) -> Never {
    let text = "wasmkit-instantiate: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(1)
}

func monotonicMicroseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}

/// User plus system CPU time of the whole process (every thread) so far.
func processCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0 else {
    fail("usage: wasmkit-instantiate MODULE ITERATIONS")
}
let path = arguments[1]
let programName = path.split(separator: "/").last.map(String.init) ?? path
// The guest's output goes to /dev/null: a borrowed descriptor, never closed by WASI.
let devNull = open("/dev/null", O_WRONLY)
guard devNull >= 0 else { fail("cannot open /dev/null") }

let compileStart = monotonicMicroseconds()
let module: Module
do {
    module = try parseWasm(filePath: path)
} catch {
    fail("\(path): \(error)")
}
let engine = Engine()
let compileMicroseconds = monotonicMicroseconds() - compileStart
let isCommand = module.exports.contains { $0.name == "_start" }

var samples: [Double] = []
samples.reserveCapacity(iterations)
let loopStart = monotonicMicroseconds()
for iteration in 0..<iterations {
    let start = monotonicMicroseconds()
    do {
        let wasi = try WASIBridgeToHost(args: [programName], stdin: 0, stdout: devNull, stderr: devNull)
        let exitCode = try wasi.runAndClose { wasi -> UInt32 in
            let store = Store(engine: engine)
            var imports = Imports()
            wasi.link(to: &imports, store: store)
            let instance = try module.instantiate(store: store, imports: imports)
            // start(_:) turns proc_exit into its code.
            return isCommand ? try wasi.start(instance) : 0
        }
        guard exitCode == 0 else { fail("\(path): exit code \(exitCode) in iteration \(iteration + 1)") }
    } catch {
        fail("\(path): \(error) in iteration \(iteration + 1)")
    }
    samples.append(monotonicMicroseconds() - start)
}
let loopSeconds = (monotonicMicroseconds() - loopStart) / 1e6

samples.sort()
let middle = samples.count / 2
let median = samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
func format(_ value: Double, _ digits: Int) -> String {
    var text = String(Int((value * pow(10, Double(digits))).rounded()))
    guard digits > 0 else { return text }
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}
print("engine wasmkit-0.4.2")
print("module \(path)")
print("iterations \(iterations)")
print("command \(isCommand ? "yes" : "no")")
print("compile_us \(format(compileMicroseconds, 1))")
print("median_us \(format(median, 1))")
print("min_us \(format(samples[0], 1))")
print("max_us \(format(samples[samples.count - 1], 1))")
print("loop_s \(format(loopSeconds, 3))")
print("cpu_s \(format(processCPUSeconds(), 3))")
