import Foundation
@testable import SpinHost
import Testing

extension ManifestTests {
    /// Remote component sources against a local HTTP server: downloaded once,
    /// checked against their digest, then served from the cache without network.
    @Suite(.serialized)
    struct RemoteSourceTests {
        /// SHA-256 of the five bytes `hello`.
        static let helloDigest = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

        @Test func downloadsOnceThenUsesTheCache() async throws {
            let directory = try TemporaryDirectory()
            try directory.makeDirectory("served")
            try directory.write("hello", to: "served/component.wasm")
            let cache = directory.path + "/cache"
            let server = try LocalHTTPServer(serving: directory.path + "/served")
            let url = server.url("component.wasm")

            let path = try await RemoteSource.fetch(url: url, digest: Self.helloDigest, componentID: "remote", cacheDirectory: cache)
            #expect(path == cache + "/sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.wasm")
            #expect(try directory.read("cache/sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.wasm") == "hello")

            // With the server gone, the cached copy is all there is.
            server.stop()
            let again = try await RemoteSource.fetch(url: url, digest: Self.helloDigest, componentID: "remote", cacheDirectory: cache)
            #expect(again == path)
            #expect(try FileManager.default.contentsOfDirectory(atPath: cache) == [String(path.dropFirst(cache.count + 1))])
        }

        @Test func digestMismatchNamesTheComponentAndBothDigests() async throws {
            let directory = try TemporaryDirectory()
            try directory.makeDirectory("served")
            try directory.write("hello", to: "served/component.wasm")
            let server = try LocalHTTPServer(serving: directory.path + "/served")
            let url = server.url("component.wasm")
            let wrong = "sha256:" + String(repeating: "0", count: 64)
            await #expect(
                throws: ManifestError(
                    file: "spin.toml", kind: .remoteSource, context: "component \"remote\"",
                    message: "digest mismatch for \(url): the manifest gives \(wrong), the download has \(Self.helloDigest)")
            ) {
                try await RemoteSource.fetch(url: url, digest: wrong, componentID: "remote", cacheDirectory: directory.path + "/cache")
            }
            #expect(!directory.exists("cache/sha256-" + String(repeating: "0", count: 64) + ".wasm"))
        }

        @Test func httpErrorsAndUnreachableServersAreReported() async throws {
            let directory = try TemporaryDirectory()
            try directory.makeDirectory("served")
            let server = try LocalHTTPServer(serving: directory.path + "/served")
            let missing = server.url("missing.wasm")
            await #expect(
                throws: ManifestError(
                    file: "spin.toml", kind: .remoteSource, context: "component \"remote\"",
                    message: "downloading \(missing) failed: HTTP status 404")
            ) {
                try await RemoteSource.fetch(url: missing, digest: Self.helloDigest, componentID: "remote", cacheDirectory: directory.path + "/cache")
            }
            server.stop()
            do {
                _ = try await RemoteSource.fetch(url: missing, digest: Self.helloDigest, componentID: "remote", cacheDirectory: directory.path + "/cache")
                Issue.record("downloaded from a stopped server")
            } catch {
                #expect(error.kind == .remoteSource)
                #expect(error.description.hasPrefix("spin.toml: component \"remote\": downloading \(missing) failed: "))
            }
        }

        @Test func aDamagedCacheEntryIsDownloadedAgain() async throws {
            let directory = try TemporaryDirectory()
            try directory.makeDirectory("served")
            try directory.makeDirectory("cache")
            try directory.write("hello", to: "served/component.wasm")
            let cached = "cache/sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.wasm"
            try directory.write("tampered", to: cached)
            let server = try LocalHTTPServer(serving: directory.path + "/served")
            _ = try await RemoteSource.fetch(
                url: server.url("component.wasm"), digest: Self.helloDigest, componentID: "remote", cacheDirectory: directory.path + "/cache")
            #expect(try directory.read(cached) == "hello")
        }

        /// What `spin up` calls: every component's binary as a host path.
        @Test func manifestSourcesResolveToHostPaths() async throws {
            let directory = try TemporaryDirectory()
            try directory.makeDirectory("served")
            try directory.makeDirectory("app")
            try directory.write("hello", to: "served/component.wasm")
            try directory.write("local", to: "app/local.wasm")
            let server = try LocalHTTPServer(serving: directory.path + "/served")
            try directory.write(
                """
                spin_manifest_version = 2
                [application]
                name = "sources"
                [[trigger.http]]
                route = "/remote"
                component = "remote"
                [[trigger.http]]
                route = "/local"
                component = "local"
                [component.remote]
                source = { url = "\(server.url("component.wasm"))", digest = "\(Self.helloDigest.uppercased().replacingOccurrences(of: "SHA256", with: "sha256"))" }
                [component.local]
                source = "local.wasm"
                [component.missing]
                source = "missing.wasm"
                """, to: "app/spin.toml")
            let manifest = try ManifestLoader.load(from: directory.path + "/app")
            let cache = directory.path + "/cache"
            await #expect(
                throws: ManifestError(
                    file: directory.path + "/app/spin.toml", kind: .unreadable, context: "component \"missing\"",
                    message: "source \"missing.wasm\" does not exist or is not a file")
            ) {
                try await manifest.resolveSources(cacheDirectory: cache)
            }
            try directory.write("", to: "app/missing.wasm")
            let paths = try await manifest.resolveSources(cacheDirectory: cache)
            #expect(
                paths == [
                    "local": directory.path + "/app/local.wasm",
                    "missing": directory.path + "/app/missing.wasm",
                    "remote": RemoteSource.cachedPath(digest: Self.helloDigest, cacheDirectory: cache),
                ])
        }
    }
}
