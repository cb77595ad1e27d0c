// LEB128 integers (spec §5.2.2). A value may use at most ceil(N/7) bytes; in the
// last byte, the bits beyond N must be zero (unsigned) or copies of the sign bit
// (signed). The first rule gives "integer representation too long", the second
// "integer too large", exactly as the spec's reference decoder words them.
//
// A multi-byte value is read up to the end of the whole buffer, not of the
// section: a malformed integer that straddles a section boundary is reported
// as a bad integer, as the reference decoder does, and only a well-formed one
// that runs past the boundary as "unexpected end".

extension ByteReader {
    @inline(__always)
    package mutating func readU32() throws(ModuleError) -> UInt32 {
        let first = try readByte()
        if first < 0x80 { return UInt32(first) }
        return UInt32(truncatingIfNeeded: try readUnsignedTail(first: first, bits: 32))
    }

    package mutating func readU64() throws(ModuleError) -> UInt64 {
        let first = try readByte()
        if first < 0x80 { return UInt64(first) }
        return try readUnsignedTail(first: first, bits: 64)
    }

    @inline(__always)
    package mutating func readS32() throws(ModuleError) -> Int32 {
        let first = try readByte()
        if first < 0x80 { return Int32(Int8(bitPattern: first << 1) >> 1) }
        return Int32(truncatingIfNeeded: try readSignedTail(first: first, bits: 32))
    }

    /// The signed 33-bit form used by block types.
    package mutating func readS33() throws(ModuleError) -> Int64 {
        let first = try readByte()
        if first < 0x80 { return Int64(Int8(bitPattern: first << 1) >> 1) }
        return try readSignedTail(first: first, bits: 33)
    }

    package mutating func readS64() throws(ModuleError) -> Int64 {
        let first = try readByte()
        if first < 0x80 { return Int64(Int8(bitPattern: first << 1) >> 1) }
        return try readSignedTail(first: first, bits: 64)
    }

    /// Continues an unsigned value whose first byte had the continuation bit set.
    @inline(never)
    mutating func readUnsignedTail(first: UInt8, bits: Int) throws(ModuleError) -> UInt64 {
        let maxBytes = (bits + 6) / 7
        var result = UInt64(first & 0x7F)
        var shift = 7
        for index in 1..<maxBytes {
            let byteOffset = offset
            let byte = try readByteIgnoringEnd()
            if index == maxBytes - 1 {
                if byte & 0x80 != 0 {
                    throw ModuleError.malformed("integer representation too long", at: byteOffset)
                }
                let usedBits = bits - shift
                let unusedMask = UInt8(0x7F) & ~UInt8((1 << usedBits) - 1)
                if byte & unusedMask != 0 {
                    throw ModuleError.malformed("integer too large", at: byteOffset)
                }
            }
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return try checkedWithinEnd(result) }
            shift += 7
        }
        // Unreachable: the last byte either returns or throws above.
        throw ModuleError.malformed("integer representation too long", at: offset)
    }

    /// Continues a signed value whose first byte had the continuation bit set.
    @inline(never)
    mutating func readSignedTail(first: UInt8, bits: Int) throws(ModuleError) -> Int64 {
        let maxBytes = (bits + 6) / 7
        var result = Int64(first & 0x7F)
        var shift = 7
        for index in 1..<maxBytes {
            let byteOffset = offset
            let byte = try readByteIgnoringEnd()
            let isLast = byte & 0x80 == 0
            if index == maxBytes - 1 {
                if !isLast {
                    throw ModuleError.malformed("integer representation too long", at: byteOffset)
                }
                // The bits past `bits` must all equal the value's sign bit.
                let usedBits = bits - shift
                let signBit = (byte >> UInt8(usedBits - 1)) & 1
                let unusedMask = UInt8(0x7F) & ~UInt8((1 << usedBits) - 1)
                let expected: UInt8 = signBit == 1 ? unusedMask : 0
                if byte & unusedMask != expected {
                    throw ModuleError.malformed("integer too large", at: byteOffset)
                }
            }
            result |= Int64(byte & 0x7F) << Int64(shift)
            shift += 7
            if isLast {
                if shift < 64 && byte & 0x40 != 0 {
                    result |= -1 << Int64(shift)
                }
                return try checkedWithinEnd(result)
            }
        }
        throw ModuleError.malformed("integer representation too long", at: offset)
    }

    /// Reads the next byte of the whole buffer, even past this reader's end.
    private mutating func readByteIgnoringEnd() throws(ModuleError) -> UInt8 {
        guard offset < bytes.count else { throw unexpectedEnd() }
        let byte = bytes[offset]
        offset &+= 1
        return byte
    }

    /// A well-formed value that ran past `end` is still an unexpected end.
    private func checkedWithinEnd<Value>(_ value: Value) throws(ModuleError) -> Value {
        guard offset <= end else { throw ModuleError.malformed(endMessage, at: end) }
        return value
    }
}
