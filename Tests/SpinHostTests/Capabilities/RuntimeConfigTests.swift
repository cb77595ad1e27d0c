import Testing
@testable import SpinHost

struct RuntimeConfigTests {
    @Test func anUnclaimedTopLevelTableIsAnErrorNamingItsLine() throws {
        let config = try RuntimeConfig.parse("state_dir = \"x\"\n\n[key_vaule_store.default]\ntype = \"spin\"\n",
                                             file: "rc.toml", directory: "/tmp")
        #expect(throws: ManifestError.self) { try config.rejectUnclaimedTables(["key_value_store", "state_dir"]) }
        do {
            try config.rejectUnclaimedTables(["key_value_store", "state_dir"])
        } catch {
            #expect(error.description.hasPrefix("rc.toml:3:"))
            #expect(error.description.contains("key_vaule_store"))
        }
    }

    @Test func variablesProvidersComeBeforeTheDefaultEnvironmentProvider() throws {
        let config = try RuntimeConfig.parse("[[variables_provider]]\ntype = \"static\"\nvalues = { token = \"s3cret\" }\n",
                                             file: "rc.toml", directory: "/tmp")
        let providers = try VariablesProviders.from(config)
        #expect(providers.count == 2)
        #expect(providers[0].value(of: "token") == "s3cret")
    }

    @Test func dotenvLines() {
        let parsed = EnvironmentVariablesProvider.parseDotenv("""
            # comment
            SPIN_VARIABLE_A=1
            export SPIN_VARIABLE_B = "two words"
            SPIN_VARIABLE_C=three # trailing
            """)
        #expect(parsed == ["SPIN_VARIABLE_A": "1", "SPIN_VARIABLE_B": "two words", "SPIN_VARIABLE_C": "three"])
    }

    @Test func requiredVariableWithoutAValueStopsStartUp() throws {
        let manifest = try ManifestLoader.parse("""
            spin_manifest_version = 2
            [application]
            name = "v"
            [variables]
            token = { required = true, secret = true }
            """, applicationDirectory: "/tmp")
        #expect(throws: SpinError.self) {
            try ApplicationVariables(manifest: manifest, providers: [EnvironmentVariablesProvider(environment: [:], dotenvPath: nil)])
        }
        let resolved = try ApplicationVariables(
            manifest: manifest, providers: [EnvironmentVariablesProvider(environment: ["SPIN_VARIABLE_TOKEN": "t"], dotenvPath: nil)])
        #expect(try resolved.expand("Bearer {{ token }}", in: "test") == "Bearer t")
    }
}
