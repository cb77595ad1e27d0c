import ComponentModel
import WasmInterpreter

/// `wasi:io/streams`
/// ([streams.wit](https://github.com/WebAssembly/wasi-io/blob/v0.2.0/wit/streams.wit)):
/// every method of `input-stream` and `output-stream`. Failures are
/// `stream-error` values; the limits the WIT sets on the blocking calls
/// (4096 bytes) trap, with wasmtime's messages.
extension WASIComponent {
    static func defineStreams(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        defineInputStream(in: &linker, types)
        defineOutputStream(in: &linker, types)
    }

    private static func defineInputStream(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let bytesResult = ComponentValueType.result(ok: .list(.u8), error: types.streamError)
        let countResult = ComponentValueType.result(ok: .u64, error: types.streamError)
        let length = [("len", ComponentValueType.u64)]
        for (name, blocking) in [("read", false), ("blocking-read", true)] {
            linker.define(WASIInterface.streams, "[method]input-stream.\(name)",
                          WASIComponentTypes.method(types.inputStream, length, bytesResult)) { call, arguments throws(Trap) in
                let stream = try arguments.resource(call, 0, "input-stream", as: InputStreamResource.self)
                let count = try arguments.u64(1)
                return try streamResult(call) { () throws(StreamFailure) in .bytes(try stream.read(count, blocking: blocking)) }
            }
        }
        for (name, blocking) in [("skip", false), ("blocking-skip", true)] {
            linker.define(WASIInterface.streams, "[method]input-stream.\(name)",
                          WASIComponentTypes.method(types.inputStream, length, countResult)) { call, arguments throws(Trap) in
                let stream = try arguments.resource(call, 0, "input-stream", as: InputStreamResource.self)
                let count = try arguments.u64(1)
                return try streamResult(call) { () throws(StreamFailure) in .u64(try stream.skip(count, blocking: blocking)) }
            }
        }
        linker.define(WASIInterface.streams, "[method]input-stream.subscribe",
                      WASIComponentTypes.method(types.inputStream, [], .own(types.pollable))) { call, arguments throws(Trap) in
            let stream = try arguments.resource(call, 0, "input-stream", as: InputStreamResource.self)
            return call.own(PollableResource(stream.readiness))
        }
    }

    private static func defineOutputStream(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let unitResult = ComponentValueType.result(ok: nil, error: types.streamError)
        let countResult = ComponentValueType.result(ok: .u64, error: types.streamError)
        let method = { (name: String, parameters: [(String, ComponentValueType)], result: ComponentValueType) in
            ("[method]output-stream.\(name)", WASIComponentTypes.method(types.outputStream, parameters, result))
        }
        var (name, type) = method("check-write", [], countResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let stream = try outputStream(call, arguments)
            return try streamResult(call) { () throws(StreamFailure) in .u64(try stream.checkWrite()) }
        }
        (name, type) = method("write", [("contents", .list(.u8))], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let stream = try outputStream(call, arguments)
            let bytes = try arguments.bytes(1)
            return try streamResult(call) { () throws(StreamFailure) in try stream.write(bytes); return nil }
        }
        (name, type) = method("blocking-write-and-flush", [("contents", .list(.u8))], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let bytes = try arguments.bytes(1)
            guard bytes.count <= OutputStreamResource.blockingWriteLimit else {
                throw Trap(.host("Buffer too large for blocking-write-and-flush (expected at most 4096)"))
            }
            let stream = try outputStream(call, arguments)
            return try streamResult(call) { () throws(StreamFailure) in try stream.blockingWriteAndFlush(bytes); return nil }
        }
        (name, type) = method("flush", [], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let stream = try outputStream(call, arguments)
            return try streamResult(call) { () throws(StreamFailure) in try stream.flush(); return nil }
        }
        (name, type) = method("blocking-flush", [], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let stream = try outputStream(call, arguments)
            return try streamResult(call) { () throws(StreamFailure) in try stream.blockingFlush(); return nil }
        }
        (name, type) = method("subscribe", [], .own(types.pollable))
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            call.own(PollableResource(try outputStream(call, arguments).readiness))
        }
        (name, type) = method("write-zeroes", [("len", .u64)], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let stream = try outputStream(call, arguments)
            let count = try arguments.u64(1)
            return try streamResult(call) { () throws(StreamFailure) in try stream.writeZeroes(count); return nil }
        }
        (name, type) = method("blocking-write-zeroes-and-flush", [("len", .u64)], unitResult)
        linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
            let count = try arguments.u64(1)
            guard count <= UInt64(OutputStreamResource.blockingWriteLimit) else {
                throw Trap(.host("Buffer too large for blocking-write-zeroes-and-flush (expected at most 4096)"))
            }
            let stream = try outputStream(call, arguments)
            return try streamResult(call) { () throws(StreamFailure) in
                try stream.blockingWriteAndFlush([UInt8](repeating: 0, count: Int(count)))
                return nil
            }
        }
        for (spliceName, blocking) in [("splice", false), ("blocking-splice", true)] {
            (name, type) = method(spliceName, [("src", .borrow(types.inputStream)), ("len", .u64)], countResult)
            linker.define(WASIInterface.streams, name, type) { call, arguments throws(Trap) in
                let output = try outputStream(call, arguments)
                let input = try arguments.resource(call, 1, "input-stream", as: InputStreamResource.self)
                let count = try arguments.u64(2)
                return try streamResult(call) { () throws(StreamFailure) in
                    .u64(try splice(from: input, to: output, count, blocking: blocking))
                }
            }
        }
    }

    private static func outputStream(_ call: HostCall, _ arguments: HostArguments) throws(Trap) -> OutputStreamResource {
        try arguments.resource(call, 0, "output-stream")
    }

    /// `splice` and `blocking-splice`, as wasmtime runs them: as many bytes
    /// as the output permits, read from the input, then written.
    private static func splice(from input: InputStreamResource, to output: OutputStreamResource, _ count: UInt64,
                               blocking: Bool) throws(StreamFailure) -> UInt64 {
        let length = min(count, try output.checkWrite())
        guard length > 0 else { return 0 }
        let bytes = try input.read(length, blocking: blocking)
        guard !bytes.isEmpty else { return 0 }
        if blocking {
            try output.blockingWriteAndFlush(bytes)
        } else {
            try output.write(bytes)
        }
        return UInt64(bytes.count)
    }
}
