// libFuzzer entry point for the component decoder and validator (see
// ../README.md).
//
// fuzz/run.sh compiles this file into the ComponentModel module, on top of
// WasmDecoder and WasmInterpreter, so `ValidatedComponent` is in scope.

import WasmInterpreter

/// Set from each result so the optimiser cannot drop the work that built it.
nonisolated(unsafe) public var fuzzSink = 0

/// One engine for every input, as an app has: translation reads only its
/// configuration.
let fuzzEngine = Engine()

/// Decodes, validates and translates one input as a component. Any input
/// must end in a `ValidatedComponent` or a thrown `ComponentError` (the
/// typed throw makes that the only error there is); a crash, trap, hang or
/// huge allocation is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Most inputs should reach the sections: give them a component preamble.
    if bytes.count >= 8, bytes[0] & 1 == 1 {
        bytes.replaceSubrange(0..<8, with: [0x00, 0x61, 0x73, 0x6D, 0x0d, 0x00, 0x01, 0x00])
    }
    do {
        let validated = try ValidatedComponent(bytes, engine: fuzzEngine)
        fuzzSink &+= validated.component.definitions.count &+ validated.type.imports.count
            &+ validated.type.exports.count &+ validated.modules.count
    } catch {
        fuzzSink &+= error.offset
    }
    return 0
}
