import Foundation

/// The `git` command, which templates use to clone template repositories
/// (`spin templates install --git`) and to find the author's name, as Spin does.
enum TemplateGit {
    /// Runs `git ARGUMENTS` and returns its standard output; a failure or a
    /// missing `git` is a `.git` error carrying git's message.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil) throws(TemplateError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"  // never wait for a password
        process.environment = environment
        let output = Pipe()
        // stderr goes to a file so that neither pipe can fill up and block git.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("spin-git-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do {
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
        } catch {
            throw TemplateError(.git, "cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            if process.terminationStatus == 127 { throw TemplateError(.git, "git is not installed (it is needed to \(arguments.first ?? "run"))") }
            throw TemplateError(.git, "git \(arguments.joined(separator: " ")) failed: \(TemplateFilter.trimmed(message))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A shallow clone of `url` (a URL, `file://` URL or local path) at `branch`.
    static func clone(_ url: String, branch: String?, into directory: String) throws(TemplateError) {
        var arguments = ["clone", "--quiet", "--depth", "1"]
        if let branch { arguments += ["--branch", branch] }
        try run(arguments + ["--", url, directory])
    }
}
