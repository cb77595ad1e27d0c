public import WasmInterpreter

extension WASIContext {
    /// Runs a WASI command: calls the instance's `_start` export (the
    /// [application ABI](https://github.com/WebAssembly/WASI/blob/main/legacy/application-abi.md)'s
    /// command entry point) and returns its exit code: the `proc_exit`
    /// argument, or 0 when `_start` returns.
    ///
    /// The instance's store must have this context attached
    /// (`store.context = self`) before instantiation. Any trap other than
    /// `proc_exit`'s is rethrown.
    public func runCommand(_ instance: Instance) throws(Trap) -> Int32 {
        guard let start = instance.function(named: "_start") else {
            throw Trap(.host("a WASI command must export the function _start"))
        }
        guard start.store.context === self else {
            throw Trap(.host("the store's context is not this WASIContext (set store.context before instantiating)"))
        }
        do {
            _ = try start.call([])
            return 0
        } catch {
            if case .exit(let code) = error.reason { return code }
            throw error
        }
    }
}
