// WasmInterpreter: translation of validated modules into register-based code
// and its execution. Its implementation arrives with the interpreter issue;
// until then the module only re-exports nothing and builds on WasmDecoder.
internal import WasmDecoder
