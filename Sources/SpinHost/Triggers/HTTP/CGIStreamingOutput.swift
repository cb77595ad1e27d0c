import Foundation
import WasmInterpreter

/// A WAGI guest's standard output as a response that streams: the CGI
/// header lines are collected until the blank line that ends them, then the
/// response starts and the body goes to the client as the guest writes it
/// (held back while small, so a short response still goes out whole with
/// its `content-length`; `OutgoingBodyState`). A guest that writes faster
/// than its client reads waits in `fd_write`.
final class CGIStreamingOutput: StandardOutputStream, @unchecked Sendable {
    // @unchecked: used only by the guest's thread (its `fd_write` calls) and
    // then by the executor on the same thread once the guest is done.

    /// CGI header bytes accepted before the blank line (RFC 3875 gives no
    /// limit; 64 KiB is far beyond any real header section).
    static let headLimit = 64 << 10

    private let sink: any ResponseSink
    private let interruption: Interruption
    private var head: [UInt8] = []
    private var body: OutgoingBodyState?
    /// Why the head could not be used; reported once the guest is done.
    private(set) var malformed: CGIResponse.Malformed?

    init(sink: any ResponseSink, interruption: Interruption) {
        self.sink = sink
        self.interruption = interruption
    }

    func write(_ bytes: [UInt8]) throws(WASIErrno) {
        if let body {
            try send(bytes, to: body)
            return
        }
        guard malformed == nil else { throw .io }
        head += bytes
        guard let end = Self.endOfHead(head) else {
            if head.count > Self.headLimit {
                malformed = CGIResponse.Malformed(description: "no blank line after \(Self.headLimit) bytes of CGI headers")
                throw .io
            }
            return
        }
        let rest = Array(head[end...])
        let response: OutgoingResponse
        do {
            response = try CGIResponse.parse(Array(head[..<end]))
        } catch {
            malformed = error
            throw .io
        }
        let state = OutgoingBodyState(headers: HTTPFields(trusted: response.headers, isImmutable: false),
                                      wakeup: GuestWakeup())
        state.status = UInt16(response.status)
        state.bodyTaken = true
        state.use(interruption)
        state.attach(sink)
        body = state
        head = []
        try send(rest, to: state)
    }

    /// Once the guest is done: the response finished, or the whole output
    /// (which never ended its head) parsed as before.
    func finish() throws(CGIResponse.Malformed) {
        if let malformed { throw malformed }
        if let body {
            _ = body.finish(trailers: nil)
            return
        }
        sink.respond(try CGIResponse.parse(head))
    }

    private func send(_ bytes: [UInt8], to body: OutgoingBodyState) throws(WASIErrno) {
        guard !bytes.isEmpty else { return }
        do throws(OutgoingBodyState.WriteFailure) {
            try body.write(bytes)
        } catch {
            throw .pipe
        }
        // The guest waits while the client is behind; its deadline still ends it.
        do throws(Trap) {
            try body.waitForRoom()
        } catch {
            throw .intr
        }
    }

    /// The index after the blank line ending the CGI headers (`\n\n`,
    /// `\r\n\r\n` or a mix), if it has arrived.
    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        var lineStart = true
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                if lineStart { return index + 1 }
                lineStart = true
            } else if byte != 0x0D {
                lineStart = false
            }
        }
        return nil
    }
}
