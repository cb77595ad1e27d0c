import ArgumentParser
import Foundation

/// Spin's words when a command's `-f/--from` is left at its default and
/// there is no `spin.toml` here: where it was looked for, and how to name
/// another application. Other paths are checked when the manifest is loaded.
enum ManifestArgument {
    static let defaultPath = "spin.toml"

    /// Prints the problem and exits 1 when `path` is the default and missing.
    static func requireDefault(_ path: String, command: String) throws {
        guard path == defaultPath, !FileManager.default.fileExists(atPath: path) else { return }
        printError(missingDefaultMessage(command: command, directory: FileManager.default.currentDirectoryPath))
        throw ExitCode(1)
    }

    static func missingDefaultMessage(command: String, directory: String) -> String {
        "Error: Default file '\(defaultPath)' not found in \(directory). "
            + "Run `spin \(command) -f <APPLICATION>` (a spin.toml or its directory), or `spin \(command) --help` for usage."
    }
}
