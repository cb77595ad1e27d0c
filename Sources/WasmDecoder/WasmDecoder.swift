// WasmDecoder: the WebAssembly 2.0 binary format and validation, on the
// Swift standard library alone.
//
// Entry points: `decodeModule(_:features:)` (spec §5), `validateModule(_:)`
// (spec §3) and `loadModule(_:features:)`, which does both. Errors are
// `ModuleError`s whose messages follow the spec test suite's wording.

/// Whether `bytes` start like a WebAssembly component (the `\0asm` magic with
/// layer 1 in the version field) rather than a core module, so tools can say
/// "this is a component" instead of "malformed module".
public func isComponentBinary(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 8 && bytes[0..<4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) && bytes[6] == 0x01 && bytes[7] == 0x00
}
