@testable import ComponentModel
import Foundation
import Testing
import WasmInterpreter
import WATSupport

/// The Component Model reference suite (from the folder `ReferenceSuite`
/// finds; upstream: github.com/WebAssembly/component-model, folder `test/`,
/// at the commit its README names), every folder, converted with
/// `wasm-tools json-from-wast` at test time and run command by command:
/// components are validated, instantiated and their exports called with the
/// typed arguments; results, traps, invalid and malformed binaries are
/// checked. `reference-expectations.txt` lists the commands that fail today
/// with the reason (the async ABI's are issue 14); a listed command that
/// passes fails the test too, so the file stays true (`REFERENCE_SUITE_ONLY`
/// narrows a run to scripts under a path prefix). Files skipped by rule:
/// those upstream's `nyi.txt` lists, and `ReferenceSuite.unconvertible`.
@Suite(.enabled(if: WAT.isAvailable && ReferenceSuite.folder != nil,
                "needs wasm-tools and the component-model reference tests"))
struct ReferenceSuiteTests {
    @Test func referenceSuite() throws {
        let suite = try #require(ReferenceSuite.folder)
        let tool = try #require(WAT.tool, "wasm-tools")
        let skipped = try ReferenceSuite.notYetImplemented(suite).union(ReferenceSuite.unconvertible.keys)
        let expectations = try ReferenceExpectations.load()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cm-suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var failures: [String: String] = [:]
        var totals = ReferenceScriptRunner.Totals()
        // REFERENCE_SUITE_ONLY=async/drop runs the scripts whose path starts so (when debugging).
        let only = ProcessInfo.processInfo.environment["REFERENCE_SUITE_ONLY"]
        let files = try ReferenceSuite.scripts(in: suite).filter { only == nil || $0.hasPrefix(only!) }
        for file in files {
            if skipped.contains(file) {
                totals.skippedByRule += 1
                continue
            }
            let output = directory.appendingPathComponent(file.replacingOccurrences(of: "/", with: "_"))
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let json = output.appendingPathComponent("script.json")
            try ExternalTool.run(tool, ["json-from-wast", suite.appendingPathComponent(file).path,
                                        "-o", json.path, "--wasm-dir", output.path])
            var runner = ReferenceScriptRunner(file: file, directory: output)
            try runner.run(json: json)
            totals.add(runner.totals)
            failures.merge(runner.failures) { a, _ in a }
        }
        for (key, reason) in failures.sorted(by: { $0.key < $1.key }) where expectations[key] == nil {
            Issue.record("\(key): \(reason)")
        }
        for key in expectations.keys.sorted() where failures[key] == nil && (only == nil || key.hasPrefix(only!)) {
            Issue.record("\(key) passes now: remove it from reference-expectations.txt")
        }
        print("component-model reference suite: \(totals.passed) passed, \(failures.count) failed "
              + "(\(expectations.count) expected), \(totals.skipped) text-format commands skipped, "
              + "\(totals.skippedByRule) files skipped by rule (nyi.txt, unconvertible)")
        #expect(totals.passed > 0)
        if ProcessInfo.processInfo.environment["UPDATE_REFERENCE_EXPECTATIONS"] != nil, only == nil {
            try ReferenceExpectations.write(failures)
        }
    }
}

extension ReferenceSuite {
    /// Every `.wast`, sorted.
    static func scripts(in suite: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: suite.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".wast") { files.append(path) }
        }
        return files.sorted()
    }

    /// Scripts the pinned converter (wasm-tools 1.262) refuses, and why.
    static let unconvertible: [String: String] = [
        "async/cancellable.wast": "uses the `cancellable` option of `waitable-set.wait`, which wasm-tools dropped "
            + "after component-model#716",
    ]

    /// The scripts upstream's `nyi.txt` lists as not yet implemented.
    static func notYetImplemented(_ suite: URL) throws -> Set<String> {
        let text = (try? String(contentsOf: suite.appendingPathComponent("nyi.txt"), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { line in
            let entry = line.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty, !entry.hasPrefix("#") else { return nil }
            return entry.hasPrefix("./") ? String(entry.dropFirst(2)) : entry
        })
    }
}

/// `reference-expectations.txt`: `<script>:<line> <reason>` per command
/// that fails today.
enum ReferenceExpectations {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("reference-expectations.txt")

    static func load() throws -> [String: String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if let key = parts.first { result[String(key)] = parts.count > 1 ? String(parts[1]) : "" }
        }
        return result
    }

    static func write(_ failures: [String: String]) throws {
        var text = "# Component Model reference-suite commands that fail today: <script>:<line> <reason>.\n"
            + "# Regenerate with UPDATE_REFERENCE_EXPECTATIONS=1; review a change here like code.\n"
        for (key, reason) in failures.sorted(by: { $0.key < $1.key }) {
            text += "\(key) \(reason.replacingOccurrences(of: "\n", with: " ").prefix(160))\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
