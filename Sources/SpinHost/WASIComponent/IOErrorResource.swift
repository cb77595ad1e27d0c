import ComponentModel
import WasmInterpreter

/// `wasi:io/error.error`: why a stream operation failed. Streams on files
/// and standard streams fail with a host error code, which
/// `wasi:filesystem/types.filesystem-error-code` hands back (wasmtime
/// downcasts its `std::io::Error` the same way).
final class IOErrorResource {
    let code: WASIErrno
    /// For a failed HTTP body: the `wasi:http` `error-code` saying why
    /// (`http-error-code` returns it).
    let httpErrorCode: ComponentValue?

    init(_ code: WASIErrno, httpErrorCode: ComponentValue? = nil) {
        self.code = code
        self.httpErrorCode = httpErrorCode
    }

    /// `to-debug-string`: for people only (the WIT warns against parsing it).
    var debugDescription: String {
        if let httpErrorCode { return "HTTP body failed: \(httpErrorCode)" }
        return "last operation failed: \(code)"
    }
}

/// Why a stream operation did not succeed: the two cases of
/// `wasi:io/streams.stream-error`, or a trap for a guest that broke the
/// streams' rules (e.g. more than 4096 bytes to `blocking-write-and-flush`).
enum StreamFailure: Error {
    /// `last-operation-failed`, with the host error its `error` resource carries.
    case failed(WASIErrno)
    /// `last-operation-failed` for an HTTP body, with its `error-code`.
    case httpFailed(ComponentValue)
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
        case .httpFailed(let code): return .error(.variant(case: 0, payload: call.own(IOErrorResource(.io, httpErrorCode: code))))
        case .closed: return .error(.variant(case: 1, payload: nil))
        case .trap(let trap): throw trap
        }
    }
}
