import WasmInterpreter

extension CoreModuleRun {
    /// Gives the guest its WASI preview 1 world: arguments, environment,
    /// preopened directories and the process's standard streams.
    func attachWASI(to store: Store, linker: inout Linker) throws {
        try attachWASIContext(to: store)
        WASIPreview1.define(in: &linker)
    }

    /// The WASI context both preview 1 and WASI 0.2 serve the guest from.
    func attachWASIContext(to store: Store) throws {
        let programName = path.split(separator: "/").last.map(String.init) ?? path
        store[WASIContext.key] = try WASIContext(
            arguments: [programName] + (invoke == nil ? arguments : []),
            environment: environment,
            preopens: directories.map { WASIPreopenDirectory(hostPath: $0.host, guestPath: $0.guest, readOnly: $0.readOnly) },
            stdin: .inherit, stdout: .inherit, stderr: .inherit)
    }
}
