import Testing
@testable import WasmDecoder

@Suite struct LEB128Tests {
    func reader(_ bytes: [UInt8]) -> ByteReader { ByteReader(bytes: bytes) }

    @Test(arguments: [
        ([0x00], 0), ([0x7F], 127), ([0x80, 0x01], 128), ([0xE5, 0x8E, 0x26], 624_485),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], 0xFFFF_FFFF),
        // Padding with zero continuation bytes is allowed up to five bytes.
        ([0x80, 0x80, 0x80, 0x80, 0x00], 0),
    ] as [([UInt8], UInt32)])
    func unsigned32(bytes: [UInt8], value: UInt32) throws {
        var reader = reader(bytes)
        #expect(try reader.readU32() == value)
        #expect(reader.isAtEnd)
    }

    @Test func unsigned32TooLong() {
        var reader = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(throws: ModuleError.malformed("integer representation too long", at: 4)) { try reader.readU32() }
    }

    @Test(arguments: [[0xFF, 0xFF, 0xFF, 0xFF, 0x1F], [0x80, 0x80, 0x80, 0x80, 0x70]] as [[UInt8]])
    func unsigned32TooLarge(bytes: [UInt8]) {
        var reader = reader(bytes)
        #expect(throws: ModuleError.malformed("integer too large", at: 4)) { try reader.readU32() }
    }

    @Test(arguments: [
        ([0x00], 0), ([0x7F], -1), ([0x3F], 63), ([0x40], -64), ([0xFF, 0x00], 127), ([0x80, 0x7F], -128),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0x07], Int32.max), ([0x80, 0x80, 0x80, 0x80, 0x78], Int32.min),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0x7F], -1),
    ] as [([UInt8], Int32)])
    func signed32(bytes: [UInt8], value: Int32) throws {
        var reader = reader(bytes)
        #expect(try reader.readS32() == value)
    }

    @Test(arguments: [
        // Unused bits must repeat the sign bit (bit 3 of the fifth byte).
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x70], [0x80, 0x80, 0x80, 0x80, 0x1F],
    ] as [[UInt8]])
    func signed32TooLarge(bytes: [UInt8]) {
        var reader = reader(bytes)
        #expect(throws: ModuleError.malformed("integer too large", at: 4)) { try reader.readS32() }
    }

    @Test func signed64Extremes() throws {
        var low = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F])
        #expect(try low.readS64() == Int64.min)
        var high = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(try high.readS64() == Int64.max)
        var bad = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: ModuleError.malformed("integer too large", at: 9)) { try bad.readS64() }
        var tooLong = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(throws: ModuleError.malformed("integer representation too long", at: 9)) { try tooLong.readS64() }
    }

    @Test func unsigned64Extremes() throws {
        var max = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try max.readU64() == UInt64.max)
        var bad = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
        #expect(throws: ModuleError.malformed("integer too large", at: 9)) { try bad.readU64() }
    }

    @Test func signed33BlockTypeIndex() throws {
        // Type index 2^32 - 1 needs all 33 bits as a non-negative number.
        var reader = reader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(try reader.readS33() == 0xFFFF_FFFF)
        var negative = self.reader([0x40])
        #expect(try negative.readS33() == -64)
    }

    @Test func truncatedInputIsUnexpectedEnd() {
        var reader = reader([0x80, 0x80])
        #expect(throws: ModuleError.malformed("unexpected end", at: 2)) { try reader.readU32() }
    }
}
