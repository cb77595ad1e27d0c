// The fuzz input read as choices: a component value type, where it is read
// from, the handle table, then the memory's contents (see ../README.md).

/// Reads an input front to back; past its end every read is zero, so every
/// input is a complete set of choices.
struct FuzzInput {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// A number in 0..<count.
    mutating func below(_ count: Int) -> Int { Int(byte()) % count }

    mutating func u32() -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(byte()) << UInt32(shift) }
        return value
    }

    mutating func u64() -> UInt64 { UInt64(u32()) | UInt64(u32()) << 32 }

    /// What is left: the memory's contents.
    var rest: ArraySlice<UInt8> { position < bytes.count ? bytes[position...] : [] }
}

/// Builds a value type from the input: every kind of the component model,
/// nested at most `maximumDepth` deep and with at most `maximumNodes` nodes.
struct ValueTypeGenerator {
    static let maximumDepth = 5
    static let maximumNodes = 40
    /// A fixed-length list is 1 to this many elements long.
    static let maximumFixedLength = 64
    /// ... and flattens to at most this many values (or one element's), so
    /// that nested `list<list<T, 64>, 64>`s stay small: the flat values are
    /// read from the input and every element is lifted.
    static let maximumFixedFlatCount = 256

    let resources: [ResourceType]
    var nodes = 0

    /// The key types a map may have (`ComponentValueType.isMapKey`).
    static let mapKeys: [ComponentValueType] = [.bool, .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64, .char, .string]

    mutating func type(_ input: inout FuzzInput, depth: Int = 0) -> ComponentValueType {
        nodes += 1
        var choice = input.below(25)
        let compound = choice >= 13 && choice <= 22
        if compound, depth >= Self.maximumDepth || nodes >= Self.maximumNodes { choice %= 12 }
        switch choice {
        case 0: return .bool
        case 1: return .s8
        case 2: return .u8
        case 3: return .s16
        case 4: return .u16
        case 5: return .s32
        case 6: return .u32
        case 7: return .s64
        case 8: return .u64
        case 9: return .f32
        case 10: return .f64
        case 11: return .char
        case 12: return .string
        case 13: return .list(type(&input, depth: depth + 1))
        case 14:
            let count = 1 + input.below(5)
            return .record((0..<count).map { .init("f\($0)", type(&input, depth: depth + 1)) })
        case 15:
            let count = 1 + input.below(5)
            return .tuple((0..<count).map { _ in type(&input, depth: depth + 1) })
        case 16:
            // Over 256 cases takes a 2-byte discriminant; only the first few carry payloads.
            let mode = input.byte()
            let count = mode & 0x80 != 0 ? 257 + Int(mode & 0x3f) : 1 + Int(mode % 5)
            var cases: [ComponentValueType.Case] = []
            for index in 0..<count {
                let payload = index < 5 && input.byte() & 1 == 1 ? type(&input, depth: depth + 1) : nil
                cases.append(.init("c\(index)", payload))
            }
            return .variant(cases)
        case 17:
            let mode = input.byte()
            let count = mode & 0x80 != 0 ? 257 + Int(mode & 0x3f) : 1 + Int(mode % 6)
            return .enum((0..<count).map { "e\($0)" })
        case 18: return .option(type(&input, depth: depth + 1))
        case 19:
            let shape = input.byte()
            let ok = shape & 1 == 1 ? type(&input, depth: depth + 1) : nil
            let error = shape & 2 == 2 ? type(&input, depth: depth + 1) : nil
            return .result(ok: ok, error: error)
        case 20: return .flags((0..<(1 + input.below(32))).map { "g\($0)" })
        case 21:
            nodes += 1
            let key = Self.mapKeys[input.below(Self.mapKeys.count)]
            return .map(key: key, value: type(&input, depth: depth + 1))
        case 22:
            let wanted = 1 + input.below(Self.maximumFixedLength)
            let element = type(&input, depth: depth + 1)
            let flatCount = CanonicalLayout.flatten(element, limit: Self.maximumFixedFlatCount).count
            // Validation's bound too: under 2^28 bytes with 64-bit pointers.
            let size = CanonicalLayout.size(element, pointerSize: 8)
            let length = max(1, min(wanted, Self.maximumFixedFlatCount / flatCount, (ValidationScope.maximumByteSize - 1) / size))
            return .fixedLengthList(element, length: length)
        case 23: return .own(resources[input.below(resources.count)])
        default: return .borrow(resources[input.below(resources.count)])
        }
    }
}
