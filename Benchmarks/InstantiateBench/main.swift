// bench-instantiate MODULE N: our side of the start-up benchmark
// (Benchmarks/run.sh, section "startup"). Compiles MODULE once, links WASI
// once, then N times creates a fresh Store and WASIContext, instantiates and
// runs `_start` (when exported) with the guest's output discarded. Prints the
// same fields as WasmKit's `wasmkit-instantiate` (Benchmarks/peers/wasmkit-peer).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpinHost
import WasmInterpreter

func fail(_ message: String) -> Never {
    let text = "bench-instantiate: \(message)\n"
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

/// `value` with `digits` decimals, without Foundation.
func format(_ value: Double, _ digits: Int) -> String {
    var text = String(Int((value * pow(10, Double(digits))).rounded()))
    guard digits > 0 else { return text }
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0 else {
    fail("usage: bench-instantiate MODULE ITERATIONS")
}
let path = arguments[1]
let programName = path.split(separator: "/").last.map(String.init) ?? path

// Decode, validate, translate and link once, as `spin up` does at app start.
let compileStart = monotonicMicroseconds()
let engine = Engine(configuration: .perRequest)  // as `spin up` runs guests
let compiled: CompiledModule
do {
    compiled = try engine.compile(readFileBytes(path))
} catch {
    fail("\(path): \(error)")
}
// WASI imports resolved once, as `spin up` does per component at start.
let linked: LinkedModule
do {
    linked = try WASIPreview1.linker.link(compiled)
} catch {
    fail("\(path): \(error)")
}
let compileMicroseconds = monotonicMicroseconds() - compileStart
var isCommand = false

var samples: [Double] = []
samples.reserveCapacity(iterations)
let loopStart = monotonicMicroseconds()
for iteration in 0..<iterations {
    let start = monotonicMicroseconds()
    do {
        let store = Store(engine: engine)
        let wasi = try WASIContext(arguments: [programName], stdout: .discard, stderr: .discard)
        store[WASIContext.key] = wasi
        let instance = try linked.instantiate(in: store)
        isCommand = instance.function(named: "_start") != nil
        // runCommand turns proc_exit into its code.
        let exitCode = isCommand ? try wasi.runCommand(instance) : 0
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
print("engine spin-swift")
print("module \(path)")
print("iterations \(iterations)")
print("command \(isCommand ? "yes" : "no")")
print("compile_us \(format(compileMicroseconds, 1))")
print("median_us \(format(median, 1))")
print("min_us \(format(samples[0], 1))")
print("max_us \(format(samples[samples.count - 1], 1))")
print("loop_s \(format(loopSeconds, 3))")
print("cpu_s \(format(processCPUSeconds(), 3))")
