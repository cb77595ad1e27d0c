public import WasmInterpreter
import WasmDecoder

/// WASI preview 1 as host functions: every function of
/// [wasi_snapshot_preview1.witx](https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx)
/// with its core Wasm signature, working on the `WASIContext` attached to
/// the calling store.
///
/// Every function but `proc_exit` returns an `$errno`. Guest data never traps
/// or crashes the host: a pointer outside memory is `errno::fault`, a bad
/// descriptor `errno::badf`, and so on. Only three things trap: `proc_exit`
/// (`Trap.Reason.exit(code:)`), a store without a `WASIContext`, and a
/// `poll_oneoff` wait the store's interruption cut short (`interrupted`).
public enum WASIPreview1 {
    /// The import module name the functions are defined under.
    public static let moduleName = "wasi_snapshot_preview1"

    /// Defines all 46 functions in `linker` under `moduleName`.
    public static func define(in linker: inout Linker) {
        for (name, function) in functions {
            linker.define(moduleName, name, function)
        }
    }

    /// A linker with only these functions, built once: defining 46 functions
    /// per request cost 15% of a small WAGI request.
    /// Immutable after initialisation, and host functions are `Sendable`.
    public nonisolated(unsafe) static let linker: Linker = {
        var linker = Linker()
        define(in: &linker)
        return linker
    }()

    /// Every function, by name.
    static var functions: [(String, HostFunction)] {
        argumentFunctions + clockFunctions + processFunctions + descriptorFunctions + readWriteFunctions
            + directoryFunctions + pathFunctions + pollFunctions + socketFunctions
    }

    /// The context of the store `caller` runs in.
    static func context(of caller: Caller) throws(Trap) -> WASIContext {
        guard let context = caller.store[WASIContext.key] else {
            throw Trap(.host("\(moduleName) function called on a store without a WASIContext (set store[WASIContext.key])"))
        }
        return context
    }

    /// A function returning `$errno`: `body` gets the call and throws the
    /// error code, and success is 0.
    static func function(
        _ name: String, _ parameters: [ValueType],
        _ body: @escaping @Sendable (WASICall) throws(WASIErrno) -> Void
    ) -> (String, HostFunction) {
        let type = FunctionType(parameters: parameters, results: [.i32])
        return (name, HostFunction(type: type, raw: { (caller, slots) throws(Trap) in
            let call = WASICall(context: try context(of: caller), memory: WASIMemory(caller.memory), slots: slots,
                                interruption: caller.store.interruptHandle)
            do throws(WASIErrno) {
                try body(call)
                slots[0] = 0
            } catch {
                // A wait cut short because the store must stop (its deadline):
                // the guest ends as it would at its next back-edge.
                if error == .intr, call.interruption.isSet { throw Trap(.interrupted) }
                slots[0] = UInt64(error.rawValue)
            }
        }))
    }
}

/// One call of a WASI function: its context, the caller's memory and its
/// raw argument slots (an i32 in the low 32 bits of its slot).
struct WASICall {
    let context: WASIContext
    let memory: WASIMemory
    let slots: UnsafeMutableBufferPointer<UInt64>
    /// The calling store's stop request, for functions that wait.
    let interruption: Interruption

    // SAFETY: `slots` holds at least as many slots as the function has
    // parameters, and each function reads only indices of its own signature.
    func u32(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: slots[index]) }
    func u64(_ index: Int) -> UInt64 { slots[index] }
    /// A guest pointer argument, as an address for `WASIMemory`.
    func pointer(_ index: Int) -> Int { Int(u32(index)) }

    /// The descriptor argument at `index`, or `badf`.
    func entry(_ index: Int) throws(WASIErrno) -> FileDescriptorEntry {
        try context.descriptors.entry(u32(index))
    }

    /// Stores a `$size` result.
    func storeSize(_ value: Int, at address: Int) throws(WASIErrno) {
        guard let size = UInt32(exactly: value) else { throw .overflow }
        try memory.store(size, at: address)
    }

    /// A guest string (a path) of `length` bytes at `address`.
    func string(at address: Int, length: UInt32) throws(WASIErrno) -> [UInt8] {
        guard length <= PathResolution.maximumPathLength else { throw .nametoolong }
        return try memory.read(at: address, count: Int(length))
    }
}
