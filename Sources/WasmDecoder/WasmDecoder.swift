// WasmDecoder: the WebAssembly 2.0 binary format and validation, on the
// Swift standard library alone.
//
// Entry points: `decodeModule(_:features:)` (spec §5), `validateModule(_:)`
// (spec §3) and `loadModule(_:features:)`, which does both. Errors are
// `ModuleError`s whose messages follow the spec test suite's wording.
