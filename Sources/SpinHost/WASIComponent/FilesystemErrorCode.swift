import ComponentModel

/// `wasi:filesystem/types.error-code`
/// ([types.wit](https://github.com/WebAssembly/wasi-filesystem/blob/v0.2.0/wit/types.wit)),
/// cases in WIT order (the raw value is the case index the canonical ABI uses).
enum FilesystemErrorCode: UInt32, Error, CaseIterable {
    case access, wouldBlock, already, badDescriptor, busy, deadlock, quota, exist, fileTooLarge
    case illegalByteSequence, inProgress, interrupted, invalid, io, isDirectory, loop, tooManyLinks
    case messageSize, nameTooLong, noDevice, noEntry, noLock, insufficientMemory, insufficientSpace
    case notDirectory, notEmpty, notRecoverable, unsupported, noTTY, noSuchDevice, overflow
    case notPermitted, pipe, readOnly, invalidSeek, textFileBusy, crossDevice

    static let witNames = [
        "access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist",
        "file-too-large", "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory",
        "loop", "too-many-links", "message-size", "name-too-long", "no-device", "no-entry", "no-lock",
        "insufficient-memory", "insufficient-space", "not-directory", "not-empty", "not-recoverable", "unsupported",
        "no-tty", "no-such-device", "overflow", "not-permitted", "pipe", "read-only", "invalid-seek",
        "text-file-busy", "cross-device",
    ]

    var value: ComponentValue { .enum(rawValue) }

    /// The code for a host error, as wasmtime-wasi maps a raw OS error
    /// (`from_raw_os_error` in its `filesystem.rs`): only these errno values
    /// have a code of their own; every other one is `io`. The sandbox's own
    /// refusals arrive as `perm` (an escape, a read-only preopen) and so are
    /// `not-permitted`, wasmtime's answer to both.
    init(_ errno: WASIErrno) {
        self = switch errno {
        case .pipe: .pipe
        case .perm: .notPermitted
        case .noent: .noEntry
        case .nomem: .insufficientMemory
        case .io: .io
        case .badf: .badDescriptor
        case .busy: .busy
        case .acces: .access
        case .notdir: .notDirectory
        case .isdir: .isDirectory
        case .inval: .invalid
        case .exist: .exist
        case .fbig: .fileTooLarge
        case .nospc: .insufficientSpace
        case .spipe: .invalidSeek
        case .mlink: .tooManyLinks
        case .nametoolong: .nameTooLong
        case .notempty: .notEmpty
        case .loop: .loop
        case .overflow: .overflow
        case .ilseq: .illegalByteSequence
        case .notsup: .unsupported
        case .already: .already
        case .inprogress: .inProgress
        case .intr: .interrupted
        default: .io
        }
    }
}

/// Turns host errors (`WASIErrno`, from `HostFileSystem` and
/// `PathResolution`) into filesystem error codes.
@discardableResult
func mapErrno<T>(_ body: () throws(WASIErrno) -> T) throws(FilesystemErrorCode) -> T {
    do throws(WASIErrno) {
        return try body()
    } catch {
        throw FilesystemErrorCode(error)
    }
}
