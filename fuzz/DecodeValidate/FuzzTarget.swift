// libFuzzer entry point for the module decoder + validator (see ../README.md).
//
// fuzz/run.sh compiles this file together with the WasmDecoder sources into
// one module, so `loadModule` is in scope without an import.

/// Set from each result so the optimiser cannot drop the work that built it:
/// a public global may be read from outside the module, so its stores stay.
nonisolated(unsafe) public var fuzzSink = 0

/// Decodes and validates one input. Any input must end in a `Module` or a
/// thrown `ModuleError`; a crash, trap, hang or huge allocation is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let module = try loadModule(bytes)
        fuzzSink &+= module.types.count &+ module.bodies.count &+ module.exports.count
    } catch {
        // A rejected module is a normal outcome; only its offset is kept.
        fuzzSink &+= error.offset
    }
    return 0
}
