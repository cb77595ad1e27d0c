@testable import ComponentModel
import Foundation
import Testing
import WATSupport

/// The Component Model reference suite's `binary/binary.wast`, converted with
/// `wasm-tools json-from-wast`: every component it defines decodes (or is
/// refused as unsupported, for gated features), and every binary
/// `assert_malformed` is refused. Validation (`assert_invalid`) is not the
/// decoder's job and is counted separately.
///
/// The suite is read from the folder `COMPONENT_MODEL_TESTS` names, or from
/// `shared/component-model-tests` next to the repository's folder when there
/// is one (CI has it); get it from github.com/WebAssembly/component-model,
/// folder `test/`, at the commit named in that folder's README.
@Suite(.enabled(if: WAT.isAvailable && ReferenceSuite.folder != nil,
                "needs wasm-tools and the component-model reference tests"))
struct ReferenceBinaryTests {
    struct Command: Decodable {
        let type: String
        let filename: String?
        let module_type: String?
        let text: String?
        let line: Int
    }

    struct Script: Decodable {
        let commands: [Command]
    }

    @Test func binaryWast() throws {
        let suite = try #require(ReferenceSuite.folder)
        let tool = try #require(WAT.tool, "wasm-tools")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cm-binary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("binary.json")
        try ExternalTool.run(tool, ["json-from-wast", suite.appendingPathComponent("binary/binary.wast").path,
                                    "-o", json.path, "--wasm-dir", directory.path])
        let script = try JSONDecoder().decode(Script.self, from: Data(contentsOf: json))
        var decoded = 0, refused = 0, unsupported = 0
        for command in script.commands where command.module_type == "binary" {
            guard let filename = command.filename else { continue }
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(filename)))
            switch command.type {
            case "module", "module_definition":
                do {
                    _ = try decodeComponent(bytes)
                    decoded += 1
                } catch where error.kind == .unsupported {
                    unsupported += 1
                } catch {
                    Issue.record("line \(command.line): \(error)")
                }
            case "assert_malformed":
                do {
                    _ = try decodeComponent(bytes)
                    Issue.record("line \(command.line): decoded, expected \"\(command.text ?? "")\"")
                } catch {
                    refused += 1
                }
            default:
                continue
            }
        }
        // The counts of binary.wast at the suite's pinned commit: a changed
        // suite or converter shows here rather than passing on fewer cases.
        #expect(decoded + unsupported == 35, "decoded \(decoded), unsupported \(unsupported)")
        #expect(refused == 70)
    }
}

/// Where the reference suite is.
enum ReferenceSuite {
    static let folder: URL? = {
        if let path = ProcessInfo.processInfo.environment["COMPONENT_MODEL_TESTS"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Tests/ComponentModelTests
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/component-model-tests")
        return FileManager.default.fileExists(atPath: beside.path) ? beside : nil
    }()
}
