import ArgumentParser
import SpinHost

/// `spin validate FILE...`: decode and validate core modules, one line each.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode and validate WebAssembly core modules (Wasm 2.0).")

    @Argument(help: "The .wasm files to check.")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    func run() async throws {
        var failures = 0
        for path in files {
            do {
                let inspection = try await ModuleInspection(bytes: try readFileBytes(path))
                if !quiet { print("\(path): valid: \(inspection.summary)") }
            } catch {
                failures += 1
                printError("\(path): \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
