#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import WasmInterpreter

/// A host directory made visible to a WASI program under a guest path
/// (a "preopen", `$preopentype::dir` in the witx).
public struct WASIPreopenDirectory: Sendable, Hashable {
    /// The directory on the host.
    public var hostPath: String
    /// The name the guest sees, e.g. "/" or "/data".
    public var guestPath: String
    /// When set, nothing below the directory can be created, written,
    /// renamed or removed: such calls fail with `errno::perm`, as wasmtime's
    /// read-only directories do (see `FileDescriptorEntry.requireWritable`).
    public var readOnly: Bool

    public init(hostPath: String, guestPath: String, readOnly: Bool = false) {
        self.hostPath = hostPath
        self.guestPath = guestPath
        self.readOnly = readOnly
    }
}

/// Why a `WASIContext` could not be set up: a preopen that cannot be opened.
public struct WASIContextError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot preopen \(path): \(reason)" }
}

/// The state of one WASI preview 1 program
/// ([wasi_snapshot_preview1.witx](https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx)):
/// arguments, environment, standard streams, preopened directories and the
/// descriptor table, randomness and the exit code.
///
/// Attach it to the store before instantiating, so that a start function can
/// use WASI too: `store[WASIContext.key] = wasi`. The functions
/// `WASIPreview1.define` registers find it there. A context belongs to one
/// store and one run; it is not `Sendable`.
public final class WASIContext {
    /// Where a store keeps its WASI context.
    public static let key = HostStateKey<WASIContext>()

    /// `args_get`'s strings; the first is conventionally the program name.
    public let arguments: [String]
    /// `environ_get`'s variables, in order.
    public let environment: [(name: String, value: String)]
    /// `arguments` as `args_get` stores them, encoded once (sizes and strings
    /// are asked for separately).
    private(set) lazy var argumentStrings: [[UInt8]] = arguments.map { Array($0.utf8) }
    /// "NAME=value", as the witx's `environ_get` expects, encoded once.
    private(set) lazy var environmentStrings: [[UInt8]] = environment.map { variable in
        var bytes = Array(variable.name.utf8)
        bytes.append(UInt8(ascii: "="))
        bytes.append(contentsOf: variable.value.utf8)
        return bytes
    }
    /// The code `proc_exit` was called with, if it was.
    public internal(set) var exitCode: Int32?
    /// The source of `random_get`'s bytes.
    public var randomNumberGenerator: any RandomNumberGenerator = SystemRandomNumberGenerator()

    var standardInput: InputBuffer
    var standardOutput: OutputBuffer
    var standardError: OutputBuffer
    var descriptors = FileDescriptorTable()
    /// Which standard streams are the host process's own (`.inherit`): WASI
    /// 0.2's streams read and write those host descriptors directly.
    let inheritedStreams: (input: Bool, output: Bool, error: Bool)

    /// Opens every preopen (in order, as descriptors 3, 4, ...) and sets up
    /// the standard streams. Nothing is inherited unless asked for: the
    /// defaults give the guest no input and drop its output.
    public init(
        arguments: [String] = [],
        environment: [(name: String, value: String)] = [],
        preopens: [WASIPreopenDirectory] = [],
        stdin: WASIInput = .empty,
        stdout: WASIOutput = .discard,
        stderr: WASIOutput = .discard
    ) throws(WASIContextError) {
        self.arguments = arguments
        self.environment = environment
        inheritedStreams = (stdin.source.inherits, stdout.sink.inherits, stderr.sink.inherits)
        if case .bytes(let bytes) = stdin.source {
            standardInput = InputBuffer(bytes: bytes)
        } else {
            standardInput = InputBuffer(bytes: [])
        }
        standardOutput = OutputBuffer(sink: stdout.sink)
        standardError = OutputBuffer(sink: stderr.sink)
        // Three entries always fit in the empty table.
        _ = try? descriptors.insert(Self.standardStream(.standardInput, inherits: stdin.source.inherits, host: 0))
        _ = try? descriptors.insert(Self.standardStream(.standardOutput, inherits: stdout.sink.inherits, host: 1))
        _ = try? descriptors.insert(Self.standardStream(.standardError, inherits: stderr.sink.inherits, host: 2))
        for preopen in preopens {
            try openPreopen(preopen)
        }
    }

    deinit {
        for entry in descriptors.openEntries { entry.close() }
    }

    /// What the guest wrote to standard output, when it is `.capture`d.
    public var capturedStdout: [UInt8] { standardOutput.bytes }
    /// What the guest wrote to standard error, when it is `.capture`d.
    public var capturedStderr: [UInt8] { standardError.bytes }

    /// The captured output so far, which is then forgotten (a reused
    /// instance's next request logs only its own).
    public func takeCapturedOutput() -> (stdout: [UInt8], stderr: [UInt8]) {
        defer {
            standardOutput.bytes.removeAll(keepingCapacity: true)
            standardError.bytes.removeAll(keepingCapacity: true)
        }
        return (standardOutput.bytes, standardError.bytes)
    }

    private func openPreopen(_ preopen: WASIPreopenDirectory) throws(WASIContextError) {
        let descriptor = open(preopen.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw WASIContextError(path: preopen.hostPath, reason: String(cString: strerror(errno)))
        }
        var base = Rights.directoryBase
        var inheriting = Rights.directoryInheriting
        if preopen.readOnly {
            base.subtract(.directoryMutation)
            inheriting.subtract(Rights.directoryMutation.union(.fileMutation))
        }
        let entry = FileDescriptorEntry(
            kind: .directory, hostDescriptor: descriptor, ownsHostDescriptor: true, fileType: .directory,
            rights: base, inheritingRights: inheriting, isReadOnly: preopen.readOnly,
            preopenPath: Array(preopen.guestPath.utf8))
        do {
            _ = try descriptors.insert(entry)
        } catch {
            entry.close()
            throw WASIContextError(path: preopen.hostPath, reason: "too many preopened directories")
        }
    }

    private static func standardStream(_ kind: FileDescriptorEntry.Kind, inherits: Bool, host: Int32) -> FileDescriptorEntry {
        let rights: Rights = kind == .standardInput ? [.fdRead, .pollFdReadwrite] : [.fdWrite, .pollFdReadwrite]
        let isTerminal = inherits && isatty(host) != 0
        return FileDescriptorEntry(
            kind: kind, hostDescriptor: inherits ? host : -1, ownsHostDescriptor: false,
            fileType: isTerminal ? .characterDevice : .unknown, rights: rights, inheritingRights: [],
            isReadOnly: false, preopenPath: nil)
    }
}

extension WASIInput.Source {
    var inherits: Bool {
        if case .inherit = self { return true }
        return false
    }
}

extension WASIOutput.Sink {
    var inherits: Bool {
        if case .inherit = self { return true }
        return false
    }
}
