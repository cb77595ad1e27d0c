import ArgumentParser

/// The `spin` command line: a Spin-compatible developer tool on a pure-Swift engine.
@main
struct Spin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spin",
        abstract: "Build and run Spin applications on a pure-Swift WebAssembly engine.",
        subcommands: [New.self, Add.self, Build.self, Up.self, Templates.self, Validate.self, Inspect.self, Wasm.self]
    )
}
