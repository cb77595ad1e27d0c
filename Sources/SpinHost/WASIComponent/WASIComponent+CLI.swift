#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentModel
import WasmInterpreter

/// `wasi:cli/*`
/// ([wasi-cli 0.2.0](https://github.com/WebAssembly/wasi-cli/tree/v0.2.0/wit)):
/// environment, exit, the standard streams and the terminal interfaces.
extension WASIComponent {
    static func defineCLI(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let environment = WASIInterface.environment
        linker.define(environment, "get-environment",
                      WASIComponentTypes.function([], .list(.tuple([.string, .string])))) { call, _ throws(Trap) in
            .list(try context(call).environment.map { .tuple([.string($0.name), .string($0.value)]) })
        }
        linker.define(environment, "get-arguments", WASIComponentTypes.function([], .list(.string))) { call, _ throws(Trap) in
            .list(try context(call).arguments.map { .string($0) })
        }
        // A context has no working directory of its own (wasmtime: none unless configured).
        linker.define(environment, "initial-cwd", WASIComponentTypes.function([], .option(.string))) { _, _ throws(Trap) in
            .option(nil)
        }

        // Ends the run: `Function.run` reports `.exited(code)`, 0 for `ok` and 1 for `error`.
        linker.define(WASIInterface.exit, "exit",
                      WASIComponentTypes.function([("status", .result(ok: nil, error: nil))])) { call, arguments throws(Trap) in
            let code: Int32 = try arguments.isOk(0) ? 0 : 1
            try context(call).exitCode = code
            throw Trap.exit(code)
        }

        linker.define(WASIInterface.stdin, "get-stdin", WASIComponentTypes.function([], .own(types.inputStream))) {
            call, _ throws(Trap) in
            let context = try context(call)
            return call.own(InputStreamResource(context.inheritedStreams.input ? .hostStandardInput : .standardInput(context)))
        }
        for (interface, name, isError) in [(WASIInterface.stdout, "get-stdout", false), (WASIInterface.stderr, "get-stderr", true)] {
            linker.define(interface, name, WASIComponentTypes.function([], .own(types.outputStream))) { call, _ throws(Trap) in
                call.own(OutputStreamResource(.standard(try context(call), error: isError)))
            }
        }

        // A terminal only when the stream is the host's own and a tty, as
        // wasmtime's `is_terminal` decides; the resources have no methods.
        let terminals = [
            (WASIInterface.terminalStdin, "get-terminal-stdin", types.terminalInput, Int32(0)),
            (WASIInterface.terminalStdout, "get-terminal-stdout", types.terminalOutput, Int32(1)),
            (WASIInterface.terminalStderr, "get-terminal-stderr", types.terminalOutput, Int32(2)),
        ]
        for (interface, name, resource, descriptor) in terminals {
            linker.define(interface, name, WASIComponentTypes.function([], .option(.own(resource)))) { call, _ throws(Trap) in
                let inherited = try context(call).inheritedStreams
                let inherits = [inherited.input, inherited.output, inherited.error][Int(descriptor)]
                guard inherits, isatty(descriptor) != 0 else { return .option(nil) }
                return .option(call.own(TerminalResource()))
            }
        }
    }
}

/// `wasi:cli/terminal-input.terminal-input` and
/// `terminal-output.terminal-output`: no methods yet in WASI 0.2.
final class TerminalResource {}
