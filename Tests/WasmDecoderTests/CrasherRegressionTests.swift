import Foundation
import Testing
import WasmDecoder

/// Every input the fuzzer ever crashed on (fuzz/README.md) must now load or be
/// rejected with a `ModuleError`; reaching the end of this test is the check.
@Suite struct CrasherRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/crashers")

    static var inputs: [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.lastPathComponent != "README.md" }.sorted { $0.path < $1.path }
    }

    @Test(arguments: inputs)
    func crasherNoLongerCrashes(input: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: input))
        _ = try? loadModule(bytes)
    }
}
