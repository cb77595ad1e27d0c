/// Where a WASI program's standard input (descriptor 0) comes from.
///
/// For WAGI/CGI the request body is the program's standard input:
/// `.bytes(body)`.
public struct WASIInput: Sendable {
    enum Source: Sendable {
        case inherit
        case bytes([UInt8])
    }

    let source: Source

    /// The host process's standard input, read directly.
    public static let inherit = WASIInput(source: .inherit)
    /// Immediately at end of file.
    public static let empty = WASIInput(source: .bytes([]))

    /// These bytes, then end of file.
    public static func bytes(_ bytes: [UInt8]) -> WASIInput { WASIInput(source: .bytes(bytes)) }
}

/// Where a WASI program's standard output or error (descriptors 1 and 2) go.
///
/// For WAGI/CGI the response is parsed from captured standard output; read
/// it from `WASIContext.capturedStdout` after the run.
public struct WASIOutput: Sendable {
    enum Sink: Sendable {
        case inherit
        case discard
        case capture(limit: Int)
        case stream(any StandardOutputStream)
    }

    let sink: Sink

    /// The host process's own descriptor, written directly.
    public static let inherit = WASIOutput(sink: .inherit)
    /// Accepted and dropped.
    public static let discard = WASIOutput(sink: .discard)
    /// Kept in memory without a size limit.
    public static let capture = WASIOutput(sink: .capture(limit: .max))

    /// Kept in memory up to `limit` bytes; a write past the limit stores
    /// what fits and then fails with `errno::fbig`, like a file at its
    /// maximum size, so a runaway guest cannot exhaust the host's memory.
    public static func capture(limit: Int) -> WASIOutput { WASIOutput(sink: .capture(limit: max(0, limit))) }

    /// Handed to `stream` as it is written (a WAGI response goes to the
    /// client while the guest writes it).
    static func stream(_ stream: any StandardOutputStream) -> WASIOutput { WASIOutput(sink: .stream(stream)) }
}

/// Takes a guest's standard output as it is written; a write may wait (the
/// client is behind) and fails with a WASI error when the output can take
/// no more.
protocol StandardOutputStream: AnyObject, Sendable {
    func write(_ bytes: [UInt8]) throws(WASIErrno)
}

/// The state of standard input when it is in memory.
struct InputBuffer {
    var bytes: [UInt8]
    var position = 0

    var remaining: Int { bytes.count - position }

    /// Up to `count` bytes from the current position, which moves past them.
    mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        let end = position + min(count, remaining)
        defer { position = end }
        return bytes[position..<end]
    }
}

/// Standard output or error when it is not the host's: captured (up to a
/// limit), streamed, or discarded.
struct OutputBuffer {
    var bytes: [UInt8] = []
    let captures: Bool
    let limit: Int
    /// Where the bytes go instead, when streamed.
    let stream: (any StandardOutputStream)?

    init(sink: WASIOutput.Sink) {
        switch sink {
        case .capture(let limit):
            captures = true
            self.limit = limit
            stream = nil
        case .stream(let target):
            captures = true
            limit = .max
            stream = target
        case .inherit, .discard:
            captures = false
            limit = 0
            stream = nil
        }
    }

    /// Appends what fits; throws `fbig` when nothing more fits.
    mutating func append(_ data: [UInt8]) throws(WASIErrno) -> Int {
        if let stream {
            try stream.write(data)
            return data.count
        }
        let room = limit - bytes.count
        guard room > 0 || data.isEmpty else { throw .fbig }
        let count = min(room, data.count)
        bytes.append(contentsOf: data.prefix(count))
        return count
    }
}
