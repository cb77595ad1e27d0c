import Foundation
@testable import SpinHost
import Testing
import WATSupport

/// The `spin new`, `spin add` and `spin templates` commands end to end.
@Suite(.enabled(if: TemplatesFixtures.spinBinary != nil || ExternalTool.isCI, "needs the spin executable built beside the tests"))
struct TemplatesCommandTests {
    private func spin(_ arguments: [String], in work: TemporaryDirectory, input: String = "") throws -> (status: Int32, output: String, errors: String) {
        let binary = try #require(TemplatesFixtures.spinBinary, "the spin executable was not built beside the test bundle")
        return try TemplatesFixtures.execute(binary, arguments, in: work.path,
                                            environment: ["SPIN_TEMPLATES_HOME": work.path + "/user-templates"], input: input)
    }

    @Test func newAsksOnStandardInputThenAddAppends() throws {
        let work = try TemporaryDirectory()
        // A refused answer is asked again; an empty answer takes the default.
        let new = try spin(["new", "-t", "http-c", "shop"], in: work, input: "The shop\nno-slash\n\n")
        #expect(new.status == 0, "\(new.errors)")
        #expect(new.errors.contains("Description: HTTP path [/...]: Invalid value:"))
        let manifest = try work.read("shop/spin.toml")
        #expect(manifest.contains("description = \"The shop\"") && manifest.contains("route = \"/...\""))

        let before = manifest + "# added by hand\n"
        try work.write(before, to: "shop/spin.toml")
        let add = try spin(["add", "-t", "http-go", "api", "-a", "--value", "http-path=/api/...", "-f", "shop"], in: work)
        #expect(add.status == 0, "\(add.errors)")
        let after = try work.read("shop/spin.toml")
        #expect(after.hasPrefix(before))
        #expect(after.contains("[component.api]\nsource = \"api/main.wasm\""))
        #expect(work.exists("shop/api/go.mod"))

        let duplicate = try spin(["add", "-t", "http-zig", "api", "-a", "-f", "shop/spin.toml"], in: work)
        #expect(duplicate.status != 0)
        #expect(duplicate.errors.contains("already has a component \"api\""))
        #expect(try work.read("shop/spin.toml") == after)

        let taken = try spin(["new", "-t", "http-c", "shop", "-a"], in: work)
        #expect(taken.status != 0 && taken.errors.contains("already exists and is not empty"))
        let badName = try spin(["new", "-t", "http-c", "Shop_2", "-a"], in: work)
        #expect(badName.status != 0 && badName.errors.contains("kebab-case"))
    }

    @Test func templatesListInstallUninstall() throws {
        let work = try TemporaryDirectory()
        let list = try spin(["templates", "list"], in: work)
        #expect(list.status == 0)
        for id in TemplatesFixtures.builtInIDs { #expect(list.output.contains("| \(id) ")) }

        try work.makeDirectory("source/templates/extra/metadata")
        try work.write("manifest_version = \"1\"\nid = \"extra\"\ndescription = \"An extra template\"\n",
                       to: "source/templates/extra/metadata/spin-template.toml")
        let install = try spin(["templates", "install", "--dir", "source"], in: work)
        #expect(install.status == 0, "\(install.errors)")
        #expect(install.output.hasPrefix("Installed 1 template(s)"))
        let verbose = try spin(["templates", "list", "--verbose"], in: work)
        #expect(verbose.output.contains("Installed from"))
        #expect(verbose.output.contains(work.path + "/source"))
        #expect(verbose.output.contains("built-in"))

        let uninstall = try spin(["templates", "uninstall", "extra"], in: work)
        #expect(uninstall.status == 0)
        #expect(try !spin(["templates", "list"], in: work).output.contains("extra"))
        #expect(try spin(["templates", "install"], in: work).status != 0)
    }
}
