import Foundation
@testable import SpinHost
import Testing
import WATSupport
import WasmInterpreter

/// Real wasi-libc programs end to end, as the CLI will run them, compared
/// with what wasmtime 49 prints for the same programs.
@Suite(.enabled(if: ExternalTool.hasZig || ExternalTool.isCI, "needs zig (pip install ziglang==0.17.0) to build the C guests"))
struct LibcTests {
    @Test func libcProgramRunsLikeInWasmtime() throws {
        let work = try TemporaryDirectory()
        let bytes = try Self.build(LibcProbe.source, in: work)
        try work.makeDirectory("data")
        try work.makeDirectory("ro")
        try work.write("read only content\n", to: "ro/input.txt")
        try work.write("secret\n", to: "outside.txt")

        let context = try WASIContext(
            arguments: ["probe.wasm", "one", "two"], environment: [("GREETING", "hi")],
            preopens: [
                WASIPreopenDirectory(hostPath: work.url("data").path, guestPath: "/data"),
                WASIPreopenDirectory(hostPath: work.url("ro").path, guestPath: "/ro", readOnly: true),
            ],
            stdin: .bytes(Array("from stdin".utf8)), stdout: .capture, stderr: .capture)
        let code = try Self.run(bytes, context)
        #expect(code == 3)
        #expect(String(decoding: context.capturedStdout, as: UTF8.self) == LibcProbe.expectedOutput)
        #expect(String(decoding: context.capturedStderr, as: UTF8.self) == "to stderr\n")
        #expect(!work.exists("ro/new.txt"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.url("data").path) == [])
    }

    @Test func posixErrorsMatchWasmtime() throws {
        let work = try TemporaryDirectory()
        let bytes = try Self.build(LibcProbe.errnoSource, in: work)
        try work.makeDirectory("data")
        let context = try WASIContext(
            arguments: ["errno.wasm"], preopens: [WASIPreopenDirectory(hostPath: work.url("data").path, guestPath: "/data")],
            stdin: .bytes(Array("in".utf8)), stdout: .capture)
        #expect(try Self.run(bytes, context) == 0)
        let lines = String(decoding: context.capturedStdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (line, expected) in zip(lines, LibcProbe.expectedErrnoOutput.split(separator: "\n", omittingEmptySubsequences: false)) {
            #expect(line == expected)
        }
        #expect(lines.count == LibcProbe.expectedErrnoOutput.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    /// Compiles C `source` for wasm32-wasi with zig.
    static func build(_ source: String, in work: TemporaryDirectory) throws -> [UInt8] {
        try work.write(source, to: "program.c")
        try ExternalTool.run("/usr/bin/env", [
            "python3", "-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-s",
            work.url("program.c").path, "-o", work.url("program.wasm").path,
        ])
        return [UInt8](try Data(contentsOf: work.url("program.wasm")))
    }

    /// Instantiates `bytes` with `context` and runs `_start`; on a trap,
    /// records it with the output so far.
    static func run(_ bytes: [UInt8], _ context: WASIContext) throws -> Int32? {
        let engine = Engine()
        var linker = Linker()
        WASIPreview1.define(in: &linker)
        let store = Store(engine: engine)
        store[WASIContext.key] = context
        let instance = try linker.instantiate(try engine.compile(bytes), in: store)
        do {
            return try context.runCommand(instance)
        } catch {
            Issue.record("\(error)\nstdout so far:\n\(String(decoding: context.capturedStdout, as: UTF8.self))")
            return nil
        }
    }
}
