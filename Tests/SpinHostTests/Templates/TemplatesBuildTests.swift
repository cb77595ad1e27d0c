import Foundation
@testable import SpinHost
import Testing
import WATSupport

/// The shipped C and Zig templates for real: `spin new` through the CLI,
/// the manifest's own build command run as `spin build` runs it (through
/// the shell, in the component's directory), and the module run by
/// `spin wasm run` with CGI variables, as the WAGI executor will run it.
@Suite(.enabled(if: (ExternalTool.hasZig && TemplatesFixtures.spinBinary != nil) || ExternalTool.isCI,
                "needs zig (pip install ziglang==0.17.0) and the spin executable built beside the tests"))
struct TemplatesBuildTests {
    private func spin() throws -> String {
        try #require(TemplatesFixtures.spinBinary, "the spin executable was not built beside the test bundle")
    }

    /// `spin new -t TEMPLATE NAME --accept-defaults` in `work`, with an empty user template directory.
    private func new(_ template: String, _ name: String, in work: TemporaryDirectory, _ extra: [String] = []) throws {
        let result = try TemplatesFixtures.execute(
            try spin(), ["new", "-t", template, name, "--accept-defaults"] + extra, in: work.path,
            environment: ["SPIN_TEMPLATES_HOME": work.path + "/user-templates"])
        #expect(result.status == 0, "spin new failed: \(result.errors)")
    }

    /// Runs the `command` of the manifest's (only) build table in `directory`.
    private func build(in directory: String) throws {
        let manifest = try String(contentsOfFile: directory + "/spin.toml", encoding: .utf8)
        let line = try #require(manifest.split(separator: "\n").first { $0.hasPrefix("command = \"") })
        let command = String(line.dropFirst("command = \"".count).dropLast())
        let result = try TemplatesFixtures.execute("/bin/sh", ["-c", command], in: directory)
        #expect(result.status == 0, "\(command) failed: \(result.errors)")
    }

    private func wagi(_ module: String, in directory: String, path: String, files: String? = nil) throws -> String {
        var arguments = ["wasm", "run", "-e", "REQUEST_METHOD=GET", "-e", "PATH_INFO=\(path)", "-e", "SERVER_SOFTWARE=spin-swift"]
        if let files { arguments += ["--dir", "\(files)::/::readonly"] }
        let result = try TemplatesFixtures.execute(try spin(), arguments + [module], in: directory)
        #expect(result.status == 0, "spin wasm run failed: \(result.errors)")
        return result.output
    }

    @Test func httpCBuildsAndPrintsACGIResponse() throws {
        let work = try TemporaryDirectory()
        try new("http-c", "hello-c", in: work)
        let app = work.path + "/hello-c"
        try build(in: app)
        #expect(FileManager.default.fileExists(atPath: app + "/main.wasm"))
        let output = try wagi("main.wasm", in: app, path: "/greet")
        #expect(output == "Content-Type: text/plain\n\nHello from hello-c!\nGET /greet\n")
    }

    @Test func httpZigBuildsAndPrintsACGIResponse() throws {
        let work = try TemporaryDirectory()
        try new("http-zig", "hello-zig", in: work)
        let app = work.path + "/hello-zig"
        try build(in: app)
        let output = try wagi("main.wasm", in: app, path: "/")
        #expect(output == "Content-Type: text/plain\n\nHello from hello-zig!\nGET /\n")
    }

    @Test func staticFileServerServesFilesAndRefusesEscapes() throws {
        let work = try TemporaryDirectory()
        try new("static-fileserver", "site", in: work)
        let app = work.path + "/site"
        try build(in: app)
        try work.makeDirectory("site/assets/css")
        try work.write("body { color: red; }\n", to: "site/assets/css/site.css")
        try work.write("secret\n", to: "site/secret.txt")
        let assets = app + "/assets"

        let index = try wagi("fileserver.wasm", in: app, path: "/", files: assets)
        #expect(index.hasPrefix("Content-Type: text/html; charset=utf-8\n\n<!DOCTYPE html>"))
        #expect(index.contains("<title>site</title>"))
        #expect(try wagi("fileserver.wasm", in: app, path: "/css/site.css", files: assets)
            == "Content-Type: text/css; charset=utf-8\n\nbody { color: red; }\n")
        #expect(try wagi("fileserver.wasm", in: app, path: "/missing.png", files: assets).hasPrefix("Status: 404 Not Found\n"))
        #expect(try wagi("fileserver.wasm", in: app, path: "/../secret.txt", files: assets).hasPrefix("Status: 404 Not Found\n"))
        #expect(try wagi("fileserver.wasm", in: app, path: "/css/%2E%2E/%2e%2e/secret.txt", files: assets).hasPrefix("Status: 404"))
        #expect(try wagi("fileserver.wasm", in: app, path: "/css", files: assets).hasPrefix("Status: 404"))  // no index.html
    }
}
