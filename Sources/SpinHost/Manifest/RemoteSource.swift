import Crypto
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
            let (body, response) = try await URLSession.shared.data(from: requestURL)
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                throw failure("downloading \(url) failed: HTTP status \(http.statusCode)")
            }
            data = body
        } catch let error as ManifestError {
            throw error
        } catch {
            throw failure("downloading \(url) failed: \(error.localizedDescription)")
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
