import Foundation
@testable import SpinHost
import Testing

extension ManifestTests {
    /// `files` and `exclude_files` resolved against a real directory tree.
    struct ComponentFilesTests {
        /// app/
        ///   data.txt, notes.md
        ///   static/index.html, static/.hidden, static/secret.txt, static/css/site.css
        ///   static/images -> ../images        (a link inside the application: followed)
        ///   static/escape -> <outside>        (a link out of the application: not followed)
        ///   static/loop -> .                  (a cycle: entered once)
        ///   images/a.png, images/b.jpg, images/sub/c.png
        ///   outside-file.txt -> <outside>/x.txt
        /// outside/x.txt
        final class Layout {
            let base: TemporaryDirectory
            let app: String
            let outside: String

            init() throws {
                base = try TemporaryDirectory()
                app = base.path + "/app"
                outside = base.path + "/outside"
                for directory in ["app/static/css", "app/images/sub", "app/.spin/logs", "outside"] { try base.makeDirectory(directory) }
                for file in [
                    "app/data.txt", "app/notes.md", "app/static/index.html", "app/static/.hidden", "app/static/secret.txt",
                    "app/static/css/site.css", "app/images/a.png", "app/images/b.jpg", "app/images/sub/c.png", "outside/x.txt",
                    "app/.spin/logs/web.log",
                ] {
                    try base.write("content of \(file)", to: file)
                }
                try base.symlink("app/static/images", to: "../images")
                try base.symlink("app/static/escape", to: outside)
                try base.symlink("app/static/loop", to: ".")
                try base.symlink("app/outside-file.txt", to: outside + "/x.txt")
            }

            func files(_ files: String, exclude: String = "[]") throws(ManifestError) -> [String: String] {
                let manifest = try ManifestLoader.parse(
                    """
                    spin_manifest_version = 2
                    [application]
                    name = "files"
                    [component.web]
                    source = "web.wasm"
                    files = \(files)
                    exclude_files = \(exclude)
                    """, applicationDirectory: app)
                let resolved = try ComponentFiles(component: manifest.components[0], manifest: manifest)
                var byGuest: [String: String] = [:]
                for mapping in resolved.mappings {
                    byGuest[mapping.guestPath] = String(mapping.hostPath.dropFirst(app.count))
                }
                return byGuest
            }
        }

        @Test func singleFilesKeepTheirRelativePath() throws {
            let layout = try Layout()
            #expect(try layout.files(#"["data.txt", "./static/index.html"]"#) == ["/data.txt": "/data.txt", "/static/index.html": "/static/index.html"])
        }

        @Test func globsMatchWithinOneDirectory() throws {
            let layout = try Layout()
            #expect(try layout.files(#"["images/*.png"]"#) == ["/images/a.png": "/images/a.png"])
            #expect(try layout.files(#"["*.txt"]"#) == ["/data.txt": "/data.txt"])
            #expect(try layout.files(#"["images/?.[pj]*"]"#) == ["/images/a.png": "/images/a.png", "/images/b.jpg": "/images/b.jpg"])
        }

        @Test func doubleStarMatchesAnyDepth() throws {
            let layout = try Layout()
            #expect(
                try layout.files(#"["images/**/*.png"]"#) == [
                    "/images/a.png": "/images/a.png", "/images/sub/c.png": "/images/sub/c.png",
                ])
            let everything = try layout.files(#"["**/*.css"]"#)
            #expect(everything == ["/static/css/site.css": "/static/css/site.css"])
        }

        /// A directory maps every file below it, following links that stay in
        /// the application (once: no cycles) and skipping those that leave.
        @Test func directoriesMapRecursivelyWithTheLinkPolicy() throws {
            let layout = try Layout()
            #expect(
                try layout.files(#"["static"]"#) == [
                    "/static/index.html": "/static/index.html",
                    "/static/.hidden": "/static/.hidden",
                    "/static/secret.txt": "/static/secret.txt",
                    "/static/css/site.css": "/static/css/site.css",
                    "/static/images/a.png": "/images/a.png",
                    "/static/images/b.jpg": "/images/b.jpg",
                    "/static/images/sub/c.png": "/images/sub/c.png",
                ])
        }

        /// The host's own `.spin` directory (logs, earlier assemblies) is
        /// never swept up by a glob or a walk of the whole application.
        @Test func stateDirectoryIsSkippedUnlessNamed() throws {
            let layout = try Layout()
            #expect(try layout.files(#"["**/*.log"]"#) == [:])
            #expect(try layout.files(#"["./"]"#)["/.spin/logs/web.log"] == nil)
            #expect(try layout.files(#"["./"]"#)["/data.txt"] == "/data.txt")
            #expect(try layout.files(#"[".spin/logs/*"]"#) == ["/.spin/logs/web.log": "/.spin/logs/web.log"])
        }

        @Test func mappingsPlaceDirectoriesAndFiles() throws {
            let layout = try Layout()
            #expect(
                try layout.files(
                    #"[{ source = "images", destination = "/" }, { source = "data.txt", destination = "/etc/config/data" }]"#
                ) == [
                    "/a.png": "/images/a.png", "/b.jpg": "/images/b.jpg", "/sub/c.png": "/images/sub/c.png",
                    "/etc/config/data": "/data.txt",
                ])
        }

        /// Excludes match paths relative to the application directory, for
        /// globs and directory mappings alike.
        @Test func excludesApply() throws {
            let layout = try Layout()
            #expect(
                try layout.files(
                    #"[{ source = "static", destination = "/web" }, "images/**/*"]"#,
                    exclude: #"["static/secret.txt", "**/*.css", "static/images/*", "images/sub/*"]"#
                ) == [
                    "/web/index.html": "/static/index.html", "/web/.hidden": "/static/.hidden",
                    "/images/a.png": "/images/a.png", "/images/b.jpg": "/images/b.jpg",
                ])
        }

        @Test func laterEntriesWinForTheSameGuestPath() throws {
            let layout = try Layout()
            #expect(
                try layout.files(#"["data.txt", { source = "notes.md", destination = "/data.txt" }]"#) == [
                    "/data.txt": "/notes.md"
                ])
        }

        @Test func escapesAreRejected() throws {
            let layout = try Layout()
            #expect(throws: ManifestError(file: "spin.toml", line: 6, context: "component \"web\"", message: "files entry \"../outside/*\" is outside the application directory")) {
                try layout.files(#"["../outside/*"]"#)
            }
            #expect(throws: ManifestError(file: "spin.toml", line: 6, context: "component \"web\"", message: "files entry \"\(layout.outside)/x.txt\" is outside the application directory")) {
                try layout.files("[\"\(layout.outside)/x.txt\"]")
            }
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"web\"", message: "files entry \"outside-file.txt\" is a symbolic link to outside the application directory, or not a file or directory")) {
                try layout.files(#"["outside-file.txt"]"#)
            }
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"web\"", message: "files entry \"static/escape\" is a symbolic link to outside the application directory, or not a file or directory")) {
                try layout.files(#"["static/escape"]"#)
            }
            // A glob does not follow the link out either.
            #expect(try layout.files(#"["static/escape/*"]"#) == [:])
            // Built without the loader's checks, a component still cannot escape.
            let component = ComponentManifest(id: "raw", source: .local(path: "x.wasm"), files: [.placement(source: "..", destination: "/")])
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"raw\"", message: "files source \"..\" is outside the application directory")) {
                try ComponentFiles(component: component, applicationDirectory: layout.app)
            }
        }

        @Test func missingFilesAreErrors() throws {
            let layout = try Layout()
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"web\"", message: "files entry \"missing.txt\" does not exist and is not a glob pattern")) {
                try layout.files(#"["missing.txt"]"#)
            }
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"web\"", message: "files source \"gone\" does not exist")) {
                try layout.files(#"[{ source = "gone", destination = "/" }]"#)
            }
            #expect(try layout.files(#"["nothing/*.x"]"#) == [:])
            #expect(throws: ManifestError(file: "spin.toml", context: "component \"web\"", message: "files: guest path \"/data.txt\" is mapped both as a file and as a directory")) {
                try layout.files(#"["data.txt", { source = "images", destination = "/data.txt" }]"#)
            }
        }

        @Test func assembleLinksTheTreeAndDropsStaleFiles() throws {
            let layout = try Layout()
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = 2
                [application]
                name = "files"
                [component.web]
                source = "web.wasm"
                files = [{ source = "static", destination = "/" }, "data.txt"]
                exclude_files = ["static/images/**"]
                """, applicationDirectory: layout.app)
            let files = try ComponentFiles(component: manifest.components[0], manifest: manifest)
            let target = layout.base.path + "/assembled/web"
            try layout.base.makeDirectory("assembled/web/old")
            try layout.base.write("stale", to: "assembled/web/old/stale.txt")
            try files.assemble(into: target)

            #expect(try layout.base.read("assembled/web/index.html") == "content of app/static/index.html")
            #expect(try layout.base.read("assembled/web/css/site.css") == "content of app/static/css/site.css")
            #expect(try layout.base.read("assembled/web/data.txt") == "content of app/data.txt")
            #expect(!layout.base.exists("assembled/web/old"))
            #expect(!layout.base.exists("assembled/web/images"))
            #expect(!layout.base.exists("assembled/web/escape"))
            let listing = try FileManager.default.subpathsOfDirectory(atPath: target).sorted()
            #expect(listing == [".hidden", "css", "css/site.css", "data.txt", "index.html", "secret.txt"])

            // Hard links share the original's inode.
            let original = try FileManager.default.attributesOfItem(atPath: layout.app + "/data.txt")
            let linked = try FileManager.default.attributesOfItem(atPath: target + "/data.txt")
            #expect(original[.systemFileNumber] as? Int == linked[.systemFileNumber] as? Int)
        }
    }
}
