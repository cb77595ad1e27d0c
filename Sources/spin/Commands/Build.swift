import ArgumentParser
import SpinHost

/// `spin build`: run the components' build commands.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the Spin application.")

    @Option(name: [.customShort("f"), .long], help: "The application to build: a spin.toml or its directory.")
    var from = "spin.toml"

    @Option(name: [.customShort("c"), .long], help: "Build only this component (repeatable).")
    var component: [String] = []

    @Flag(name: [.short, .long], help: "Run the application after building it.")
    var up = false

    func run() async throws {
        try ManifestArgument.requireDefault(from, command: "build")
        do {
            try AppBuilder.build(manifestPath: from, components: component) { print($0) }
        } catch {
            printError("Error: \(error)")
            throw ExitCode(1)
        }
        if up {
            let command = try Up.parse(["--from", from])
            try await command.run()
        }
    }
}
