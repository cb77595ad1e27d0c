import WasmInterpreter

/// Reads flattened core values in order (CanonicalABI.md, `CoreValueIter`).
/// Slots hold raw bits, so a payload narrower than its joined slot is read
/// by truncation, which is what the ABI's coercions amount to.
struct FlatReader {
    let slots: UnsafeMutableBufferPointer<UInt64>
    var position = 0

    mutating func next() -> UInt64 {
        defer { position += 1 }
        return position < slots.count ? slots[position] : 0
    }

    mutating func nextU32() -> UInt32 { UInt32(truncatingIfNeeded: next()) }
}

extension CanonicalContext {
    static let canonicalNaN32: UInt32 = 0x7fc0_0000
    static let canonicalNaN64: UInt64 = 0x7ff8_0000_0000_0000

    static func float32(_ bits: UInt32) -> Float {
        let value = Float(bitPattern: bits)
        return value.isNaN ? Float(bitPattern: canonicalNaN32) : value
    }

    static func float64(_ bits: UInt64) -> Double {
        let value = Double(bitPattern: bits)
        return value.isNaN ? Double(bitPattern: canonicalNaN64) : value
    }

    static func char(_ code: UInt32) throws(Trap) -> Unicode.Scalar {
        guard code < 0x110000, !(0xD800...0xDFFF).contains(code), let scalar = Unicode.Scalar(code) else {
            throw CanonicalTrap.invalidChar(code)
        }
        return scalar
    }

    /// `lift_flat`; `figures`, when given, are `type`'s.
    mutating func liftFlat(_ type: ComponentValueType, _ reader: inout FlatReader,
                           figures: TypeFigures? = nil) throws(Trap) -> ComponentValue {
        switch type {
        case .bool: return .bool(reader.nextU32() != 0)
        case .u8: return .u8(UInt8(truncatingIfNeeded: reader.next()))
        case .s8: return .s8(Int8(truncatingIfNeeded: reader.next()))
        case .u16: return .u16(UInt16(truncatingIfNeeded: reader.next()))
        case .s16: return .s16(Int16(truncatingIfNeeded: reader.next()))
        case .u32: return .u32(reader.nextU32())
        case .s32: return .s32(Int32(bitPattern: reader.nextU32()))
        case .u64: return .u64(reader.next())
        case .s64: return .s64(Int64(bitPattern: reader.next()))
        case .f32: return .f32(Self.float32(reader.nextU32()))
        case .f64: return .f64(Self.float64(reader.next()))
        case .char: return .char(try Self.char(reader.nextU32()))
        case .string:
            let pointer = reader.nextU32()
            let units = reader.nextU32()
            return .string(try loadString(pointer: pointer, taggedUnits: units))
        case .list(let element):
            let pointer = reader.nextU32()
            let count = reader.nextU32()
            return try loadList(element, pointer: pointer, count: count)
        case .fixedLengthList(let element, let length):
            // At most 16 flat values, or the caller would have gone through memory.
            if element == .u8 {
                var bytes: [UInt8] = []
                for _ in 0..<length { bytes.append(UInt8(truncatingIfNeeded: reader.next())) }
                return .bytes(bytes)
            }
            var values: [ComponentValue] = []
            for _ in 0..<length { values.append(try liftFlat(element, &reader)) }
            return .list(values)
        case .map(let key, let value):
            let pointer = reader.nextU32()
            let count = reader.nextU32()
            return try loadMap(key, value, pointer: pointer, count: count)
        case .record(let fields):
            var values: [ComponentValue] = []
            values.reserveCapacity(fields.count)
            for field in fields { values.append(try liftFlat(field.type, &reader)) }
            return .record(values)
        case .tuple(let elements):
            var values: [ComponentValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try liftFlat(element, &reader)) }
            return .tuple(values)
        case .flags(let labels):
            return .flags(Self.unpackFlags(UInt64(reader.nextU32()), count: labels.count))
        case .enum(let names):
            let index = reader.nextU32()
            guard Int(index) < names.count else { throw CanonicalTrap.badDiscriminant(index, names.count) }
            return .enum(index)
        case .variant, .option, .result:
            let count = CanonicalLayout.caseCount(type)
            let index = reader.nextU32()
            guard Int(index) < count else { throw CanonicalTrap.badDiscriminant(index, count) }
            let width = figures?.payloadWidth ?? CanonicalLayout.payloadWidth(type)
            let end = reader.position + width
            var payload: ComponentValue?
            if let payloadType = CanonicalLayout.payloadType(type, case: Int(index)) {
                payload = try liftFlat(payloadType, &reader)
            }
            reader.position = end
            return Self.variantValue(type, case: index, payload: payload)
        case .own(let resource): return .own(try liftOwn(reader.nextU32(), resource))
        case .borrow(let resource): return .borrow(try liftBorrow(reader.nextU32(), resource))
        case .stream(let element): return .stream(try liftAsyncValue(reader.nextU32(), .stream, element))
        case .future(let element): return .future(try liftAsyncValue(reader.nextU32(), .future, element))
        case .errorContext: return .errorContext(try liftErrorContext(reader.nextU32()))
        }
    }

    static func variantValue(_ type: ComponentValueType, case index: UInt32, payload: ComponentValue?) -> ComponentValue {
        switch type {
        case .option: index == 0 ? .option(nil) : .option(payload)
        case .result: index == 0 ? .ok(payload) : .error(payload)
        default: .variant(case: index, payload: payload)
        }
    }

    static func unpackFlags(_ bits: UInt64, count: Int) -> [UInt32] {
        var set: [UInt32] = []
        for index in 0..<count where bits & (1 << UInt64(index)) != 0 { set.append(UInt32(index)) }
        return set
    }

    /// `load`: a value of `type` at `address`, which the caller has aligned.
    mutating func load(_ type: ComponentValueType, at address: Int) throws(Trap) -> ComponentValue {
        let memory = try memory()
        _ = try checkRange(UInt64(address), UInt64(CanonicalLayout.size(type)), "value")
        switch type {
        case .bool: return .bool(try memory.load(UInt8.self, at: address) != 0)
        case .u8: return .u8(try memory.load(UInt8.self, at: address))
        case .s8: return .s8(Int8(bitPattern: try memory.load(UInt8.self, at: address)))
        case .u16: return .u16(try memory.load(UInt16.self, at: address))
        case .s16: return .s16(Int16(bitPattern: try memory.load(UInt16.self, at: address)))
        case .u32: return .u32(try memory.load(UInt32.self, at: address))
        case .s32: return .s32(Int32(bitPattern: try memory.load(UInt32.self, at: address)))
        case .u64: return .u64(try memory.load(UInt64.self, at: address))
        case .s64: return .s64(Int64(bitPattern: try memory.load(UInt64.self, at: address)))
        case .f32: return .f32(Self.float32(try memory.load(UInt32.self, at: address)))
        case .f64: return .f64(Self.float64(try memory.load(UInt64.self, at: address)))
        case .char: return .char(try Self.char(try memory.load(UInt32.self, at: address)))
        case .string:
            return .string(try loadString(pointer: try memory.load(UInt32.self, at: address),
                                          taggedUnits: try memory.load(UInt32.self, at: address + 4)))
        case .list(let element):
            return try loadList(element, pointer: try memory.load(UInt32.self, at: address),
                                count: try memory.load(UInt32.self, at: address + 4))
        case .fixedLengthList(let element, let length):
            return try loadElements(element, at: address, count: length)
        case .map(let key, let value):
            return try loadMap(key, value, pointer: try memory.load(UInt32.self, at: address),
                               count: try memory.load(UInt32.self, at: address + 4))
        case .record(let fields):
            try budget.spend(fields.count)
            var values: [ComponentValue] = []
            var offset = address
            for field in fields {
                offset = CanonicalLayout.alignUp(offset, CanonicalLayout.alignment(field.type))
                values.append(try load(field.type, at: offset))
                offset += CanonicalLayout.size(field.type)
            }
            return .record(values)
        case .tuple(let elements):
            try budget.spend(elements.count)
            var values: [ComponentValue] = []
            var offset = address
            for element in elements {
                offset = CanonicalLayout.alignUp(offset, CanonicalLayout.alignment(element))
                values.append(try load(element, at: offset))
                offset += CanonicalLayout.size(element)
            }
            return .tuple(values)
        case .flags(let labels):
            let bits: UInt64
            switch CanonicalLayout.flagsSize(labels.count) {
            case 1: bits = UInt64(try memory.load(UInt8.self, at: address))
            case 2: bits = UInt64(try memory.load(UInt16.self, at: address))
            default: bits = UInt64(try memory.load(UInt32.self, at: address))
            }
            return .flags(Self.unpackFlags(bits, count: labels.count))
        case .enum, .variant, .option, .result:
            let count = CanonicalLayout.caseCount(type)
            let discriminantSize = CanonicalLayout.discriminantSize(count)
            let index: UInt32
            switch discriminantSize {
            case 1: index = UInt32(try memory.load(UInt8.self, at: address))
            case 2: index = UInt32(try memory.load(UInt16.self, at: address))
            default: index = try memory.load(UInt32.self, at: address)
            }
            guard Int(index) < count else { throw CanonicalTrap.badDiscriminant(index, count) }
            if case .enum = type { return .enum(index) }
            var payload: ComponentValue?
            if let payloadType = CanonicalLayout.payloadType(type, case: Int(index)) {
                let offset = CanonicalLayout.alignUp(address + discriminantSize, CanonicalLayout.maxCaseAlignment(type))
                try budget.spend(1)
                payload = try load(payloadType, at: offset)
            }
            return Self.variantValue(type, case: index, payload: payload)
        case .own(let resource): return .own(try liftOwn(try memory.load(UInt32.self, at: address), resource))
        case .borrow(let resource): return .borrow(try liftBorrow(try memory.load(UInt32.self, at: address), resource))
        case .stream(let element):
            return .stream(try liftAsyncValue(try memory.load(UInt32.self, at: address), .stream, element))
        case .future(let element):
            return .future(try liftAsyncValue(try memory.load(UInt32.self, at: address), .future, element))
        case .errorContext: return .errorContext(try liftErrorContext(try memory.load(UInt32.self, at: address)))
        }
    }

    /// `MAX_LIST_BYTE_LENGTH`: the most bytes a guest's list may span.
    static let maximumLoadedListBytes: UInt64 = (1 << 28) - 1

    /// `load_list_from_range`: the byte length is checked before the
    /// alignment and the bounds, in 64-bit arithmetic.
    mutating func loadList(_ element: ComponentValueType, pointer: UInt32, count: UInt32) throws(Trap) -> ComponentValue {
        let start = try checkListRange(element, pointer: pointer, count: count)
        return try loadElements(element, at: start, count: Int(count))
    }

    /// The checks of `load_list_from_range` for `count` elements of
    /// `element` at `pointer`; returns the pointer as Int.
    func checkListRange(_ element: ComponentValueType, pointer: UInt32, count: UInt32) throws(Trap) -> Int {
        let (byteCount, overflow) = UInt64(count).multipliedReportingOverflow(by: UInt64(CanonicalLayout.size(element)))
        guard !overflow, byteCount <= Self.maximumLoadedListBytes else { throw CanonicalTrap.listTooLong }
        guard Int(pointer) % CanonicalLayout.alignment(element) == 0 else { throw CanonicalTrap.misaligned("list pointer") }
        return try checkRange(UInt64(pointer), byteCount, "list")
    }

    /// `load_list_from_valid_range`: `count` elements from `start`, which
    /// is checked (a list's range, or inside a fixed-length list's value).
    mutating func loadElements(_ element: ComponentValueType, at start: Int, count: Int) throws(Trap) -> ComponentValue {
        if element == .u8 {
            try budget.spend(count, nodeBytes: 1)
            return .bytes(try memory().read(at: start, count: count))
        }
        try budget.spend(count)
        let size = CanonicalLayout.size(element)
        var values: [ComponentValue] = []
        values.reserveCapacity(count)
        for index in 0..<count { values.append(try load(element, at: start + index * size)) }
        return .list(values)
    }

    /// A map is lifted as `list<tuple<K, V>>` (`despecialize`), with the
    /// same checks, into entries in the guest's order.
    mutating func loadMap(_ key: ComponentValueType, _ value: ComponentValueType,
                          pointer: UInt32, count: UInt32) throws(Trap) -> ComponentValue {
        let entry = CanonicalLayout.mapEntry(key, value)
        let start = try checkListRange(entry, pointer: pointer, count: count)
        try budget.spend(2 * Int(count))
        let size = CanonicalLayout.size(entry)
        let valueOffset = CanonicalLayout.alignUp(CanonicalLayout.size(key), CanonicalLayout.alignment(value))
        var entries: [ComponentValue.MapEntry] = []
        entries.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let address = start + index * size
            entries.append(.init(try load(key, at: address), try load(value, at: address + valueOffset)))
        }
        return .map(entries)
    }
}
