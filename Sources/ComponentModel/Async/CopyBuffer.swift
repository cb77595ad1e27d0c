import WasmInterpreter

/// A region a stream or future copies values out of or into (CanonicalABI.md,
/// "Buffer State"). Guest buffers check alignment and bounds when made, so
/// copies cannot fault on them later.
class CopyBuffer {
    /// At most 2^28 - 1 values per buffer.
    static let maximumLength = (1 << 28) - 1

    let elementType: ComponentValueType?
    let length: Int
    private(set) var progress = 0

    init(elementType: ComponentValueType?, length: Int) {
        self.elementType = elementType
        self.length = length
    }

    var remaining: Int { length - progress }
    var isZeroLength: Bool { length == 0 }

    func advance(_ count: Int) { progress += count }

    /// Takes `count` values out of this buffer (a source).
    func read(_ count: Int) throws(Trap) -> [ComponentValue] {
        preconditionFailure("not a readable buffer")
    }

    /// Puts `values` into this buffer (a destination).
    func write(_ values: [ComponentValue]) throws(Trap) {
        preconditionFailure("not a writable buffer")
    }

    /// Moves `count` values from `source` to `destination`. Number payloads
    /// between guest memories are copied as bytes; anything else is lifted
    /// from the source and lowered into the destination (handles move).
    static func copy(_ count: Int, from source: CopyBuffer, to destination: CopyBuffer) throws(Trap) {
        switch (source, destination) {
        case (let source as GuestBuffer, let destination as GuestBuffer) where source.elementType?.isNumber == true:
            try GuestBuffer.copyBytes(count, from: source, to: destination)
        case (let source as HostBuffer, let destination as GuestBuffer) where source.holdsBytes:
            try destination.writeBytes(source.takeBytes(count))
        case (let source as GuestBuffer, let destination as HostBuffer) where destination.holdsBytes:
            destination.appendBytes(try source.readBytes(count))
        default:
            try destination.write(try source.read(count))
        }
    }
}

/// A buffer in a guest's linear memory, with the canonical options of the
/// built-in that made it.
final class GuestBuffer: CopyBuffer {
    private var context: CanonicalContext
    private var pointer: Int
    private let elementSize: Int

    init(elementType: ComponentValueType?, context: CanonicalContext, pointer: UInt32, length: UInt32) throws(Trap) {
        guard length <= UInt32(CopyBuffer.maximumLength) else {
            throw CanonicalTrap.trap("buffer length \(length) exceeds the maximum of \(CopyBuffer.maximumLength)")
        }
        self.context = context
        self.pointer = Int(pointer)
        elementSize = elementType.map { CanonicalLayout.size($0) } ?? 0
        if let elementType, length > 0 {
            guard Int(pointer) % CanonicalLayout.alignment(elementType) == 0 else { throw CanonicalTrap.misaligned("buffer pointer") }
            _ = try context.checkRange(UInt64(pointer), UInt64(length) * UInt64(elementSize), "buffer")
        }
        super.init(elementType: elementType, length: Int(length))
    }

    override func read(_ count: Int) throws(Trap) -> [ComponentValue] {
        var values: [ComponentValue] = []
        if let elementType {
            values.reserveCapacity(count)
            for index in 0..<count { values.append(try context.load(elementType, at: pointer + index * elementSize)) }
        } else {
            values = [ComponentValue](repeating: .tuple([]), count: count)
        }
        pointer += count * elementSize
        advance(count)
        return values
    }

    override func write(_ values: [ComponentValue]) throws(Trap) {
        if let elementType {
            for (index, value) in values.enumerated() {
                try context.store(value, elementType, at: pointer + index * elementSize)
            }
        }
        pointer += values.count * elementSize
        advance(values.count)
    }

    /// `stream<u8>` to and from the host, as bytes.
    func readBytes(_ count: Int) throws(Trap) -> [UInt8] {
        let bytes = try context.memory().read(at: pointer, count: count)
        pointer += count
        advance(count)
        return bytes
    }

    func writeBytes(_ bytes: ArraySlice<UInt8>) throws(Trap) {
        try context.memory().write(bytes, at: pointer)
        pointer += bytes.count
        advance(bytes.count)
    }

    static func copyBytes(_ count: Int, from source: GuestBuffer, to destination: GuestBuffer) throws(Trap) {
        let byteCount = count * source.elementSize
        if byteCount > 0 {
            let bytes = try source.context.memory().read(at: source.pointer, count: byteCount)
            try destination.context.memory().write(bytes, at: destination.pointer)
        }
        source.pointer += byteCount
        source.advance(count)
        destination.pointer += byteCount
        destination.advance(count)
    }
}

extension ComponentValueType {
    /// The integer and float types: what two instances may copy as bytes,
    /// and what one instance may both read and write (`none_or_number_type`).
    var isNumber: Bool {
        switch self {
        case .u8, .u16, .u32, .u64, .s8, .s16, .s32, .s64, .f32, .f64: true
        default: false
        }
    }
}
