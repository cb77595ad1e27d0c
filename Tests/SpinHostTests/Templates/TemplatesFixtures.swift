import Foundation
@testable import SpinHost

/// Paths and helpers the template tests share: the checkout's built-in
/// templates, a catalog whose user directory is a fresh temporary one, and
/// a run with fixed values so that output does not depend on the machine.
enum TemplatesFixtures {
    /// The checkout's root, from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Templates, SpinHostTests, Tests, root
        return url.path
    }()

    static var builtInDirectory: String { repositoryRoot + "/templates" }

    static let builtInIDs = ["http-c", "http-empty", "http-go", "http-py", "http-py-wasip2", "http-zig", "static-fileserver"]

    static func catalog(store: TemporaryDirectory) -> TemplateCatalog {
        TemplateCatalog(builtInDirectory: builtInDirectory, store: TemplateStore(root: store.path + "/store"))
    }

    static func builtIn(_ id: String) throws -> Template {
        try Template.load(from: builtInDirectory + "/" + id)
    }

    /// Runs `template` with defaults accepted and a fixed author; fails if
    /// it would have to ask.
    @discardableResult
    static func generate(
        _ template: Template, name: String, target: TemplateRunOptions.Target = .newApplication,
        outputPath: String, values: [String: String] = [:]
    ) throws(TemplateError) -> TemplateRunResult {
        var options = TemplateRunOptions(target: target, name: name, outputPath: outputPath)
        options.values = values
        options.acceptDefaults = true
        options.authors = "Test Author <test@example.com>"
        return try TemplateRun(template: template, options: options).run { parameter throws(TemplateError) in
            throw TemplateError(.invalidValue, "unexpected question for \(parameter.id)")
        }
    }

    /// The `spin` executable built beside the test bundle (`$SPIN_BINARY` overrides).
    static let spinBinary: String? = {
        if let path = ProcessInfo.processInfo.environment["SPIN_BINARY"], !path.isEmpty { return path }
        guard let bundle = TemplateCatalog.currentExecutablePath() else { return nil }
        let candidate = TemplateRun.parent(of: bundle) + "/spin"
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    /// Runs a process and returns its exit status, standard output and
    /// standard error (both captured in files, so neither can block it).
    static func execute(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:], input: String = ""
    ) throws -> (status: Int32, output: String, errors: String) {
        let scratch = try TemporaryDirectory()
        let outputURL = scratch.url("stdout")
        let errorsURL = scratch.url("stderr")
        let inputURL = scratch.url("stdin")
        try Data().write(to: outputURL)
        try Data().write(to: errorsURL)
        try Data(input.utf8).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outputURL, encoding: .utf8),
                try String(contentsOf: errorsURL, encoding: .utf8))
    }
}
