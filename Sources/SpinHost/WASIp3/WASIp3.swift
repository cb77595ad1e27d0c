#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import ComponentModel
import WasmInterpreter

/// WASI 0.3 (WASIp3) `wasi:cli`, `wasi:clocks`, `wasi:random` and
/// `wasi:filesystem` (`WASIp3+Filesystem.swift`), under both
/// names the Spin 4 SDKs import: `@0.3.0` and the release candidate
/// `@0.3.0-rc-2026-03-15` (same functions; each name has its own resource
/// types). They share the store's `WASIContext` with the 0.2 interfaces.
/// The standard streams are `stream<u8>`; `wait-for` and `wait-until` park
/// the caller's task on a `HostTimers` timer.
public enum WASIp3 {
    static let versions = ["0.3.0", "0.3.0-rc-2026-03-15"]

    public static func define(in linker: inout ComponentLinker) {
        for version in versions {
            defineCLI(in: &linker, version)
            defineClocks(in: &linker, version)
            defineRandom(in: &linker, version)
            defineFilesystem(in: &linker, version)
        }
    }

    static func function(_ parameters: [(String, ComponentValueType)], _ result: ComponentValueType? = nil) -> ComponentFunctionType {
        WASIComponentTypes.function(parameters, result)
    }

    static func defineCLI(in linker: inout ComponentLinker, _ version: String) {
        let environment = "wasi:cli/environment@\(version)"
        linker.define(environment, "get-environment", function([], .list(.tuple([.string, .string])))) { call, _ throws(Trap) in
            .list(try WASIComponent.context(call).environment.map { .tuple([.string($0.name), .string($0.value)]) })
        }
        linker.define(environment, "get-arguments", function([], .list(.string))) { call, _ throws(Trap) in
            .list(try WASIComponent.context(call).arguments.map { .string($0) })
        }
        linker.define(environment, "get-initial-cwd", function([], .option(.string))) { _, _ throws(Trap) in .option(nil) }

        let exit = "wasi:cli/exit@\(version)"
        linker.define(exit, "exit", function([("status", .result(ok: nil, error: nil))])) { call, arguments throws(Trap) in
            let code: Int32 = try arguments.isOk(0) ? 0 : 1
            try WASIComponent.context(call).exitCode = code
            throw Trap.exit(code)
        }
        linker.define(exit, "exit-with-code", function([("status-code", .u8)])) { call, arguments throws(Trap) in
            guard case .u8(let code) = try arguments.value(0) else { throw Trap(.host("\(arguments.function): status-code")) }
            try WASIComponent.context(call).exitCode = Int32(code)
            throw Trap.exit(Int32(code))
        }

        let errorCode = ComponentValueType.enum(["io", "illegal-byte-sequence", "pipe"])
        let outcome = ComponentValueType.result(ok: nil, error: errorCode)
        for (name, isError) in [("stdout", false), ("stderr", true)] {
            linker.define("wasi:cli/\(name)@\(version)", "write-via-stream",
                          function([("data", .stream(.u8))], .future(outcome))) { call, arguments throws(Trap) in
                let context = try WASIComponent.context(call)
                let data = try HostStream(receiving: try arguments.value(0), in: call.store)
                let (done, value) = HostFuture.make(elementType: outcome, in: call.store)
                try drain(data, into: context, error: isError, done: done)
                return value
            }
        }
        // Standard input of a Spin component is empty: the stream ends at once.
        linker.define("wasi:cli/stdin@\(version)", "read-via-stream",
                      function([], .tuple([.stream(.u8), .future(outcome)]))) { call, _ throws(Trap) in
            let (input, inputValue) = HostStream.make(elementType: .u8, in: call.store)
            input.drop()
            let (done, doneValue) = HostFuture.make(elementType: outcome, in: call.store)
            try done.write(.ok(nil))
            return .tuple([inputValue, doneValue])
        }
        let terminalInput = linker.defineResource("wasi:cli/terminal-input@\(version)", "terminal-input")
        let terminalOutput = linker.defineResource("wasi:cli/terminal-output@\(version)", "terminal-output")
        // Like Spin, a component's standard streams are never a terminal.
        for (name, resource) in [("stdin", terminalInput), ("stdout", terminalOutput), ("stderr", terminalOutput)] {
            linker.define("wasi:cli/terminal-\(name)@\(version)", "get-terminal-\(name)",
                          function([], .option(.own(resource)))) { _, _ throws(Trap) in .option(nil) }
        }
    }

    /// Reads a guest's output stream into the context's standard output or
    /// error until the guest drops it; then `done` says how it went.
    static func drain(_ data: HostStream, into context: WASIContext, error: Bool, done: HostFuture) throws(Trap) {
        try data.read(upTo: 64 * 1024) { (bytes: [UInt8], result) in
            do throws(WASIErrno) {
                if !bytes.isEmpty { try context.writeStandardOutput(bytes, error: error) }
            } catch {
                data.drop()
                try? done.write(.error(.enum(error == .pipe ? 2 : 0)))
                return
            }
            guard result == .completed else {
                try? done.write(.ok(nil))
                return
            }
            // The guest's copy calls this: asking again leaves a read pending for its next write.
            try? drain(data, into: context, error: error, done: done)
        }
    }

    static func defineClocks(in linker: inout ComponentLinker, _ version: String) {
        let monotonic = "wasi:clocks/monotonic-clock@\(version)"
        linker.define(monotonic, "now", function([], .u64)) { _, _ throws(Trap) in .u64(HostClock.monotonicNow()) }
        linker.define(monotonic, "get-resolution", function([], .u64)) { _, _ throws(Trap) in .u64(WASIComponent.resolution(CLOCK_MONOTONIC)) }
        linker.define(monotonic, "wait-until", type: function([("when", .u64)]).async()) { call, arguments, done throws(Trap) in
            HostTimers.of(call.store).add(deadline: try arguments[0].u64(), done)
        }
        linker.define(monotonic, "wait-for", type: function([("how-long", .u64)]).async()) { call, arguments, done throws(Trap) in
            let (deadline, overflow) = HostClock.monotonicNow().addingReportingOverflow(try arguments[0].u64())
            HostTimers.of(call.store).add(deadline: overflow ? .max : deadline, done)
        }
        let instant = ComponentValueType.record([.init("seconds", .s64), .init("nanoseconds", .u32)])
        let system = "wasi:clocks/system-clock@\(version)"
        linker.define(system, "now", function([], instant)) { _, _ throws(Trap) in
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return .record([.s64(Int64(time.tv_sec)), .u32(UInt32(time.tv_nsec))])
        }
        linker.define(system, "get-resolution", function([], .u64)) { _, _ throws(Trap) in .u64(WASIComponent.resolution(CLOCK_REALTIME)) }
        // The host's zone is not the guest's business: UTC, as wasmtime answers without a zone database.
        let timezone = "wasi:clocks/timezone@\(version)"
        linker.define(timezone, "iana-id", function([], .option(.string))) { _, _ throws(Trap) in .option(.string("UTC")) }
        linker.define(timezone, "utc-offset", function([("when", instant)], .option(.s64))) { _, _ throws(Trap) in .option(.s64(0)) }
        linker.define(timezone, "to-debug-string", function([], .string)) { _, _ throws(Trap) in .string("UTC") }
    }

    static func defineRandom(in linker: inout ComponentLinker, _ version: String) {
        let interfaces = [
            ("wasi:random/random@\(version)", "get-random-bytes", "get-random-u64"),
            ("wasi:random/insecure@\(version)", "get-insecure-random-bytes", "get-insecure-random-u64"),
        ]
        for (interface, bytesName, integerName) in interfaces {
            linker.define(interface, bytesName, function([("max-len", .u64)], .list(.u8))) { call, arguments throws(Trap) in
                // 0.3 lets the host return fewer bytes than asked; wasmtime's cap bounds the allocation.
                let count = min(try arguments.u64(0), WASIComponent.maximumRandomBytes)
                return .bytes(WASIComponent.randomBytes(Int(count), try WASIComponent.context(call)))
            }
            linker.define(interface, integerName, function([], .u64)) { call, _ throws(Trap) in
                .u64(try WASIComponent.context(call).randomNumberGenerator.next())
            }
        }
        linker.define("wasi:random/insecure-seed@\(version)", "get-insecure-seed", function([], .tuple([.u64, .u64]))) {
            call, _ throws(Trap) in
            let seed = try WASIComponent.state(call).insecureSeed
            return .tuple([.u64(seed.0), .u64(seed.1)])
        }
    }
}

extension ComponentValue {
    func u64() throws(Trap) -> UInt64 {
        guard case .u64(let value) = self else { throw Trap(.host("expected a u64, got \(self)")) }
        return value
    }
}
