import ComponentModel
import WasmInterpreter

/// `wasi:io/error.error`: why a stream operation failed. Streams on files
/// and standard streams fail with a host error code, which
/// `wasi:filesystem/types.filesystem-error-code` hands back (wasmtime
/// downcasts its `std::io::Error` the same way).
final class IOErrorResource {
    let code: WASIErrno

    init(_ code: WASIErrno) {
        self.code = code
    }

    /// `to-debug-string`: for people only (the WIT warns against parsing it).
    var debugDescription: String { "last operation failed: \(code)" }
}

/// Why a stream operation did not succeed: the two cases of
/// `wasi:io/streams.stream-error`, or a trap for a guest that broke the
/// streams' rules (e.g. more than 4096 bytes to `blocking-write-and-flush`).
enum StreamFailure: Error {
    /// `last-operation-failed`, with the host error its `error` resource carries.
    case failed(WASIErrno)
    case closed
    case trap(Trap)
}

/// Runs a stream operation and returns its WIT `result`: `ok` with the
/// value, or `error(stream-error)`, the failure's `error` resource given to
/// the guest as an owned handle.
func streamResult(_ call: HostCall, _ body: () throws(StreamFailure) -> ComponentValue?) throws(Trap) -> ComponentValue {
    do throws(StreamFailure) {
        return .ok(try body())
    } catch {
        switch error {
        case .failed(let code): return .error(.variant(case: 0, payload: call.own(IOErrorResource(code))))
        case .closed: return .error(.variant(case: 1, payload: nil))
        case .trap(let trap): throw trap
        }
    }
}
