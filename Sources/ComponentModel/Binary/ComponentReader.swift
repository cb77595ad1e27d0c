internal import WasmDecoder

/// WasmDecoder's bounds-checked `ByteReader` with this layer's error type:
/// LEB128 integers, names and lengths follow the core rules exactly.
struct ComponentReader {
    var bytes: ByteReader

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = ByteReader(bytes: bytes, offset: offset, end: end)
    }

    private init(reader: ByteReader) {
        bytes = reader
    }

    var offset: Int { bytes.offset }
    var isAtEnd: Bool { bytes.isAtEnd }

    mutating func byte() throws(ComponentError) -> UInt8 {
        do { return try bytes.readByte() } catch { throw ComponentError(error) }
    }

    func peek() throws(ComponentError) -> UInt8 {
        do { return try bytes.peekByte() } catch { throw ComponentError(error) }
    }

    mutating func u32() throws(ComponentError) -> UInt32 {
        do { return try bytes.readU32() } catch { throw ComponentError(error) }
    }

    mutating func s33() throws(ComponentError) -> Int64 {
        do { return try bytes.readS33() } catch { throw ComponentError(error) }
    }

    mutating func name() throws(ComponentError) -> String {
        do { return try bytes.readName() } catch { throw ComponentError(error) }
    }

    /// A vector's length, checked against the bytes left.
    mutating func count() throws(ComponentError) -> Int {
        do { return try bytes.readCount() } catch { throw ComponentError(error) }
    }

    mutating func sub(length: Int) throws(ComponentError) -> ComponentReader {
        do { return ComponentReader(reader: try bytes.subReader(length: length)) } catch { throw ComponentError(error) }
    }

    /// `vec(T)` read with `element`.
    mutating func vector<T>(_ element: (inout ComponentReader) throws(ComponentError) -> T) throws(ComponentError) -> [T] {
        let count = try count()
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }

    /// `T?`: 0x00 for none, 0x01 then `T`.
    mutating func optional<T>(_ element: (inout ComponentReader) throws(ComponentError) -> T) throws(ComponentError) -> T? {
        let at = offset
        switch try byte() {
        case 0x00: return nil
        case 0x01: return try element(&self)
        case let other: throw .malformed("invalid optional marker 0x\(String(other, radix: 16))", at: at)
        }
    }

    func malformed(_ message: String, at offset: Int? = nil) -> ComponentError {
        .malformed(message, at: offset ?? self.offset)
    }
}
