import ArgumentParser
import SpinHost

/// `spin inspect FILE`: validate a core module or a component and list its
/// interface.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a WebAssembly core module or component and list its imports and exports.",
        discussion: """
            For a core module: its imports, exports and custom sections. For a component: \
            each imported and exported interface with its resources, types and functions, \
            in WIT syntax, and its top-level imports and exports.
            """)

    @Argument(help: "The .wasm file to inspect.")
    var file: String

    func run() async throws {
        do {
            let bytes = try readFileBytes(file)
            if ComponentInspection.isComponent(bytes) {
                let inspection = try ComponentInspection(bytes: bytes)
                print("\(file): valid: \(inspection.summary)")
                for line in inspection.interfaceLines { print("  \(line)") }
                return
            }
            let inspection = try await ModuleInspection(bytes: bytes)
            print("\(file): valid: \(inspection.summary)")
            for line in inspection.interfaceLines { print("  \(line)") }
        } catch {
            printError("\(file): \(error)")
            throw ExitCode(1)
        }
    }
}
