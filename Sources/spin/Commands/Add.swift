import ArgumentParser
import Foundation
import SpinHost

/// `spin add -t TEMPLATE NAME`: a new component in an existing application.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a new component into an existing application.",
        discussion: """
            Renders the template into the subdirectory NAME of the application (or --output DIR) and \
            appends the template's component snippet to spin.toml. The manifest's existing text, \
            comments and layout are kept byte for byte; a component id that is already in the \
            manifest is refused.
            """)

    @OptionGroup var options: TemplateGenerationOptions

    @Option(name: [.customShort("f"), .customLong("file")], help: "The application manifest, or its directory.")
    var manifest: String = ManifestArgument.defaultPath

    func run() throws {
        try ManifestArgument.requireDefault(manifest, command: "add")
        var manifestPath = manifest
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: manifestPath, isDirectory: &isDirectory), isDirectory.boolValue {
            manifestPath += "/spin.toml"
        }
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw ValidationError("cannot add a component to \(manifestPath): the file does not exist")
        }
        let catalog = TemplateCatalog.standard()
        let template = try options.template(from: catalog)
        var runOptions = TemplateRunOptions(
            target: .addComponent(manifestPath: manifestPath), name: options.name,
            outputPath: options.initialize ? "." : options.output ?? TemplateRunOptions.pathSafe(options.name))
        try options.configure(&runOptions)
        let result = try TemplateRun(template: template, options: runOptions).run(ask: TemplateGenerationOptions.askOnStandardInput)
        print("Added component \"\(options.name)\" from template \"\(template.id)\" to \(manifestPath) (files in \(result.directory))")
    }
}
