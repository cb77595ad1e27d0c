/// `metadata-hash` values as wasmtime computes them, so that a guest sees
/// the same numbers (wasi-libc reports the lower half as `st_ino`): Rust's
/// `DefaultHasher` (SipHash-1-3, both keys zero) over the file's device and
/// inode, 64-bit little-endian each; the upper half is the lower one XOR
/// the bits of the double nearest pi (wasmtime's `MetadataHashValue::new`).
enum MetadataHash {
    static func value(device: UInt64, inode: UInt64) -> (lower: UInt64, upper: UInt64) {
        let lower = sipHash13(device, inode)
        return (lower, lower ^ 4_614_256_656_552_045_848)
    }

    /// SipHash-1-3 with a zero key over two little-endian words (16 bytes).
    static func sipHash13(_ words: UInt64...) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575
        var v1: UInt64 = 0x646f_7261_6e64_6f6d
        var v2: UInt64 = 0x6c79_6765_6e65_7261
        var v3: UInt64 = 0x7465_6462_7974_6573
        func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        for word in words {
            v3 ^= word
            round()
            v0 ^= word
        }
        // The last block holds the message length (in bytes) in its top byte.
        let last = UInt64(truncatingIfNeeded: words.count * 8) << 56
        v3 ^= last
        round()
        v0 ^= last
        v2 ^= 0xff
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
