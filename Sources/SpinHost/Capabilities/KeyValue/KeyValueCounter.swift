/// How the SQLite store keeps a number written by `increment`: eight
/// bytes, little-endian, as Spin's SQLite store does, so a `.spin`
/// directory moves between Spin and this host. (Spin's Redis store keeps
/// the decimal text Redis's INCRBY writes; `RedisKeyValueStore` does too.)
enum KeyValueCounter {
    static func encode(_ number: Int64) -> [UInt8] {
        withUnsafeBytes(of: number.littleEndian) { Array($0) }
    }

    /// Nil for a value that is not eight bytes (Spin's host panics there).
    static func decode(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reversed().reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}
