import WasmDecoder

/// Bulk memory instructions (spec §4.4.7): bounds are checked for the whole
/// range first, so a trapping instruction writes nothing.
enum Bulk {
    static func fill(_ base: UnsafeMutableRawPointer, _ size: Int, _ destination: UInt32, _ value: UInt8,
                     _ count: UInt32) throws(Trap) {
        guard Int(destination) + Int(count) <= size else { throw Trap(.outOfBoundsMemoryAccess) }
        // SAFETY: the range was checked against the memory's size above.
        (base + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
    }

    static func copy(_ base: UnsafeMutableRawPointer, _ size: Int, _ destination: UInt32, _ source: UInt32,
                     _ count: UInt32) throws(Trap) {
        guard Int(destination) + Int(count) <= size, Int(source) + Int(count) <= size else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        // SAFETY: both ranges were checked; copyMemory handles overlap like memmove.
        (base + Int(destination)).copyMemory(from: base + Int(source), byteCount: Int(count))
    }

    static func initialize(_ instance: InstanceState, _ base: UnsafeMutableRawPointer, _ size: Int, segment: UInt32,
                           _ destination: UInt32, _ source: UInt32, _ count: UInt32) throws(Trap) {
        let data = instance.module.data[Int(segment)]
        let length = instance.droppedData[Int(segment)] ? 0 : data.range.count
        guard Int(source) + Int(count) <= length, Int(destination) + Int(count) <= size else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        guard count > 0 else { return }
        instance.module.bytes.withUnsafeBytes { bytes in
            // SAFETY: both ranges were checked above.
            (base + Int(destination)).copyMemory(from: bytes.baseAddress! + data.range.lowerBound + Int(source),
                                                 byteCount: Int(count))
        }
    }
}
