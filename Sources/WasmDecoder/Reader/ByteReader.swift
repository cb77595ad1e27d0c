/// A bounds-checked cursor over a module's bytes.
///
/// Readers never copy: a sub-reader for a section or a function body shares the
/// module's array and only narrows `end`. Every read past `end` throws, so no
/// input can make the decoder trap or loop.
package struct ByteReader {
    package let bytes: [UInt8]
    /// Offset of the next byte to read, from the start of `bytes`.
    package var offset: Int
    /// One past the last byte this reader may read.
    package let end: Int

    package init(bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    package var isAtEnd: Bool { offset >= end }
    package var remaining: Int { end - offset }

    /// The message for running out of bytes: inside a section or body the spec
    /// suite says more than at the end of the whole module.
    var endMessage: String {
        end < bytes.count ? "unexpected end of section or function" : "unexpected end"
    }

    @inline(never)
    func unexpectedEnd() -> ModuleError {
        .malformed(endMessage, at: offset)
    }

    @inline(__always)
    package mutating func readByte() throws(ModuleError) -> UInt8 {
        guard offset < end else { throw unexpectedEnd() }
        let byte = bytes[offset]
        offset &+= 1
        return byte
    }

    package func peekByte() throws(ModuleError) -> UInt8 {
        guard offset < end else { throw unexpectedEnd() }
        return bytes[offset]
    }

    /// Skips `count` bytes, returning where they started.
    package mutating func skip(_ count: Int) throws(ModuleError) -> Int {
        guard count >= 0, count <= remaining else { throw unexpectedEnd() }
        let start = offset
        offset += count
        return start
    }

    package mutating func readBytes(_ count: Int) throws(ModuleError) -> ArraySlice<UInt8> {
        let start = try skip(count)
        return bytes[start..<start + count]
    }

    /// A vector length (spec §5.1.3), checked against the bytes left so that a
    /// huge count fails fast instead of looping: every element takes at least
    /// `minimumElementSize` bytes.
    package mutating func readCount(minimumElementSize: Int = 1) throws(ModuleError) -> Int {
        let start = offset
        let count = Int(try readU32())
        guard count <= remaining / max(minimumElementSize, 1) else {
            // As the reference decoder: a count beyond the whole module is out of
            // bounds; one that only overruns the section ends it unexpectedly.
            throw ModuleError.malformed(count > bytes.count - offset ? "length out of bounds" : endMessage, at: start)
        }
        return count
    }

    /// A name (spec §5.2.4): a length-prefixed, valid UTF-8 string.
    package mutating func readName() throws(ModuleError) -> String {
        let lengthOffset = offset
        let length = Int(try readU32())
        guard length <= remaining else {
            throw ModuleError.malformed("length out of bounds", at: lengthOffset)
        }
        let start = offset
        offset += length
        let slice = bytes[start..<offset]
        guard UTF8Validation.isValid(slice) else {
            throw ModuleError.malformed("malformed UTF-8 encoding", at: start)
        }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A reader over the next `length` bytes; this reader moves past them.
    package mutating func subReader(length: Int) throws(ModuleError) -> ByteReader {
        guard length >= 0, length <= remaining else {
            throw ModuleError.malformed("length out of bounds", at: offset)
        }
        let sub = ByteReader(bytes: bytes, offset: offset, end: offset + length)
        offset += length
        return sub
    }

    package mutating func readFloat32Bits() throws(ModuleError) -> UInt32 {
        let start = try skip(4)
        var bits: UInt32 = 0
        for index in 0..<4 { bits |= UInt32(bytes[start + index]) << (8 * UInt32(index)) }
        return bits
    }

    package mutating func readFloat64Bits() throws(ModuleError) -> UInt64 {
        let start = try skip(8)
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
        return bits
    }
}
