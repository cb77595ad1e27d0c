import WasmInterpreter

/// Strings in the three encodings of `canon` options (CanonicalABI.md,
/// "Strings"), read with every range and encoding checked and written in
/// the destination's encoding.
extension CanonicalContext {
    static let utf16Tag: UInt32 = 1 << 31
    static let maximumStringBytes = Int(Int32.max)
    /// `MAX_STRING_BYTE_LENGTH`: the longest string a guest may pass, in
    /// bytes, so that any transcoding of it stays below 2^32 bytes.
    static let maximumLoadedStringBytes: UInt64 = (1 << 28) - 1

    mutating func loadString(pointer: UInt32, taggedUnits: UInt32) throws(Trap) -> String {
        let alignment: Int
        let byteCount: UInt64
        enum Encoding { case utf8, utf16, latin1 }
        let encoding: Encoding
        switch options.encoding {
        case .utf8:
            (alignment, byteCount, encoding) = (1, UInt64(taggedUnits), .utf8)
        case .utf16:
            (alignment, byteCount, encoding) = (2, 2 * UInt64(taggedUnits), .utf16)
        case .latin1UTF16:
            if taggedUnits & Self.utf16Tag != 0 {
                (alignment, byteCount, encoding) = (2, 2 * UInt64(taggedUnits ^ Self.utf16Tag), .utf16)
            } else {
                (alignment, byteCount, encoding) = (2, UInt64(taggedUnits), .latin1)
            }
        }
        guard byteCount <= Self.maximumLoadedStringBytes else { throw CanonicalTrap.stringTooLong }
        guard Int(pointer) % alignment == 0 else { throw CanonicalTrap.misaligned("string pointer") }
        let start = try checkRange(UInt64(pointer), byteCount, "string")
        try budget.spend(Int(byteCount), nodeBytes: 1)
        let bytes = try memory().read(at: start, count: Int(byteCount))
        switch encoding {
        case .utf8:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw CanonicalTrap.invalidUTF8 }
            return text
        case .utf16:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
                index += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else { throw CanonicalTrap.invalidUTF16 }
            return text
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        }
    }

    /// Writes `text` into memory allocated with `realloc`; returns the
    /// pointer and the (tagged) code-unit count.
    func storeString(_ text: String) throws(Trap) -> (pointer: UInt32, units: UInt32) {
        let memory = try memory()
        switch options.encoding {
        case .utf8:
            let bytes = Array(text.utf8)
            guard bytes.count <= Self.maximumStringBytes else { throw CanonicalTrap.stringTooLong }
            let pointer = try allocate(alignment: 1, size: bytes.count)
            try memory.write(bytes, at: pointer)
            return (UInt32(pointer), UInt32(bytes.count))
        case .utf16:
            let units = Array(text.utf16)
            return try storeUTF16(units, memory: memory, tagged: false)
        case .latin1UTF16:
            if text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) {
                let bytes = text.unicodeScalars.map { UInt8($0.value) }
                guard bytes.count <= Self.maximumStringBytes else { throw CanonicalTrap.stringTooLong }
                let pointer = try allocate(alignment: 2, size: bytes.count)
                try memory.write(bytes, at: pointer)
                return (UInt32(pointer), UInt32(bytes.count))
            }
            return try storeUTF16(Array(text.utf16), memory: memory, tagged: true)
        }
    }

    private func storeUTF16(_ units: [UInt16], memory: LinearMemory, tagged: Bool) throws(Trap) -> (pointer: UInt32, units: UInt32) {
        guard units.count * 2 <= Self.maximumStringBytes else { throw CanonicalTrap.stringTooLong }
        let pointer = try allocate(alignment: 2, size: units.count * 2)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count * 2)
        for unit in units {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        try memory.write(bytes, at: pointer)
        return (UInt32(pointer), UInt32(units.count) | (tagged ? Self.utf16Tag : 0))
    }
}
