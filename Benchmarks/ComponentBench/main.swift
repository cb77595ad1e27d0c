// bench-component COMPONENT N: what a component costs us before it runs.
// Decodes, validates and translates COMPONENT once (timed), links WASI 0.2
// once (timed), then N times creates a fresh Store with a WASIContext and
// instantiates the component without running anything. Prints the load
// time, the median and 90th percentile of one instantiation, and the bytes
// of memory and tables every instance starts with (what instantiation
// copies from the modules' data and element segments or zero-fills).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import SpinHost
import WasmInterpreter

func fail(_ message: String) -> Never {
    let text = "bench-component: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(1)
}

func monotonicMicroseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0 else {
    fail("usage: bench-component COMPONENT ITERATIONS")
}
let path = arguments[1]
let engine = Engine(configuration: .perRequest)

let loadStart = monotonicMicroseconds()
let component: ValidatedComponent
do {
    component = try ValidatedComponent(readFileBytes(path), engine: engine)
} catch {
    fail("\(path): \(error)")
}
let loadMicroseconds = monotonicMicroseconds() - loadStart

let linkStart = monotonicMicroseconds()
// What `spin up` links a component with: WASI 0.2, wasi:http, and error
// values for the Spin interfaces (a command component needs only the first).
let linker = SpinHTTPComponent.linker
let linked: LinkedComponent
do {
    linked = try linker.link(component)
} catch {
    fail("\(path): \(error)")
}
let linkMicroseconds = monotonicMicroseconds() - linkStart

// A store must be freed once its instance is dropped; one that is not leaks
// every request's memory in `spin up`.
do {
    weak var released: Store?
    do {
        let store = Store(engine: engine)
        store[WASIContext.key] = try WASIContext(arguments: ["component"], stdout: .discard, stderr: .discard)
        _ = try linked.instantiate(in: store)
        released = store
    } catch {
        fail("\(path): \(error)")
    }
    if released != nil { fail("the store outlived its instance: a reference cycle leaks it") }
}

var samples: [Double] = []
samples.reserveCapacity(iterations)
for _ in 0..<iterations {
    let start = monotonicMicroseconds()
    do {
        let store = Store(engine: engine)
        store[WASIContext.key] = try WASIContext(arguments: ["component"], stdout: .discard, stderr: .discard)
        _ = try linked.instantiate(in: store)
    } catch {
        fail("\(path): \(error)")
    }
    samples.append(monotonicMicroseconds() - start)
}
samples.sort()
let median = samples[samples.count / 2]
let p90 = samples[min(samples.count - 1, samples.count * 9 / 10)]
print("load_ms \(Int((loadMicroseconds / 1000).rounded()))")
print("link_us \(Int(linkMicroseconds.rounded()))")
print("instantiate_median_us \(Int(median.rounded()))")
print("instantiate_p90_us \(Int(p90.rounded()))")
print("core_modules \(component.coreModuleCount)")
print("initial_instance_bytes \(component.initialInstanceBytes)")
