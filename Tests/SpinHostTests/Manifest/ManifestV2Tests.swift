@testable import SpinHost
import Testing

extension ManifestTests {
    /// Version 2 manifests that are valid, read into the model.
    struct ManifestV2Tests {
        static let everyField = """
            spin_manifest_version = 2

            [application]
            name = "shop"
            version = "1.2.3"
            description = "Everything a manifest can say"
            authors = ["Ada <ada@example.com>", "Grace"]
            targets = ["spin-up:3.2", { url = "https://example.com/env.toml" }]

            [application.trigger.http]
            base = "/"

            [application.tool.lint]
            level = "strict"

            [variables]
            api_host = { description = "Where the API lives", default = "api.example.com" }
            token = { required = true, secret = true }

            [[trigger.http]]
            route = "/cart/..."
            component = "cart"

            [[trigger.http]]
            id = "checkout-trigger"
            route = "/cart/checkout"
            component = "cart"
            executor = { type = "spin" }

            [[trigger.http]]
            route = "/cgi/:name"
            component = "legacy"
            executor = { type = "wagi", argv = "${SCRIPT_NAME} -v ${ARGS}", entrypoint = "main" }

            [[trigger.http]]
            route = "/old"
            component = "legacy"
            executor = { type = "wagi" }

            [[trigger.http]]
            route = { private = true }
            component = "internal"

            [[trigger.http]]
            route = "/bob"
            static_response = { status_code = 302, headers = { location = "/users/bob" } }

            [[trigger.http]]
            route = "/..."
            static_response = { status_code = 404, body = "not found" }

            [[trigger.http]]
            route = "/inline"
            component = { source = "inline.wasm", environment = { MODE = "inline" } }

            [component.cart]
            source = "target/cart.wasm"
            description = "The shopping cart"
            variables = { api_url = "https://{{ api_host }}/v1" }
            environment = { DB_URL = "sqlite://cart.db", EMPTY = "" }
            files = ["static/*.html", { source = "assets", destination = "/assets" }]
            exclude_files = ["assets/secret/**"]
            allowed_outbound_hosts = ["https://{{ api_host }}", "redis://cache:6379"]
            allowed_http_hosts = ["example.com:8080"]
            key_value_stores = ["default", "user_data", "sessions-v2"]
            sqlite_databases = ["default"]
            ai_models = ["llama2-chat"]
            targets = ["spin-up:3.2"]
            dependencies_inherit_configuration = true

            [component.cart.build]
            command = ["npm install", "npm run build"]
            workdir = "cart"
            watch = ["src/**/*.ts"]

            [component.cart.tool.clean]
            command = "rm -rf target"

            [component.cart.dependencies]
            "example:calculator/adder" = ">= 0.1.0"
            "example:local" = { path = "dep.wasm", export = "add" }
            "example:remote" = { url = "https://example.com/dep.wasm", digest = "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824" }
            "example:sibling" = { component = "internal", inherit_configuration = ["allowed_outbound_hosts"] }

            [component.cart.profile.debug]
            source = "target/debug/cart.wasm"
            environment = { LOG = "debug" }
            build.command = "npm run build:debug"

            [component.legacy]
            source = { url = "https://example.com/legacy.wasm", digest = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" }

            [component.internal]
            source = "internal.wasm"
            build = { command = "make" }
            """

        @Test func everyFieldIsRead() throws {
            let manifest = try ManifestLoader.parse(Self.everyField, applicationDirectory: "/srv/shop")
            #expect(manifest.format == .version2)
            #expect(manifest.applicationDirectory == "/srv/shop")
            #expect(manifest.warnings == [])
            #expect(
                manifest.application
                    == ApplicationDetails(
                        name: "shop", version: "1.2.3", description: "Everything a manifest can say",
                        authors: ["Ada <ada@example.com>", "Grace"],
                        targets: ["spin-up:3.2", "https://example.com/env.toml"], httpBase: "/"))
            #expect(
                manifest.variables == [
                    ApplicationVariable(name: "api_host", description: "Where the API lives", defaultValue: "api.example.com"),
                    ApplicationVariable(name: "token", required: true, secret: true),
                ])
            // In the order they are declared, as Spin keeps them; inline components after the others.
            #expect(manifest.components.map(\.id) == ["cart", "legacy", "internal", "http-trigger4-component"])

            let cart = try #require(manifest.component(id: "cart"))
            #expect(cart.source == .local(path: "target/cart.wasm"))
            #expect(manifest.sourcePath(of: cart) == "/srv/shop/target/cart.wasm")
            #expect(cart.description == "The shopping cart")
            #expect(cart.variables == ["api_url": "https://{{ api_host }}/v1"])
            #expect(cart.environment == ["DB_URL": "sqlite://cart.db", "EMPTY": ""])
            #expect(cart.files == [.pattern("static/*.html"), .placement(source: "assets", destination: "/assets")])
            #expect(cart.excludeFiles == ["assets/secret/**"])
            #expect(
                cart.allowedOutboundHosts == [
                    "https://{{ api_host }}", "redis://cache:6379", "http://example.com:8080", "https://example.com:8080",
                ])
            #expect(cart.keyValueStores == ["default", "user_data", "sessions-v2"])
            #expect(cart.sqliteDatabases == ["default"])
            #expect(cart.aiModels == ["llama2-chat"])
            #expect(cart.targets == ["spin-up:3.2"])
            #expect(cart.dependenciesInheritConfiguration)
            #expect(cart.build == BuildConfiguration(commands: ["npm install", "npm run build"], workdir: "cart", watch: ["src/**/*.ts"]))
            #expect(
                cart.dependencies == [
                    ComponentDependency(name: "example:calculator/adder", source: .package(version: ">= 0.1.0", registry: nil, package: nil)),
                    ComponentDependency(name: "example:local", source: .local(path: "dep.wasm"), export: "add"),
                    ComponentDependency(
                        name: "example:remote",
                        source: .remote(
                            url: "https://example.com/dep.wasm",
                            digest: "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")),
                    ComponentDependency(
                        name: "example:sibling", source: .applicationComponent(id: "internal"),
                        inheritedConfiguration: .some(["allowed_outbound_hosts"])),
                ])
            #expect(
                cart.profiles == [
                    "debug": ComponentProfile(
                        source: .local(path: "target/debug/cart.wasm"), environment: ["LOG": "debug"],
                        buildCommands: ["npm run build:debug"])
                ])

            let legacy = try #require(manifest.component(id: "legacy"))
            #expect(
                legacy.source
                    == .remote(
                        url: "https://example.com/legacy.wasm",
                        digest: "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
            #expect(manifest.sourcePath(of: legacy) == nil)
            #expect(manifest.component(id: "internal")?.build == BuildConfiguration(commands: ["make"]))
        }

        @Test func triggersKeepOrderAndGetSpinsIDs() throws {
            let manifest = try ManifestLoader.parse(Self.everyField, applicationDirectory: "/srv/shop")
            let triggers = manifest.httpTriggers
            #expect(
                triggers.map(\.id) == [
                    "cart-http-trigger", "checkout-trigger", "legacy-http-trigger", "http-trigger1",
                    "internal-http-trigger", "http-trigger2", "http-trigger3", "http-trigger4",
                ])
            #expect(triggers[0].route.spec?.text == "/cart/...")
            #expect(triggers[0].handler == .component(id: "cart", executor: .spin))
            #expect(triggers[1].handler == .component(id: "cart", executor: .spin))
            #expect(
                triggers[2].handler
                    == .component(id: "legacy", executor: .wagi(WAGIExecutorConfig(argv: "${SCRIPT_NAME} -v ${ARGS}", entrypoint: "main"))))
            #expect(triggers[2].route.spec?.parameterNames == ["name"])
            #expect(triggers[3].executor == .wagi(WAGIExecutorConfig(argv: "${SCRIPT_NAME} ${ARGS}", entrypoint: "_start")))
            #expect(triggers[4].route == .privateEndpoint)
            #expect(triggers[4].componentID == "internal")
            #expect(
                triggers[5].handler
                    == .staticResponse(StaticResponse(statusCode: 302, headers: [.init(name: "location", value: "/users/bob")])))
            #expect(triggers[6].handler == .staticResponse(StaticResponse(statusCode: 404, body: "not found")))
            #expect(triggers[6].componentID == nil)
            #expect(triggers[6].route.spec?.hasTrailingWildcard == true)
            #expect(triggers[6].route.spec?.prefix == "/")
        }

        @Test func inlineComponentsMoveIntoComponents() throws {
            let manifest = try ManifestLoader.parse(Self.everyField, applicationDirectory: "/srv/shop")
            let inline = try #require(manifest.httpTriggers.last)
            #expect(inline.componentID == "http-trigger4-component")
            let component = try #require(manifest.component(id: "http-trigger4-component"))
            #expect(component.source == .local(path: "inline.wasm"))
            #expect(component.environment == ["MODE": "inline"])
        }

        /// Spin's naming of inline components: `<trigger id>-component`, else
        /// the first free `inline-component<N>`.
        @Test func inlineComponentIDsFollowSpin() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = 2
                [application]
                name = "ids"
                [[trigger.http]]
                route = "/hello"
                component = "hello"
                [[trigger.http]]
                id = "admin-handler"
                route = "/admin"
                component = { source = "admin.wasm" }
                [[trigger.http]]
                route = "/other"
                component = { source = "other.wasm" }
                [[trigger.http]]
                id = "Not Kebab"
                route = "/odd"
                component = { source = "odd.wasm" }
                [[trigger.http]]
                id = "taken"
                route = "/taken"
                component = { source = "taken.wasm" }
                [component.hello]
                source = "hello.wasm"
                [component.taken-component]
                source = "already.wasm"
                """, applicationDirectory: "/app")
            #expect(
                manifest.httpTriggers.map(\.id) == ["hello-http-trigger", "admin-handler", "http-trigger1", "Not Kebab", "taken"])
            #expect(
                manifest.httpTriggers.compactMap(\.componentID) == [
                    "hello", "admin-handler-component", "http-trigger1-component", "inline-component1", "inline-component2",
                ])
        }

        @Test func minimalManifestsNeedNoTriggersOrComponents() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = 2
                [application]
                name = "empty"
                """, applicationDirectory: "/app")
            #expect(manifest.application == ApplicationDetails(name: "empty"))
            #expect(manifest.httpTriggers.isEmpty && manifest.components.isEmpty && manifest.variables.isEmpty)
        }

        @Test func warningsForIgnoredBaseReservedRoutesAndRepeatedRoutes() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = 2
                [application]
                name = "warned"
                trigger.http.base = "/api"
                [[trigger.http]]
                route = "/.well-known/spin/mine"
                component = "a"
                [[trigger.http]]
                route = "/a"
                component = "a"
                [[trigger.http]]
                route = "/a/"
                component = "a"
                [component.a]
                source = "a.wasm"
                """, applicationDirectory: "/app")
            #expect(
                manifest.warnings == [
                    "spin.toml:6: route \"/.well-known/spin/mine\" is under /.well-known/spin/, which the host answers itself; it will never be reached",
                    "spin.toml:9: route \"/a\" is declared again for component \"a\" as \"/a/\" (line 12)",
                    "spin.toml: the HTTP trigger base \"/api\" is ignored (Spin 3 removed it); put the prefix in each route instead",
                ])
        }

        /// Spin serves a duplicate route from the trigger declared later and
        /// logs that the earlier one "will never be used" (its routes crate,
        /// `DuplicateRoute`); the app starts. This is what `spin add` of a
        /// second `/...` template component used to break.
        @Test func duplicateRoutesAreWarningsNamingBothAndTheLaterWins() throws {
            let manifest = try ManifestLoader.parse(
                """
                spin_manifest_version = 2
                [application]
                name = "dup"
                [[trigger.http]]
                route = "/..."
                component = "hello"
                [[trigger.http]]
                route = "/..."
                component = "api"
                [[trigger.http]]
                route = "/users/:id"
                component = "hello"
                [[trigger.http]]
                route = "/users/:name/"
                static_response = { body = "x" }
                [[trigger.http]]
                route = "/a//*"
                component = "api"
                [[trigger.http]]
                route = "/a/..."
                component = "api"
                executor = { type = "wagi" }
                [component.hello]
                source = "hello.wasm"
                [component.api]
                source = "api.wasm"
                """, applicationDirectory: "/app")
            #expect(
                manifest.warnings == [
                    "spin.toml:5: route \"/...\" of component \"hello\" is a duplicate and will never be used: component \"api\" declares the same route later (line 8) and serves it",
                    "spin.toml:11: route \"/users/:id\" of component \"hello\" is a duplicate and will never be used: the static response of trigger \"http-trigger2\" declares the same route later as \"/users/:name/\" (line 14) and serves it",
                    "spin.toml:17: route \"/a//*\" of component \"api\" is a duplicate and will never be used: component \"api\" declares the same route later as \"/a/...\" (line 20) and serves it",
                ])
            #expect(manifest.httpTriggers.count == 6)
            #expect(manifest.components.map(\.id) == ["hello", "api"])
        }

        @Test func loadFindsSpinTomlInADirectory() throws {
            let directory = try TemporaryDirectory()
            try directory.write(
                """
                spin_manifest_version = 2
                [application]
                name = "on-disk"
                [[trigger.http]]
                route = "/..."
                component = "web"
                [component.web]
                source = "web.wasm"
                """, to: "spin.toml")
            let fromDirectory = try ManifestLoader.load(from: directory.path)
            #expect(fromDirectory.file == directory.path + "/spin.toml")
            #expect(fromDirectory.applicationDirectory == directory.path)
            let fromFile = try ManifestLoader.load(from: directory.path + "/spin.toml")
            #expect(fromFile == fromDirectory)
            #expect(fromFile.sourcePath(of: fromFile.components[0]) == directory.path + "/web.wasm")
        }

        @Test func missingFileIsAnError() {
            #expect(throws: ManifestError(file: "/nonexistent/spin.toml", kind: .unreadable, message: "cannot read the manifest: No such file or directory")) {
                try ManifestLoader.load(from: "/nonexistent/spin.toml")
            }
        }
    }
}
