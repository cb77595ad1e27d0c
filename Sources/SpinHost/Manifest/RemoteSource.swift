import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Remote component sources, `source = { url = "https://...", digest =
/// "sha256:..." }`: downloaded once, checked against their SHA-256 digest,
/// and kept in a cache directory under their digest, so that later loads use
/// the cached file without any network access.
///
/// See <https://spinframework.dev/v3/writing-apps#the-component-source>.
public enum RemoteSource {
    /// `~/.cache/spin-swift/wasm`.
    public static var defaultCacheDirectory: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return HostPath.join(home, ".cache/spin-swift/wasm")
    }

    /// Where the file with `digest` (`sha256:<hex>`) is cached.
    public static func cachedPath(digest: String, cacheDirectory: String) -> String {
        HostPath.join(cacheDirectory, digest.replacingOccurrences(of: ":", with: "-") + ".wasm")
    }

    /// The path of a local file holding the content of `url`, verified
    /// against `digest`: the cached copy if there is a good one, else a
    /// fresh download (which is then cached). `componentID` and `file` name
    /// the component and manifest in messages.
    public static func fetch(
        url: String, digest: String, componentID: String, cacheDirectory: String,
        file: String = ManifestLoader.defaultFileName
    ) async throws(ManifestError) -> String {
        let expected = digest.lowercased()
        func failure(_ message: String) -> ManifestError {
            ManifestError(file: file, kind: .remoteSource, context: ManifestContext.component(componentID), message: message)
        }
        let target = cachedPath(digest: expected, cacheDirectory: cacheDirectory)
        if let cached = try? readFileBytes(target) {
            if Self.digest(of: cached) == expected { return target }
            // A damaged cache entry is replaced by a fresh download.
            try? FileManager.default.removeItem(atPath: target)
        }
        guard let requestURL = URL(string: url), let scheme = requestURL.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw failure("source URL \(quoted(url)) is not an http or https URL")
        }
        let data: Data
        do {
            data = try await download(url)
        } catch let error as DownloadFailure {
            throw failure("downloading \(url) failed: \(error.reason)")
        } catch {
            throw failure("downloading \(url) failed: \(error)")
        }
        let actual = Self.digest(of: data)
        guard actual == expected else {
            throw failure("digest mismatch for \(url): the manifest gives \(expected), the download has \(actual)")
        }
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            // Write beside the target and rename, so that a reader never sees half a file.
            let temporary = target + ".download-\(UUID().uuidString)"
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, target) != 0 {
                try? FileManager.default.removeItem(atPath: temporary)
                throw failure("cannot store the download in \(cacheDirectory): \(HostPath.lastErrorText())")
            }
        } catch let error as ManifestError {
            throw error
        } catch {
            throw failure("cannot store the download in \(cacheDirectory): \(error.localizedDescription)")
        }
        return target
    }

    /// The largest download accepted: a component is tens of megabytes (a
    /// Python one about 40 MB), so a bigger answer is a wrong URL.
    static let maximumDownloadBytes = 1 << 30

    /// Follows redirects; a refused connection fails at once instead of
    /// being retried until the connect timeout.
    private static let downloadClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 10, allowCycles: false))
        configuration.timeout = .init(connect: .seconds(30))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private struct DownloadFailure: Error {
        let reason: String
    }

    /// The body of a 2xx answer to GET `url`. Through async-http-client (it
    /// follows redirects), not URLSession: FoundationNetworking would make
    /// every `spin` process load libcurl and some thirty libraries behind it
    /// (RATIONALE.md#a-statically-linked-spin).
    private static func download(_ url: String) async throws -> Data {
        let response = try await downloadClient.execute(HTTPClientRequest(url: url), timeout: .seconds(600))
        guard (200..<300).contains(response.status.code) else {
            throw DownloadFailure(reason: "HTTP status \(response.status.code)")
        }
        do {
            return Data(try await response.body.collect(upTo: maximumDownloadBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw DownloadFailure(reason: "the answer is larger than \(maximumDownloadBytes >> 20) MiB")
        }
    }

    /// `sha256:` and the lowercase hex SHA-256 of `bytes`.
    static func digest<Bytes: DataProtocol>(of bytes: Bytes) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension Manifest {
    /// The host path of every component's Wasm binary, by component id:
    /// local sources made absolute (and checked to exist), remote sources
    /// fetched through the cache in `cacheDirectory`.
    public func resolveSources(
        cacheDirectory: String = RemoteSource.defaultCacheDirectory
    ) async throws(ManifestError) -> [String: String] {
        var paths: [String: String] = [:]
        for component in components {
            let context = ManifestContext.component(component.id)
            switch component.source {
            case .local(let path):
                let absolute = HostPath.absolute(path, relativeTo: applicationDirectory)
                guard HostPath.kind(of: absolute, followingLinks: true) == .file else {
                    throw ManifestError(
                        file: file, kind: .unreadable, context: context,
                        message: "source \(quoted(path)) does not exist or is not a file")
                }
                paths[component.id] = absolute
            case .remote(let url, let digest):
                paths[component.id] = try await RemoteSource.fetch(
                    url: url, digest: digest, componentID: component.id, cacheDirectory: cacheDirectory, file: file)
            case .registry(_, let package, let version):
                throw ManifestError(
                    file: file, kind: .remoteSource, context: context,
                    message: "registry sources (\(package)@\(version)) are not supported by this host")
            }
        }
        return paths
    }
}
