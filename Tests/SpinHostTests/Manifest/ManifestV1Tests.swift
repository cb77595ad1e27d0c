@testable import SpinHost
import Testing

extension ManifestTests {
    /// Version 1 manifests are converted on load into the version 2 model.
    struct ManifestV1Tests {
        /// Spin 1's Redis applications: the trigger's address, each component's channel.
        @Test func version1RedisApplicationIsConverted() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = "1"
                name = "listener"
                trigger = { type = "redis", address = "redis://localhost:6379" }

                [[component]]
                id = "echo"
                source = "echo.wasm"
                [component.trigger]
                channel = "messages"
                """, applicationDirectory: "/legacy")
            #expect(manifest.httpTriggers.isEmpty)
            #expect(manifest.redisTriggers == [RedisTrigger(component: "echo", channel: "messages", address: "redis://localhost:6379")])
            #expect(manifest.components.map(\.id) == ["echo"])
        }

        @Test func version1IsConverted() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_version = "1"
                name = "legacy-app"
                version = "1.0.0"
                description = "A Spin 1 application"
                authors = ["Ada"]
                trigger = { type = "http", base = "/" }

                [variables]
                greeting = { default = "hello" }

                [[component]]
                id = "hello_World"
                source = "hello.wasm"
                description = "Says hello"
                files = ["static/**/*", { source = "data", destination = "/data" }]
                exclude_files = ["static/drafts/*"]
                environment = { MODE = "v1" }
                allowed_http_hosts = ["example.com", "localhost:3001", "https://api.example.com"]
                key_value_stores = ["default"]
                sqlite_databases = ["default"]
                ai_models = ["llama2-chat"]
                config = { message = "{{ greeting }}" }
                [component.trigger]
                route = "/hello/..."
                [component.build]
                command = "cargo build"
                workdir = "hello"
                watch = ["src/**/*.rs"]

                [[component]]
                id = "cgi"
                source = { url = "https://example.com/cgi.wasm", digest = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" }
                allowed_outbound_hosts = ["https://api.example.com"]
                allowed_http_hosts = ["insecure:allow-all"]
                [component.trigger]
                route = "/cgi-bin/run"
                executor = { type = "wagi", argv = "${SCRIPT_NAME} ${ARGS} extra" }
                """, applicationDirectory: "/legacy")
            #expect(manifest.format == .version1)
            #expect(
                manifest.application
                    == ApplicationDetails(name: "legacy-app", version: "1.0.0", description: "A Spin 1 application", authors: ["Ada"], httpBase: "/"))
            #expect(manifest.variables == [ApplicationVariable(name: "greeting", defaultValue: "hello")])
            #expect(manifest.components.map(\.id) == ["hello-world", "cgi"])
            #expect(
                manifest.httpTriggers == [
                    HTTPTrigger(
                        id: "trigger-hello-world", route: .path(try RouteSpec(parsing: "/hello/...")),
                        handler: .component(id: "hello-world", executor: .spin)),
                    HTTPTrigger(
                        id: "trigger-cgi", route: .path(try RouteSpec(parsing: "/cgi-bin/run")),
                        handler: .component(id: "cgi", executor: .wagi(WAGIExecutorConfig(argv: "${SCRIPT_NAME} ${ARGS} extra")))),
                ])

            let hello = try #require(manifest.component(id: "hello-world"))
            #expect(
                hello
                    == ComponentManifest(
                        id: "hello-world", source: .local(path: "hello.wasm"), description: "Says hello",
                        variables: ["message": "{{ greeting }}"], environment: ["MODE": "v1"],
                        files: [.pattern("static/**/*"), .placement(source: "data", destination: "/data")],
                        excludeFiles: ["static/drafts/*"],
                        allowedOutboundHosts: [
                            "redis://*:*", "mysql://*:*", "postgres://*:*",
                            "http://example.com", "https://example.com",
                            "http://localhost:3001", "https://localhost:3001",
                            "http://api.example.com", "https://api.example.com",
                        ],
                        keyValueStores: ["default"], sqliteDatabases: ["default"], aiModels: ["llama2-chat"],
                        build: BuildConfiguration(commands: ["cargo build"], workdir: "hello", watch: ["src/**/*.rs"])))

            let cgi = try #require(manifest.component(id: "cgi"))
            #expect(cgi.allowedOutboundHosts == ["https://api.example.com", "http://*:*", "https://*:*", "http://self"])
        }

        @Test func spinManifestVersionStringOneIsVersion1() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = "1"
                name = "minimal-v1"
                trigger = { type = "http" }
                """, applicationDirectory: "/app")
            #expect(manifest.format == .version1)
            #expect(manifest.application == ApplicationDetails(name: "minimal-v1"))
            #expect(manifest.components.isEmpty)
        }

        @Test func version1PrivateRoutesAndIDConversions() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_version = "1"
                name = "ids"
                trigger = { type = "http", base = "/base" }
                [[component]]
                id = "snake_case"
                source = "a.wasm"
                trigger = { route = "/a" }
                [[component]]
                id = "mixedCase"
                source = "b.wasm"
                trigger = { route = { private = true } }
                """, applicationDirectory: "/app")
            #expect(manifest.components.map(\.id) == ["snake-case", "mixedcase"])
            #expect(manifest.httpTriggers.map(\.id) == ["trigger-snake-case", "trigger-mixedcase"])
            #expect(manifest.httpTriggers[1].route == .privateEndpoint)
            #expect(manifest.warnings == ["spin.toml: the HTTP trigger base \"/base\" is ignored (Spin 3 removed it); put the prefix in each route instead"])
        }
    }
}
