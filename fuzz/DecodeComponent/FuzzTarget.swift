// libFuzzer entry point for the component decoder (see ../README.md).
//
// fuzz/run.sh compiles this file together with the WasmDecoder and
// ComponentModel sources into one module, so `decodeComponent` is in scope.

/// Set from each result so the optimiser cannot drop the work that built it.
nonisolated(unsafe) public var fuzzSink = 0

/// Decodes one input as a component. Any input must end in a `Component` or
/// a thrown `ComponentError`; a crash, trap, hang or huge allocation is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Most inputs should reach the sections: give them a component preamble.
    if bytes.count >= 8, bytes[0] & 1 == 1 {
        bytes.replaceSubrange(0..<8, with: [0x00, 0x61, 0x73, 0x6D, 0x0d, 0x00, 0x01, 0x00])
    }
    do {
        let component = try decodeComponent(bytes)
        fuzzSink &+= component.definitions.count &+ component.customSections.count
    } catch {
        fuzzSink &+= error.offset
    }
    return 0
}
