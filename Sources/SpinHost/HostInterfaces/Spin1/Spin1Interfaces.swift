import WasmInterpreter

/// What a Spin 1 module may import: WASI preview 1 and Spin 1's host
/// interfaces, each under its module name as wit-bindgen 0.2 named them.
enum Spin1Interfaces {
    /// Built once: immutable after initialisation, and host functions are `Sendable`.
    nonisolated(unsafe) static let linker: Linker = {
        var linker = WASIPreview1.linker
        Spin1Config.define(in: &linker)
        Spin1KeyValue.define(in: &linker)
        Spin1OutboundHTTP.define(in: &linker)
        Spin1OutboundRedis.define(in: &linker)
        Spin1SQLite.define(in: &linker)
        Spin1UnavailableInterfaces.define(in: &linker)
        return linker
    }()
}
