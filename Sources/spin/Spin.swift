import ArgumentParser

/// The `spin` command line: a Spin-compatible developer tool on a pure-Swift engine.
@main
struct Spin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spin",
        abstract: "Build and run Spin applications on a pure-Swift WebAssembly engine.",
        subcommands: [Validate.self, Inspect.self, Wasm.self]
    )
}
