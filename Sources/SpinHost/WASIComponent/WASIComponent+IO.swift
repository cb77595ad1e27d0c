import ComponentModel
import WasmInterpreter

/// `wasi:io/error` and `wasi:io/poll`
/// ([wasi-io 0.2.0](https://github.com/WebAssembly/wasi-io/tree/v0.2.0/wit)).
extension WASIComponent {
    static func defineIO(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        linker.define(WASIInterface.error, "[method]error.to-debug-string",
                      WASIComponentTypes.method(types.error, [], .string)) { call, arguments throws(Trap) in
            .string(try arguments.resource(call, 0, "error", as: IOErrorResource.self).debugDescription)
        }

        linker.define(WASIInterface.poll, "[method]pollable.ready",
                      WASIComponentTypes.method(types.pollable, [], .bool)) { call, arguments throws(Trap) in
            let pollable = try arguments.resource(call, 0, "pollable", as: PollableResource.self)
            return .bool(!(try PollableResource.wait([pollable], blocking: false)).isEmpty)
        }
        linker.define(WASIInterface.poll, "[method]pollable.block",
                      WASIComponentTypes.method(types.pollable)) { call, arguments throws(Trap) in
            let pollable = try arguments.resource(call, 0, "pollable", as: PollableResource.self)
            _ = try PollableResource.wait([pollable], blocking: true, store: call.store)
            return nil
        }
        // The indices of the ready pollables, at least one (waiting for it).
        linker.define(WASIInterface.poll, "poll",
                      WASIComponentTypes.function([("in", .list(.borrow(types.pollable)))], .list(.u32))) {
            call, arguments throws(Trap) in
            let reps = try arguments.handles(0)
            // wasmtime traps on an empty list, which could never become ready.
            guard !reps.isEmpty else { throw Trap(.host("\(arguments.function): empty poll list")) }
            var pollables: [PollableResource] = []
            for rep in reps {
                pollables.append(try HostArguments.object(call, rep, "pollable", arguments.function))
            }
            return .list(try PollableResource.wait(pollables, blocking: true, store: call.store).map { .u32(UInt32($0)) })
        }
    }
}
