import WasmInterpreter

/// `wasi:io/streams.output-stream`: standard output or error, a file
/// written at an offset or appended to, or an HTTP response body. Writes happen in the call, so the
/// stream is always ready; a failed file write is reported by the next
/// `check-write` or `flush` and closes the stream, as wasmtime's
/// `FileOutputStream` (whose writes finish in the background) reports it.
final class OutputStreamResource {
    enum Sink {
        /// Standard output (or error when `error`), where the context sends it.
        case standard(WASIContext, error: Bool)
        /// A file, written with `pwrite` from `position` on.
        case file(HostDescriptor, position: UInt64)
        /// A file, every write at its end.
        case append(HostDescriptor)
        /// An HTTP response body, sent to the client as it is written.
        case httpBody(OutgoingBodyState)
    }

    private enum State {
        case ready
        /// A file write failed; the next `check-write` or `flush` says so.
        case failed(WASIErrno)
        case closed
    }

    /// The permit `check-write` gives: wasmtime's for files
    /// (`FILE_WRITE_CAPACITY`) and for the host's standard streams.
    static let writeCapacity: UInt64 = 1024 * 1024
    /// Most bytes one `blocking-write-and-flush` may carry (the WIT's limit).
    static let blockingWriteLimit = 4096

    private var sink: Sink
    private var state = State.ready

    init(_ sink: Sink) {
        self.sink = sink
    }

    /// What `subscribe` waits for: room to write, for an HTTP body.
    var readiness: PollableResource.Readiness {
        if case .httpBody(let body) = sink { return .signalled(body) }
        return .always
    }

    /// `check-write`: how many bytes `write` may take now.
    func checkWrite() throws(StreamFailure) -> UInt64 {
        try takeFailure()
        if case .httpBody(let body) = sink {
            if body.isClosed { throw .closed }
            return UInt64(body.permit)
        }
        if case .standard(let context, let error) = sink, context.standardOutputIsFull(error: error) {
            throw .failed(.fbig)
        }
        return Self.writeCapacity
    }

    /// `write`: the bytes are written before it returns.
    func write(_ bytes: [UInt8]) throws(StreamFailure) {
        switch state {
        case .ready: break
        case .closed: throw .closed
        case .failed:
            // wasmtime's `FileOutputStream` in its error state.
            throw .trap(Trap(.host("write not permitted: check_write not called first")))
        }
        switch sink {
        case .httpBody(let body):
            do throws(OutgoingBodyState.WriteFailure) {
                try body.write(bytes)
            } catch .overLength {
                throw .httpFailed(HTTPErrorCode.responseBodySize(body.written + bytes.count))
            } catch {
                throw .closed
            }
        case .standard(let context, let error):
            do throws(WASIErrno) {
                try context.writeStandardOutput(bytes, error: error)
            } catch .pipe {
                throw .closed  // wasmtime's `stream_error_from`: a broken pipe is the end.
            } catch {
                throw .failed(error)
            }
        case .file(let file, let position):
            do throws(WASIErrno) {
                try file.writeAll(bytes, at: position)
                sink = .file(file, position: position + UInt64(bytes.count))
            } catch {
                state = .failed(error)
            }
        case .append(let file):
            do throws(WASIErrno) {
                try file.append(bytes)
            } catch {
                state = .failed(error)
            }
        }
    }

    /// `flush`: nothing is buffered, so only a pending failure is reported.
    func flush() throws(StreamFailure) {
        try takeFailure()
    }

    /// `blocking-write-and-flush` for at most 4096 bytes (checked by the caller).
    func blockingWriteAndFlush(_ bytes: [UInt8]) throws(StreamFailure) {
        try takeFailure()
        try write(bytes)
        if case .failed = state { try takeFailure() }
        try waitForRoom()
    }

    /// `blocking-flush`: a flush, then the readiness check that reports
    /// any failure.
    func blockingFlush() throws(StreamFailure) {
        try flush()
        try waitForRoom()
        _ = try checkWrite()
    }

    /// An HTTP body's writer waits while the client is behind.
    private func waitForRoom() throws(StreamFailure) {
        guard case .httpBody(let body) = sink else { return }
        do throws(Trap) {
            try body.waitForRoom()
        } catch {
            throw .trap(error)
        }
    }

    /// `write-zeroes`: `count` zero bytes, within the `check-write` permit.
    func writeZeroes(_ count: UInt64) throws(StreamFailure) {
        let permit = try checkWrite()
        guard count <= permit else {
            throw .trap(Trap(.host("cannot write more zeroes than `check_write` allows")))
        }
        try write([UInt8](repeating: 0, count: Int(count)))
    }

    /// A closed stream stays closed; a pending failure is reported once and
    /// closes the stream.
    private func takeFailure() throws(StreamFailure) {
        switch state {
        case .ready: return
        case .closed: throw .closed
        case .failed(let error):
            state = .closed
            throw .failed(error)
        }
    }
}
