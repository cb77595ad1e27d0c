#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guest path resolved beneath a directory descriptor: the directory that
/// holds the last component (open, closed with this object) and that
/// component's name. Operations then use the `*at` calls on `(parent, name)`
/// and never let the host follow a final symbolic link themselves
/// (`O_NOFOLLOW`, `AT_SYMLINK_NOFOLLOW`), so a link swapped in after
/// resolution fails with `loop` instead of escaping.
final class ResolvedPath {
    /// The directory holding `name`: the starting descriptor or one opened
    /// during the walk.
    let parent: Int32
    /// One path component, never empty, never containing "/"; "." when the
    /// path names `parent` itself.
    let name: [UInt8]
    /// The path ended in "/" (or in a link to such a path): it must name a directory.
    let mustBeDirectory: Bool
    private let ownsParent: Bool

    init(parent: Int32, ownsParent: Bool, name: [UInt8], mustBeDirectory: Bool) {
        self.parent = parent
        self.ownsParent = ownsParent
        self.name = name
        self.mustBeDirectory = mustBeDirectory
    }

    deinit {
        if ownsParent { HostFileSystem.close(parent) }
    }

    var namesParentItself: Bool { name == PathResolution.dot }
}

/// Resolves guest paths inside a directory capability (see
/// https://github.com/WebAssembly/wasi-filesystem/blob/main/path-resolution.md):
/// component by component with `openat(O_NOFOLLOW)`, expanding symbolic links
/// ourselves, so that no step can leave the starting directory.
///
/// - An absolute path, a ".." above the start, or a symbolic link whose
///   target is absolute is `errno::perm`, which is what wasmtime returns
///   (its `ErrorCode::NotPermitted`) for all three.
/// - A symbolic link is followed only inside the start directory; relative
///   targets are walked with the same rules, so `../` in a target cannot
///   escape either. More than `maximumExpansions` links is `errno::loop`.
/// - The last component is followed only with `lookupflags::symlink_follow`
///   (or a trailing "/"); otherwise the operation sees the link itself.
enum PathResolution {
    static let maximumExpansions = 40
    /// Longest path accepted from a guest (Linux's `PATH_MAX`).
    static let maximumPathLength = 4096
    /// Most directories a walk holds open at once (each is a host
    /// descriptor, and descriptors are shared by every request in the
    /// process); deeper paths are `nametoolong`.
    static let maximumDepth = 256
    static let dot: [UInt8] = [UInt8(ascii: ".")]
    static let dotDot: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: ".")]
    static let slash = UInt8(ascii: "/")

    #if os(Linux)
    /// `O_PATH` lets the walk pass through directories it may search but not list.
    private static let walkFlags = HostConstants.openPath | O_DIRECTORY | O_NOFOLLOW
    #else
    private static let walkFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW
    #endif

    /// Resolves `path` beneath the directory `start`.
    static func resolve(_ path: [UInt8], in start: Int32, followFinalSymlink: Bool) throws(WASIErrno) -> ResolvedPath {
        guard !path.isEmpty else { throw .noent }
        guard !path.contains(0) else { throw .inval }
        guard path.first != slash else { throw .perm }
        var pending = components(of: path)
        var mustBeDirectory = path.last == slash
        // The directories opened so far; the last is the current one.
        var opened: [Int32] = []
        var expansions = 0
        func finish(_ name: [UInt8]) -> ResolvedPath {
            let parent = opened.popLast()
            for descriptor in opened { HostFileSystem.close(descriptor) }
            return ResolvedPath(parent: parent ?? start, ownsParent: parent != nil, name: name,
                                mustBeDirectory: mustBeDirectory)
        }
        func abandon() {
            for descriptor in opened { HostFileSystem.close(descriptor) }
            opened.removeAll()
        }

        while let component = pending.popLast() {
            let current = opened.last ?? start
            let isLast = pending.isEmpty
            if component == dot {
                if isLast { return finish(dot) }
                continue
            }
            if component == dotDot {
                guard let left = opened.popLast() else {
                    abandon()
                    throw .perm
                }
                HostFileSystem.close(left)
                if isLast { return finish(dot) }
                continue
            }
            if isLast && !followFinalSymlink && !mustBeDirectory {
                return finish(component)
            }
            if isLast {
                let isLink = (try? HostFileSystem.attributes(at: current, component))?.type == .symbolicLink
                guard isLink else { return finish(component) }
            } else {
                guard opened.count < maximumDepth else {
                    abandon()
                    throw .nametoolong
                }
                do throws(WASIErrno) {
                    opened.append(try HostFileSystem.openAt(current, component, flags: walkFlags))
                    continue
                } catch let error where error == .loop || error == .notdir {
                    let isLink = (try? HostFileSystem.attributes(at: current, component))?.type == .symbolicLink
                    guard isLink else {
                        abandon()
                        throw error
                    }
                } catch {
                    abandon()
                    throw error
                }
            }
            // `component` is a symbolic link to follow: splice its target in.
            expansions += 1
            let target: [UInt8]
            do throws(WASIErrno) {
                guard expansions <= maximumExpansions else { throw .loop }
                target = try HostFileSystem.readLink(at: current, component)
                guard !target.isEmpty else { throw .noent }
                guard target.first != slash else { throw .perm }
            } catch {
                abandon()
                throw error
            }
            if isLast && target.last == slash { mustBeDirectory = true }
            pending.append(contentsOf: components(of: target))
            if pending.isEmpty { pending.append(dot) }
        }
        // Only reached when every component was skipped, e.g. "//" after the first check.
        return finish(dot)
    }

    /// The non-empty components of `path`, last first (a stack to pop).
    private static func components(of path: [UInt8]) -> [[UInt8]] {
        path.split(separator: slash, omittingEmptySubsequences: true).reversed().map(Array.init)
    }
}
