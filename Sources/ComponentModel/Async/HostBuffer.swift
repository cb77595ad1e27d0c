import WasmInterpreter

/// A buffer the host owns, for a stream or future whose other end is a
/// guest (CanonicalABI.md lets either side implement buffers). Bytes of a
/// `stream<u8>` stay bytes; other payloads are host values.
final class HostBuffer: CopyBuffer {
    /// A source: what the host writes. A destination: what the guest copied in.
    private(set) var values: [ComponentValue]
    private(set) var bytes: [UInt8]
    private var readPosition = 0

    /// A source holding `values` (or `bytes`, for `stream<u8>`).
    init(elementType: ComponentValueType?, values: [ComponentValue] = [], bytes: [UInt8] = []) {
        self.values = values
        self.bytes = bytes
        super.init(elementType: elementType, length: elementType == .u8 ? bytes.count : values.count)
    }

    /// A destination with room for `capacity` values.
    init(elementType: ComponentValueType?, capacity: Int) {
        values = []
        bytes = []
        super.init(elementType: elementType, length: capacity)
    }

    var holdsBytes: Bool { elementType == .u8 }

    override func read(_ count: Int) throws(Trap) -> [ComponentValue] {
        defer { readPosition += count; advance(count) }
        if holdsBytes { return bytes[readPosition..<readPosition + count].map { .u8($0) } }
        return Array(values[readPosition..<readPosition + count])
    }

    override func write(_ written: [ComponentValue]) throws(Trap) {
        if holdsBytes {
            for value in written {
                guard case .u8(let byte) = value else { throw CanonicalTrap.trap("a stream<u8> carried \(value)") }
                bytes.append(byte)
            }
        } else {
            values.append(contentsOf: written)
        }
        advance(written.count)
    }

    /// The next `count` bytes of a byte source, taken.
    func takeBytes(_ count: Int) -> ArraySlice<UInt8> {
        defer { readPosition += count; advance(count) }
        return bytes[readPosition..<readPosition + count]
    }

    /// Bytes copied in by the guest.
    func appendBytes(_ more: [UInt8]) {
        bytes.append(contentsOf: more)
        advance(more.count)
    }
}
