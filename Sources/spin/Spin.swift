import ArgumentParser

/// The `spin` command line: a Spin-compatible developer tool on a pure-Swift engine.
@main
struct Spin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spin",
        abstract: "Build and run Spin applications on a pure-Swift WebAssembly engine.",
        version: SpinVersion.text,
        subcommands: [New.self, Add.self, Build.self, Up.self, Templates.self, Validate.self, Inspect.self, Wasm.self]
    )

    /// Spin (clap) also takes `-V` for `--version`; ArgumentParser knows only the long flag.
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] { arguments = ["--version"] }
        await main(arguments)
    }
}
