import ArgumentParser
import SpinHost

/// `spin inspect FILE`: validate a core module and list its interface.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a WebAssembly core module and list its imports, exports and custom sections.")

    @Argument(help: "The .wasm file to inspect.")
    var file: String

    func run() async throws {
        do {
            let inspection = try await ModuleInspection(bytes: try readFileBytes(file))
            print("\(file): valid: \(inspection.summary)")
            for line in inspection.interfaceLines { print("  \(line)") }
        } catch {
            printError("\(file): \(error)")
            throw ExitCode(1)
        }
    }
}
