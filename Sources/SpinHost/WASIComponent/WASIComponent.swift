public import ComponentModel
import WasmInterpreter

/// WASI 0.2 (the `wasi:cli/imports@0.2.0` world, the imports of
/// [`wasi:cli/command`](https://github.com/WebAssembly/wasi-cli/blob/v0.2.0/wit/command.wit))
/// as host definitions for components: `wasi:io`, `wasi:clocks`,
/// `wasi:random`, `wasi:cli`, `wasi:filesystem` and `wasi:sockets`, every
/// function with the type its WIT gives it.
///
/// The functions work on the `WASIContext` attached to the calling store
/// (`store[WASIContext.key]`), the same one WASI preview 1 uses: the same
/// arguments, environment, standard streams (a capture holds what either
/// ABI wrote) and preopened directories, with the same sandbox
/// (`PathResolution`: no escape through "..", absolute paths or symbolic
/// links; read-only preopens refuse changes with `not-permitted`).
/// Resources are Swift objects in the store's `HostResources`; dropping a
/// handle releases its object.
///
/// Outcomes follow wasmtime's `wasmtime run` (wasmtime-wasi 49): its error
/// codes, end of stream as `stream-error.closed`, `exit` as `Trap.exit`, no
/// terminal unless a standard stream is the host's own and a tty, and
/// networking denied (sockets cannot be created, names are not resolved).
/// A handle that names no live resource of the expected type is a trap,
/// never a crash.
public enum WASIComponent {
    /// Defines every `wasi:*` 0.2 interface of the CLI world in `linker`,
    /// reading per-store state (the `WASIContext`) from the store.
    public static func define(in linker: inout ComponentLinker) {
        let types = WASIComponentTypes(defining: &linker)
        defineIO(in: &linker, types)
        defineStreams(in: &linker, types)
        defineClocks(in: &linker, types)
        defineRandom(in: &linker, types)
        defineCLI(in: &linker, types)
        defineFilesystem(in: &linker, types)
        defineSockets(in: &linker, types)
    }

    /// The context of the calling store.
    static func context(_ call: HostCall) throws(Trap) -> WASIContext {
        guard let context = call.store[WASIContext.key] else {
            throw Trap(.host("a wasi:* 0.2 function was called on a store without a WASIContext (set store[WASIContext.key])"))
        }
        return context
    }

    /// The WASI 0.2 state of the calling store, made on first use for its context.
    static func state(_ call: HostCall) throws(Trap) -> WASIComponentState {
        let context = try context(call)
        if let state = call.store[WASIComponentState.key], state.context === context { return state }
        let state = WASIComponentState(context: context)
        call.store[WASIComponentState.key] = state
        return state
    }
}

/// The fully qualified names of the interfaces, as components import them.
enum WASIInterface {
    static let error = "wasi:io/error@0.2.0"
    static let poll = "wasi:io/poll@0.2.0"
    static let streams = "wasi:io/streams@0.2.0"
    static let monotonicClock = "wasi:clocks/monotonic-clock@0.2.0"
    static let wallClock = "wasi:clocks/wall-clock@0.2.0"
    static let random = "wasi:random/random@0.2.0"
    static let insecure = "wasi:random/insecure@0.2.0"
    static let insecureSeed = "wasi:random/insecure-seed@0.2.0"
    static let environment = "wasi:cli/environment@0.2.0"
    static let exit = "wasi:cli/exit@0.2.0"
    static let stdin = "wasi:cli/stdin@0.2.0"
    static let stdout = "wasi:cli/stdout@0.2.0"
    static let stderr = "wasi:cli/stderr@0.2.0"
    static let terminalInput = "wasi:cli/terminal-input@0.2.0"
    static let terminalOutput = "wasi:cli/terminal-output@0.2.0"
    static let terminalStdin = "wasi:cli/terminal-stdin@0.2.0"
    static let terminalStdout = "wasi:cli/terminal-stdout@0.2.0"
    static let terminalStderr = "wasi:cli/terminal-stderr@0.2.0"
    static let filesystemTypes = "wasi:filesystem/types@0.2.0"
    static let preopens = "wasi:filesystem/preopens@0.2.0"
    static let network = "wasi:sockets/network@0.2.0"
    static let instanceNetwork = "wasi:sockets/instance-network@0.2.0"
    static let tcp = "wasi:sockets/tcp@0.2.0"
    static let tcpCreateSocket = "wasi:sockets/tcp-create-socket@0.2.0"
    static let udp = "wasi:sockets/udp@0.2.0"
    static let udpCreateSocket = "wasi:sockets/udp-create-socket@0.2.0"
    static let ipNameLookup = "wasi:sockets/ip-name-lookup@0.2.0"
}
