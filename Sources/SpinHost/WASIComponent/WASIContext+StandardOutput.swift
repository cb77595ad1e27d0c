extension WASIContext {
    /// Writes all of `bytes` to standard output (or error) wherever preview 1
    /// sends them too: the host process's own descriptor, the capture (up to
    /// its limit: what fits is kept, the rest is `fbig`), or nowhere.
    func writeStandardOutput(_ bytes: [UInt8], error: Bool) throws(WASIErrno) {
        if error ? inheritedStreams.error : inheritedStreams.output {
            try HostDescriptor(standard: error ? 2 : 1).writeAll(bytes)
        } else if error {
            guard standardError.captures else { return }
            guard try standardError.append(bytes) == bytes.count else { throw .fbig }
        } else {
            guard standardOutput.captures else { return }
            guard try standardOutput.append(bytes) == bytes.count else { throw .fbig }
        }
    }

    /// Whether a capture of standard output (or error) is full, so that no
    /// write can succeed any more.
    func standardOutputIsFull(error: Bool) -> Bool {
        let buffer = error ? standardError : standardOutput
        return buffer.captures && buffer.bytes.count >= buffer.limit
    }
}
