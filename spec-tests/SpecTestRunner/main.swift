import Foundation

// spec-test-runner: runs the official WebAssembly spec tests, converted to JSON
// by spec-tests/fetch-and-convert.sh, against this package's engine.
//
//   spec-test-runner [--json DIR] [--expectations FILE] [--update-expectations]
//                    [--verbose] [--messages] [FILTER...]
//
// DIR defaults to $SPEC_JSON_DIR or spec-tests/json/tier1-wasm-2.0; FILE to
// spec-tests/expectations.txt for tier 1 (Wasm 2.0, run with every later
// feature off) and spec-tests/expectations-wasm-3.0.txt for tier 2. FILTERs keep
// scripts whose path contains one of them. Exit status: 0 when nothing failed
// and every script skipped exactly what the expectations file allows.

var options = CommandLine.arguments.dropFirst()
var jsonDirectory = ProcessInfo.processInfo.environment["SPEC_JSON_DIR"] ?? "spec-tests/json/tier1-wasm-2.0"
var expectationsPath: String?
var updateExpectations = false
var verbose = false
var showMessages = false
var filters: [String] = []
while let option = options.popFirst() {
    switch option {
    case "--json": jsonDirectory = options.popFirst() ?? jsonDirectory
    case "--expectations": expectationsPath = options.popFirst()
    case "--update-expectations": updateExpectations = true
    case "--verbose", "-v": verbose = true
    case "--messages": showMessages = true
    case "--help", "-h":
        print("usage: spec-test-runner [--json DIR] [--expectations FILE] [--update-expectations] [--verbose] [--messages] [FILTER...]")
        exit(0)
    default: filters.append(option)
    }
}

let root = URL(fileURLWithPath: jsonDirectory)
guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
    print("spec-test-runner: no converted suite at \(jsonDirectory); run spec-tests/fetch-and-convert.sh first")
    exit(2)
}
var scriptURLs: [URL] = []
for case let url as URL in enumerator where url.pathExtension == "json" {
    if filters.isEmpty || filters.contains(where: { url.path.contains($0) }) { scriptURLs.append(url) }
}
scriptURLs.sort { $0.path < $1.path }
guard !scriptURLs.isEmpty else {
    print("spec-test-runner: no scripts found under \(jsonDirectory)")
    exit(2)
}

// Each tier has its own file: an update rewrites only the scripts it ran.
let expectationsFile = expectationsPath
    ?? (jsonDirectory.contains("tier2-wasm-3.0") ? "spec-tests/expectations-wasm-3.0.txt" : "spec-tests/expectations.txt")
let expectations: Expectations
do {
    expectations = FileManager.default.fileExists(atPath: expectationsFile)
        ? try Expectations(contentsOf: URL(fileURLWithPath: expectationsFile)) : Expectations()
} catch {
    print("spec-test-runner: \(error)")
    exit(2)
}

var results: [ScriptResult] = []
for url in scriptURLs {
    do {
        let script = try SpecScript.load(url)
        results.append(try ScriptRunner(directory: url.deletingLastPathComponent(), script: script).run())
    } catch {
        var broken = ScriptResult(script: url.path)
        broken.failed = 1
        broken.failures.append("cannot read script: \(error)")
        results.append(broken)
    }
}

let report = Report(results: results, expectations: expectations, partial: !filters.isEmpty)
report.print(verbose: verbose, showMessages: showMessages)
if updateExpectations {
    try Expectations.render(report.actualSkips).write(toFile: expectationsFile, atomically: true, encoding: .utf8)
    print("wrote \(expectationsFile)")
    exit(report.failed == 0 ? 0 : 1)
}
exit(report.isSuccess ? 0 : 1)
