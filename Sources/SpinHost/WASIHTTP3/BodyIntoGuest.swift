import ComponentModel
import WasmInterpreter

/// A body arriving from outside (a client's request, a server's response)
/// offered to a guest through a `stream<u8>` the host writes, and its
/// trailers through a future written when the body ends. The guest's reads
/// set the pace: the next bytes are taken from `source` only when the
/// guest took the last ones.
final class BodyIntoGuest: HostPump {
    static let chunkSize = 64 * 1024

    let source: RequestBody
    let stream: HostStream
    let trailers: HostFuture
    /// The `error-code` the trailers carry when the body fails.
    private let failureCode: (RequestBody) -> ComponentValue
    private unowned let store: Store
    private var leftover: ArraySlice<UInt8> = []
    private(set) var isDone = false

    init(source: RequestBody, stream: HostStream, trailers: HostFuture, store: Store,
         failureCode: @escaping (RequestBody) -> ComponentValue) {
        self.source = source
        self.stream = stream
        self.trailers = trailers
        self.store = store
        self.failureCode = failureCode
        source.attach(GuestWakeup.of(store))
    }

    /// Waiting for bytes from outside (not for the guest to read).
    var isWaiting: Bool { !isDone && !stream.isCopying && leftover.isEmpty }

    func pump() throws(Trap) -> Bool {
        guard !isDone, !stream.isCopying else { return false }
        if leftover.isEmpty {
            let result: RequestBody.ReadResult
            do throws(RequestBody.ReadFailure) {
                result = try source.read(upTo: Self.chunkSize, blocking: false)
            } catch {
                end(trailers: .error(failureCode(source)))
                return true
            }
            switch result {
            case .end:
                let fields = source.trailers.map { HTTPFields(trusted: $0, isImmutable: true) }
                end(trailers: .ok(.option(fields.map { .own(HostResources.of(store).insert($0)) })))
                return true
            case .bytes(let bytes) where bytes.isEmpty:
                return false
            case .bytes(let bytes):
                leftover = bytes[...]
            }
        }
        try stream.write(bytes: Array(leftover)) { [weak self] written, outcome in
            guard let self else { return }
            if outcome == .dropped {
                // The guest wants no more: the trailers are still offered, as the body did not fail.
                leftover = []
                end(trailers: .ok(.option(nil)))
            } else {
                leftover = leftover.dropFirst(written)
            }
        }
        return true
    }

    private func end(trailers value: ComponentValue) {
        isDone = true
        stream.drop()
        try? trailers.write(value)
    }
}
