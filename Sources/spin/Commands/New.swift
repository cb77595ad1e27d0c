import ArgumentParser
import Foundation
import SpinHost

/// `spin new -t TEMPLATE NAME`: a new application from a template.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a new application from a template.",
        discussion: """
            Creates the directory NAME (or --output DIR, or the current directory with --init) and \
            renders the template into it. Parameters not set with --value are asked for on standard \
            input, showing each prompt and default; --accept-defaults takes the defaults instead. \
            Run `spin templates list` to see the templates.
            """)

    @OptionGroup var options: TemplateGenerationOptions

    func run() throws {
        let catalog = TemplateCatalog.standard()
        let template = try options.template(from: catalog)
        var runOptions = TemplateRunOptions(
            target: .newApplication, name: options.name,
            outputPath: options.initialize ? "." : options.output ?? TemplateRunOptions.pathSafe(options.name))
        try options.configure(&runOptions)
        let result = try TemplateRun(template: template, options: runOptions).run(ask: TemplateGenerationOptions.askOnStandardInput)
        let location = result.directory == "." ? "the current directory" : result.directory
        print("Created application \"\(options.name)\" from template \"\(template.id)\" in \(location)")
    }
}

/// The arguments `spin new` and `spin add` share, as in Spin.
struct TemplateGenerationOptions: ParsableArguments {
    @Argument(help: "The name of the new application or component (kebab-case).")
    var name: String

    @Option(name: [.customShort("t"), .customLong("template")], help: "The template to use (see `spin templates list`).")
    var templateID: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "The directory to create; the default is NAME.")
    var output: String?

    @Flag(name: .customLong("init"), help: "Generate into the current directory.")
    var initialize = false

    @Option(name: [.customShort("v"), .customLong("value")], help: "Set a template parameter (KEY=VALUE); repeatable.")
    var values: [String] = []

    @Option(name: .customLong("values-file"), help: "A TOML file of parameter values (key = \"value\"); --value overrides it.")
    var valuesFile: String?

    @Flag(name: [.customShort("a"), .customLong("accept-defaults")], help: "Use each parameter's default instead of asking.")
    var acceptDefaults = false

    @Flag(name: .customLong("no-vcs"), help: "Do not create .gitignore files.")
    var noVersionControl = false

    @Flag(name: .customLong("allow-overwrite"), help: "Generate into a directory that already has files, replacing files of the same names.")
    var allowOverwrite = false

    func validate() throws {
        if let problem = TemplateRunOptions.problem(withName: name) {
            throw ValidationError("invalid name \"\(name)\": \(problem)")
        }
        if initialize && output != nil { throw ValidationError("--init and --output cannot be used together") }
    }

    /// The template, after printing any catalog warnings.
    func template(from catalog: TemplateCatalog) throws -> Template {
        let (_, warnings) = catalog.list()
        for warning in warnings { printError("warning: \(warning)") }
        return try catalog.template(templateID)
    }

    func configure(_ options: inout TemplateRunOptions) throws {
        if let valuesFile { options.values = try Self.readValuesFile(valuesFile) }
        for entry in values {
            guard let equals = entry.firstIndex(of: "=") else {
                throw ValidationError("--value expects KEY=VALUE, got \"\(entry)\"")
            }
            options.values[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        options.acceptDefaults = acceptDefaults
        options.allowOverwrite = allowOverwrite
        options.noVersionControl = noVersionControl
    }

    private static func readValuesFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the values file \(path)")
        }
        return try TemplateRunOptions.values(fromValuesFile: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Asks for one parameter on standard input: the prompt and default go
    /// to standard error (like Spin's prompts), an empty answer takes the
    /// default, a refused answer is asked again, and end of input takes the
    /// default or fails.
    static func askOnStandardInput(_ parameter: TemplateParameter) throws(TemplateError) -> String {
        while true {
            let suggestion = parameter.defaultValue.map { $0.isEmpty ? "" : " [\($0)]" } ?? ""
            let choices = parameter.allowedValues.map { " (\($0.joined(separator: ", ")))" } ?? ""
            printPrompt("\(parameter.prompt)\(choices)\(suggestion): ")
            guard let line = readLine() else {
                if let fallback = parameter.defaultValue { return fallback }
                throw TemplateError(.invalidValue,
                    "no value for parameter \"\(parameter.id)\": standard input ended (set it with --value \(parameter.id)=...)")
            }
            let answer = line.isEmpty ? parameter.defaultValue : line
            guard let answer else { continue }
            if let problem = parameter.problem(with: answer) {
                printError("Invalid value: \(problem)")
                continue
            }
            return answer
        }
    }

    private static func printPrompt(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
