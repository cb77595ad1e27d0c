@testable import ComponentModel
import Foundation
import WasmInterpreter
import WATSupport

/// Our verdict and `wasm-tools validate`'s (the reference validator) on a
/// text component: nil when accepted, else the message. `features` are
/// wasm-tools' `--features` (e.g. "all" for maps and fixed-length lists).
enum Verdicts {
    static func of(_ text: String, features: String? = nil) throws -> (ours: String?, reference: String?) {
        let bytes = try WAT.assemble(text)
        var ours: String?
        do {
            _ = try ValidatedComponent(bytes, engine: Engine())
        } catch {
            ours = error.message
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-\(UUID().uuidString).wasm")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var reference: String?
        do {
            let featureArguments = features.map { ["--features", $0] } ?? []
            try ExternalTool.run(WAT.tool ?? "wasm-tools", ["validate"] + featureArguments + [file.path])
        } catch {
            reference = "\(error)"
        }
        return (ours, reference)
    }
}
