public import WasmInterpreter

extension WASIContext {
    /// Runs a WASI command: calls the instance's `_start` export (the
    /// [application ABI](https://github.com/WebAssembly/WASI/blob/main/legacy/application-abi.md)'s
    /// command entry point) and returns its exit code: the `proc_exit`
    /// argument, or 0 when `_start` returns.
    ///
    /// The instance's store must have this context attached
    /// (`store[WASIContext.key] = self`) before instantiation. Any trap is rethrown.
    public func runCommand(_ instance: Instance) throws(Trap) -> Int32 {
        guard let start = instance.function(named: "_start") else {
            throw Trap(.host("a WASI command must export the function _start"))
        }
        guard start.store[WASIContext.key] === self else {
            throw Trap(.host("the store's WASIContext is not this one (set store[WASIContext.key] before instantiating)"))
        }
        switch try start.run([]) {
        case .returned: return 0
        case .exited(let code): return code
        }
    }
}
