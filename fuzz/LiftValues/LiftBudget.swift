// How much a lift would build, found before lifting (see ../README.md).

import WasmInterpreter

/// An estimate, in bytes, of the host value a lift of a type from a memory
/// builds, found by reading the memory the way `load` and `liftFlat` do but
/// building nothing, and stopping once it passes `limit`.
///
/// The canonical ABI lets a small memory describe a huge value: in 64 KiB,
/// a `list<string>` of 8,192 elements can name the whole 64 KiB 8,192 times
/// (512 MiB of strings), a `list<list<u32>>` 8,192 lists of 16,384 values
/// (134 M values). Lifting such an input is correct and only slow; the
/// harness skips it so that the fuzzer's 2 GiB and 10 s limits catch bugs,
/// not the ABI's arithmetic. The estimate needs only to be of the right
/// size: where the lift would trap, it stops counting.
struct LiftBudget {
    let memory: LinearMemory
    let encoding: StringEncoding
    let limit: Int
    private(set) var spent = 0

    /// What one `ComponentValue` node costs (an indirect enum's box, with
    /// AddressSanitizer's padding), and each byte of a string or `list<u8>`.
    static let nodeCost = 64
    static let byteCost = 3

    var exceeded: Bool { spent > limit }

    init(memory: LinearMemory, encoding: StringEncoding, limit: Int) {
        self.memory = memory
        self.encoding = encoding
        self.limit = limit
    }

    private func word(_ address: Int) -> UInt32 { (try? memory.load(UInt32.self, at: address)) ?? 0 }

    private func fits(_ address: UInt64, _ count: UInt64) -> Bool {
        let (end, overflow) = address.addingReportingOverflow(count)
        return !overflow && end <= UInt64(memory.byteCount)
    }

    mutating func string(pointer: UInt32, units: UInt32) {
        let byteCount: UInt64
        switch encoding {
        case .utf8: byteCount = UInt64(units)
        case .utf16: byteCount = 2 * UInt64(units)
        case .latin1UTF16: byteCount = units & CanonicalContext.utf16Tag != 0 ? 2 * UInt64(units ^ CanonicalContext.utf16Tag) : UInt64(units)
        }
        guard fits(UInt64(pointer), byteCount) else { return }
        spent += Self.byteCost * Int(byteCount)
    }

    mutating func list(_ element: ComponentValueType, pointer: UInt32, count: UInt32) {
        let size = CanonicalLayout.size(element)
        guard fits(UInt64(pointer), UInt64(count) * UInt64(size)) else { return }
        elements(element, at: Int(pointer), count: Int(count))
    }

    /// A list's or a fixed-length list's elements, in range. Only `u8`s
    /// lift as bytes (`.bytes`); `s8`s are a node each.
    private mutating func elements(_ element: ComponentValueType, at start: Int, count: Int) {
        if element == .u8 {
            spent += Self.byteCost * count
            return
        }
        let size = CanonicalLayout.size(element)
        for index in 0..<count {
            load(element, at: start + index * size)
            if exceeded { return }
        }
    }

    /// As `CanonicalContext.load`.
    mutating func load(_ type: ComponentValueType, at address: Int) {
        spent += Self.nodeCost
        guard !exceeded, fits(UInt64(address), UInt64(CanonicalLayout.size(type))) else { return }
        switch type {
        case .string: string(pointer: word(address), units: word(address + 4))
        case .list(let element): list(element, pointer: word(address), count: word(address + 4))
        case .map(let key, let value):
            list(CanonicalLayout.mapEntry(key, value), pointer: word(address), count: word(address + 4))
        case .fixedLengthList(let element, let length): elements(element, at: address, count: length)
        case .record(let fields): self.fields(fields.map(\.type), at: address)
        case .tuple(let elements): fields(elements, at: address)
        case .variant, .option, .result:
            let count = CanonicalLayout.caseCount(type)
            let discriminantSize = CanonicalLayout.discriminantSize(count)
            var index = 0
            for byte in 0..<discriminantSize {
                index |= Int((try? memory.load(UInt8.self, at: address + byte)) ?? 0) << (8 * byte)
            }
            guard index < count, let payload = CanonicalLayout.payloadType(type, case: index) else { return }
            load(payload, at: CanonicalLayout.alignUp(address + discriminantSize, CanonicalLayout.maxCaseAlignment(type)))
        default: break
        }
    }

    private mutating func fields(_ types: [ComponentValueType], at address: Int) {
        var offset = address
        for type in types {
            offset = CanonicalLayout.alignUp(offset, CanonicalLayout.alignment(type))
            load(type, at: offset)
            offset += CanonicalLayout.size(type)
        }
    }

    /// As `CanonicalContext.liftFlat`.
    mutating func liftFlat(_ type: ComponentValueType, _ reader: inout FlatReader) {
        spent += Self.nodeCost
        switch type {
        case .string:
            let pointer = reader.nextU32()
            string(pointer: pointer, units: reader.nextU32())
        case .list(let element):
            let pointer = reader.nextU32()
            list(element, pointer: pointer, count: reader.nextU32())
        case .map(let key, let value):
            let pointer = reader.nextU32()
            list(CanonicalLayout.mapEntry(key, value), pointer: pointer, count: reader.nextU32())
        case .fixedLengthList(let element, let length):
            for _ in 0..<length {
                liftFlat(element, &reader)
                if exceeded { return }
            }
        case .record(let fields): for field in fields { liftFlat(field.type, &reader) }
        case .tuple(let elements): for element in elements { liftFlat(element, &reader) }
        case .variant, .option, .result:
            let index = Int(reader.nextU32())
            let end = reader.position + CanonicalLayout.joinedPayload(type).count
            if index < CanonicalLayout.caseCount(type), let payload = CanonicalLayout.payloadType(type, case: index) {
                liftFlat(payload, &reader)
            }
            reader.position = end
        default:
            _ = reader.next()   // every other type is one flat value
        }
    }
}
