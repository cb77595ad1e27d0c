import WasmInterpreter

extension CoreModuleRun {
    /// Gives the guest its WASI preview 1 world: arguments, environment,
    /// preopened directories and the process's standard streams.
    func attachWASI(to store: Store, linker: inout Linker) throws {
        // Filled in when WASI preview 1 lands; until then only modules
        // without WASI imports run.
    }
}
