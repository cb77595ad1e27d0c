/// The `name` custom section (spec §7.4.1): names for the module, its functions
/// and their locals, used in backtraces and debugging output.
///
/// Custom sections never make a module malformed, so a broken name section is
/// dropped as a whole (`decode` returns nil) rather than reported.
public struct NameSection: Sendable, Hashable {
    public internal(set) var moduleName: String?
    public internal(set) var functionNames: [UInt32: String] = [:]
    public internal(set) var localNames: [UInt32: [UInt32: String]] = [:]

    static func decode(_ reader: ByteReader) -> NameSection? {
        var reader = reader
        var section = NameSection()
        var lastId: Int = -1
        do {
            while !reader.isAtEnd {
                let id = Int(try reader.readByte())
                let size = Int(try reader.readU32())
                var sub = try reader.subReader(length: size)
                // Known subsections appear at most once, in increasing order.
                guard id > lastId else { return nil }
                lastId = id
                switch id {
                case 0:
                    section.moduleName = try sub.readName()
                case 1:
                    section.functionNames = try readNameMap(&sub)
                case 2:
                    let count = try sub.readCount()
                    for _ in 0..<count {
                        let function = try sub.readU32()
                        section.localNames[function] = try readNameMap(&sub)
                    }
                default:
                    continue  // Subsections of later proposals: skipped, as the spec allows.
                }
                guard sub.isAtEnd else { return nil }
            }
        } catch {
            return nil
        }
        return section
    }

    /// A name map: index -> name, indices strictly increasing.
    private static func readNameMap(_ reader: inout ByteReader) throws(ModuleError) -> [UInt32: String] {
        let count = try reader.readCount()
        var map: [UInt32: String] = [:]
        map.reserveCapacity(count)
        var previous: Int64 = -1
        for _ in 0..<count {
            let index = try reader.readU32()
            guard Int64(index) > previous else {
                throw ModuleError.malformed("name map indices out of order", at: reader.offset)
            }
            previous = Int64(index)
            map[index] = try reader.readName()
        }
        return map
    }
}
