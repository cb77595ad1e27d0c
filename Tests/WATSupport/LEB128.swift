/// LEB128 encoding for tests that write module and component bytes by hand.
package enum LEB128 {
    /// The unsigned encoding of `value` (section sizes, vector lengths, indices).
    package static func unsigned(_ value: Int) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }
}
