#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guest's `$iovec_array` / `$ciovec_array`, read and bounds-checked once;
/// only non-empty ranges are kept.
/// Like POSIX `readv`, at most `limit` vectors and `Int32.max` bytes are used
/// per call; the rest is a short read or write, which WASI allows.
struct IOVectors {
    static let limit = 1024

    var ranges: [Range<Int>] = []
    var totalLength = 0

    var isEmpty: Bool { totalLength == 0 }
}

extension WASIMemory {
    /// Reads `count` vectors at `address`; any vector outside the memory is
    /// `fault`, as is the array itself.
    func ioVectors(at address: UInt32, count: UInt32) throws(WASIErrno) -> IOVectors {
        let arrayStart = Int(address)
        try check(arrayStart, count: Int(count) * IovecLayout.size)
        var vectors = IOVectors()
        let used = min(Int(count), IOVectors.limit)
        vectors.ranges.reserveCapacity(used)
        for index in 0..<used {
            let entry = arrayStart + index * IovecLayout.size
            let start = Int(try load(UInt32.self, at: entry + IovecLayout.buffer))
            var length = Int(try load(UInt32.self, at: entry + IovecLayout.length))
            try check(start, count: length)
            length = min(length, Int(Int32.max) - vectors.totalLength)
            // Empty vectors move no data; dropping them keeps every kept
            // range inside the memory, whatever its (unchecked) address.
            guard length > 0 else { continue }
            vectors.ranges.append(start..<(start + length))
            vectors.totalLength += length
        }
        return vectors
    }

    /// The bytes the vectors point at, concatenated.
    func gather(_ vectors: IOVectors) throws(WASIErrno) -> [UInt8] {
        try withAllBytes { all in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(vectors.totalLength)
            // SAFETY: every range was bounds-checked in `ioVectors`.
            for range in vectors.ranges { bytes.append(contentsOf: all[range]) }
            return bytes
        }
    }

    /// Copies `bytes` into the vectors in order; returns how many fitted.
    func scatter(_ bytes: ArraySlice<UInt8>, into vectors: IOVectors) throws(WASIErrno) -> Int {
        try withAllBytes { all in
            var source = bytes.startIndex
            for range in vectors.ranges where source < bytes.endIndex {
                let count = min(range.count, bytes.endIndex - source)
                // SAFETY: `count` <= `range.count`, and the range was bounds-checked in `ioVectors`.
                let target = UnsafeMutableRawBufferPointer(rebasing: all[range.lowerBound..<(range.lowerBound + count)])
                target.copyBytes(from: bytes[source..<(source + count)])
                source += count
            }
            return source - bytes.startIndex
        }
    }

    /// Runs `body` with host `iovec`s pointing straight into guest memory, for
    /// `readv`/`writev` without a copy.
    func withHostVectors<R>(_ vectors: IOVectors, _ body: (UnsafeBufferPointer<iovec>) -> R) throws(WASIErrno) -> R {
        try withAllBytes { all in
            var hostVectors: [iovec] = []
            hostVectors.reserveCapacity(vectors.ranges.count)
            for range in vectors.ranges {
                // SAFETY: every range was bounds-checked in `ioVectors`, and the
                // memory cannot be reallocated while this host function runs.
                let base = all.baseAddress.map { $0 + range.lowerBound }
                hostVectors.append(iovec(iov_base: base, iov_len: range.count))
            }
            return hostVectors.withUnsafeBufferPointer(body)
        }
    }
}
