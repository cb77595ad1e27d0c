import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ComponentFiles {
    /// Materialises the mappings as a tree under `directory` (each file at
    /// `directory` + its guest path), for the host to preopen read-only at
    /// the guest's `/`. Files are hard-linked when the file system allows it
    /// and copied otherwise. `directory` is created if needed, and anything
    /// already in it is removed first, so that files dropped from the
    /// manifest do not linger from an earlier run.
    public func assemble(into directory: String) throws(ManifestError) {
        let manager = FileManager.default
        do {
            if HostPath.kind(of: directory, followingLinks: true) == .directory {
                for item in try manager.contentsOfDirectory(atPath: directory) {
                    try manager.removeItem(atPath: HostPath.join(directory, item))
                }
            } else {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for mapping in mappings {
                let destination = directory + mapping.guestPath
                if let slash = destination.lastIndex(of: "/") {
                    try manager.createDirectory(atPath: String(destination[..<slash]), withIntermediateDirectories: true)
                }
                if link(mapping.hostPath, destination) != 0 {
                    try manager.copyItem(atPath: mapping.hostPath, toPath: destination)
                }
            }
        } catch {
            throw ManifestError(
                file: file, kind: .unreadable, context: ManifestContext.component(componentID),
                message: "cannot assemble the component's files in \(quoted(directory)): \(error.localizedDescription)")
        }
    }
}
