#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmInterpreter

/// `wasi:io/streams.input-stream`: standard input, a file read from an
/// offset, or an HTTP request body. Reads happen in the call (a read never leaves work behind), at
/// most 64 KiB at a time as in wasmtime (`MAX_READ_SIZE_ALLOC`).
final class InputStreamResource {
    enum Source {
        /// The context's in-memory standard input, shared by every stdin
        /// stream (and preview 1's descriptor 0): each read consumes it.
        case standardInput(WASIContext)
        /// The host process's own standard input.
        case hostStandardInput
        /// A file, read with `pread` from `position` on.
        case file(HostDescriptor, position: UInt64)
        /// An HTTP request body as it arrives; a blocking read gives up
        /// when the store is interrupted.
        case httpBody(RequestBodyReadiness, Interruption)
    }

    static let maximumRead = 64 * 1024

    private var source: Source
    /// Set at end of file and after a failure: a file stream stays closed
    /// (wasmtime's `ReadState::Closed`).
    private var isClosed = false

    init(_ source: Source) {
        self.source = source
    }

    /// What `subscribe` waits for.
    var readiness: PollableResource.Readiness {
        if isClosed { return .always }
        switch source {
        case .hostStandardInput: return .readable(0)
        case .httpBody(let body, _): return .signalled(body)
        default: return .always
        }
    }

    /// `read` (`blocking: false`) and `blocking-read`: up to `count` bytes;
    /// end of input is `closed`. A non-blocking read of the host's stdin
    /// returns nothing when nothing is there yet.
    func read(_ count: UInt64, blocking: Bool) throws(StreamFailure) -> [UInt8] {
        guard !isClosed else { throw .closed }
        let count = Int(min(count, UInt64(Self.maximumRead)))
        switch source {
        case .standardInput(let context):
            // wasmtime's `MemoryInputPipe`: empty is closed, even for 0 bytes.
            guard context.standardInput.remaining > 0 else { throw .closed }
            return Array(context.standardInput.take(count))
        case .hostStandardInput:
            if count == 0 { return [] }
            if !blocking && ((try? PollableResource.wait([PollableResource(readiness)], blocking: false)) ?? []).isEmpty { return [] }
            return try finish { () throws(WASIErrno) in try HostDescriptor(standard: 0).read(count: count) }
        case .httpBody(let readiness, let interruption):
            return try readBody(readiness, interruption, count, blocking: blocking)
        case .file(let file, let position):
            // A non-blocking read of nothing reads nothing; a blocking one
            // asks the file and so sees its end (wasmtime's
            // `FileInputStream`, whose 0-byte read is end of file).
            if count == 0 && !blocking { return [] }
            let bytes = try finish { () throws(WASIErrno) in try file.read(count: count, at: position) }
            source = .file(file, position: position + UInt64(bytes.count))
            return bytes
        }
    }

    /// `skip` and `blocking-skip`: reads and drops up to `count` bytes.
    func skip(_ count: UInt64, blocking: Bool) throws(StreamFailure) -> UInt64 {
        UInt64(try read(count, blocking: blocking).count)
    }

    /// A read of an HTTP body. A guest about to wait for more has written
    /// what it can for now: its response goes out first.
    private func readBody(_ readiness: RequestBodyReadiness, _ interruption: Interruption, _ count: Int,
                          blocking: Bool) throws(StreamFailure) -> [UInt8] {
        if blocking && !readiness.body.isReadable { readiness.wakeup.beforeWaiting?() }
        let result: RequestBody.ReadResult
        do throws(RequestBody.ReadFailure) {
            result = try readiness.body.read(upTo: count, blocking: blocking, interruption: interruption)
        } catch {
            switch error {
            case .interrupted:
                throw .trap(Trap(.interrupted))
            case .body(.tooLarge(let limit)):
                isClosed = true
                throw .httpFailed(HTTPErrorCode.requestBodySize(limit))
            case .body(.connectionClosed):
                isClosed = true
                throw .httpFailed(HTTPErrorCode.connectionTerminated)
            }
        }
        guard case .bytes(let bytes) = result else {
            isClosed = true
            throw .closed
        }
        return bytes
    }

    /// A host read: no bytes is the end (the stream closes), a failure is
    /// reported once and then the stream is closed.
    private func finish(_ read: () throws(WASIErrno) -> [UInt8]) throws(StreamFailure) -> [UInt8] {
        let bytes: [UInt8]
        do throws(WASIErrno) {
            bytes = try read()
        } catch {
            isClosed = true
            throw .failed(error)
        }
        if bytes.isEmpty {
            isClosed = true
            throw .closed
        }
        return bytes
    }
}
