import WasmInterpreter

/// Lowering host-side values into a component instance (CanonicalABI.md,
/// `lower_flat` and `store`). A value that does not fit its type (a host
/// bug) traps with the reason instead of writing anything wrong.
extension CanonicalContext {
    static func mismatch(_ value: ComponentValue, _ type: ComponentValueType) -> Trap {
        CanonicalTrap.trap("value \(value) does not have type \(type)")
    }

    static func floatBits(_ value: Float) -> UInt32 {
        value.isNaN ? canonicalNaN32 : value.bitPattern
    }

    static func floatBits(_ value: Double) -> UInt64 {
        value.isNaN ? canonicalNaN64 : value.bitPattern
    }

    /// The integer form of scalar values (everything that flattens to one
    /// i32 or i64 and is stored as an integer), or nil.
    func scalarBits(_ value: ComponentValue, _ type: ComponentValueType) throws(Trap) -> UInt64? {
        switch (value, type) {
        case (.bool(let v), .bool): return v ? 1 : 0
        case (.u8(let v), .u8): return UInt64(v)
        case (.s8(let v), .s8): return UInt64(UInt32(bitPattern: Int32(v)))
        case (.u16(let v), .u16): return UInt64(v)
        case (.s16(let v), .s16): return UInt64(UInt32(bitPattern: Int32(v)))
        case (.u32(let v), .u32): return UInt64(v)
        case (.s32(let v), .s32): return UInt64(UInt32(bitPattern: v))
        case (.u64(let v), .u64): return v
        case (.s64(let v), .s64): return UInt64(bitPattern: v)
        case (.f32(let v), .f32): return UInt64(Self.floatBits(v))
        case (.f64(let v), .f64): return Self.floatBits(v)
        case (.char(let v), .char): return UInt64(v.value)
        case (.enum(let index), .enum(let names)):
            guard Int(index) < names.count else { throw Self.mismatch(value, type) }
            return UInt64(index)
        case (.flags(let set), .flags(let labels)):
            var bits: UInt64 = 0
            for index in set {
                guard Int(index) < labels.count else { throw Self.mismatch(value, type) }
                bits |= 1 << UInt64(index)
            }
            return bits
        default: return nil
        }
    }

    /// `lower_flat`: appends the flattened form of `value` to `flat`.
    mutating func lowerFlat(_ value: ComponentValue, _ type: ComponentValueType, into flat: inout [UInt64],
                            figures: TypeFigures? = nil) throws(Trap) {
        if let bits = try scalarBits(value, type) {
            flat.append(bits)
            return
        }
        switch (value, type) {
        case (.string(let text), .string):
            let (pointer, units) = try storeString(text)
            flat.append(UInt64(pointer))
            flat.append(UInt64(units))
        case (_, .list(let element)):
            let (pointer, count) = try storeList(value, element)
            flat.append(UInt64(pointer))
            flat.append(UInt64(count))
        case (_, .fixedLengthList(let element, let length)):
            for value in try Self.fixedElements(value, element, length) { try lowerFlat(value, element, into: &flat) }
        case (.map(let entries), .map(let key, let valueType)):
            let (pointer, count) = try storeMap(entries, key, valueType)
            flat.append(UInt64(pointer))
            flat.append(UInt64(count))
        case (.record(let values), .record(let fields)) where values.count == fields.count:
            for (value, field) in zip(values, fields) { try lowerFlat(value, field.type, into: &flat) }
        case (.tuple(let values), .tuple(let types)) where values.count == types.count:
            for (value, type) in zip(values, types) { try lowerFlat(value, type, into: &flat) }
        case (_, .variant), (_, .option), (_, .result):
            let (index, payload) = try Self.variantCase(value, type)
            flat.append(UInt64(index))
            let width = figures?.payloadWidth ?? CanonicalLayout.payloadWidth(type)
            let start = flat.count
            if let payload, let payloadType = CanonicalLayout.payloadType(type, case: Int(index)) {
                try lowerFlat(payload, payloadType, into: &flat)
            }
            flat.append(contentsOf: repeatElement(0, count: start + width - flat.count))
        case (.own(let rep), .own(let resource)):
            flat.append(UInt64(try lowerOwn(rep, resource)))
        case (.borrow(let rep), .borrow(let resource)), (.own(let rep), .borrow(let resource)):
            flat.append(UInt64(try lowerBorrow(rep, resource)))
        case (.stream(let key), .stream(let element)): flat.append(UInt64(try lowerAsyncValue(key, .stream, element)))
        case (.future(let key), .future(let element)): flat.append(UInt64(try lowerAsyncValue(key, .future, element)))
        case (.errorContext(let key), .errorContext): flat.append(UInt64(try lowerErrorContext(key)))
        default:
            throw Self.mismatch(value, type)
        }
    }

    /// The case index and payload of a variant-like value.
    static func variantCase(_ value: ComponentValue, _ type: ComponentValueType) throws(Trap) -> (UInt32, ComponentValue?) {
        let result: (UInt32, ComponentValue?)
        switch (value, type) {
        case (.option(let payload), .option): result = (payload == nil ? 0 : 1, payload)
        case (.ok(let payload), .result(let ok, _)) where (payload == nil) == (ok == nil): result = (0, payload)
        case (.error(let payload), .result(_, let error)) where (payload == nil) == (error == nil): result = (1, payload)
        case (.variant(let index, let payload), .variant(let cases)) where Int(index) < cases.count
            && (payload == nil) == (cases[Int(index)].type == nil):
            result = (index, payload)
        default: throw mismatch(value, type)
        }
        return result
    }

    /// `store`: writes `value` at `address` (aligned by the caller);
    /// `figures`, when given, are `type`'s.
    mutating func store(_ value: ComponentValue, _ type: ComponentValueType, at address: Int,
                        figures: TypeFigures? = nil) throws(Trap) {
        let memory = try memory()
        let size = figures?.size ?? CanonicalLayout.size(type)
        _ = try checkRange(UInt64(address), UInt64(size), "value")
        if let bits = try scalarBits(value, type) {
            switch size {
            case 1: try memory.store(UInt8(truncatingIfNeeded: bits), at: address)
            case 2: try memory.store(UInt16(truncatingIfNeeded: bits), at: address)
            case 4: try memory.store(UInt32(truncatingIfNeeded: bits), at: address)
            default: try memory.store(bits, at: address)
            }
            return
        }
        switch (value, type) {
        case (.string(let text), .string):
            let (pointer, units) = try storeString(text)
            try memory.store(pointer, at: address)
            try memory.store(units, at: address + 4)
        case (_, .list(let element)):
            let (pointer, count) = try storeList(value, element)
            try memory.store(pointer, at: address)
            try memory.store(count, at: address + 4)
        case (.bytes(let bytes), .fixedLengthList(let element, let length))
            where bytes.count == length && (element == .u8 || element == .s8):
            try memory.write(bytes, at: address)
        case (_, .fixedLengthList(let element, let length)):
            let values = try Self.fixedElements(value, element, length)
            try storeFields(values, repeatElement(element, count: length), at: address)
        case (.map(let entries), .map(let key, let valueType)):
            let (pointer, count) = try storeMap(entries, key, valueType)
            try memory.store(pointer, at: address)
            try memory.store(count, at: address + 4)
        case (.record(let values), .record(let fields)) where values.count == fields.count:
            try storeFields(values, fields.map(\.type), at: address)
        case (.tuple(let values), .tuple(let types)) where values.count == types.count:
            try storeFields(values, types, at: address)
        case (_, .variant), (_, .option), (_, .result):
            let (index, payload) = try Self.variantCase(value, type)
            let discriminantSize = CanonicalLayout.discriminantSize(CanonicalLayout.caseCount(type))
            switch discriminantSize {
            case 1: try memory.store(UInt8(index), at: address)
            case 2: try memory.store(UInt16(index), at: address)
            default: try memory.store(index, at: address)
            }
            if let payload, let payloadType = CanonicalLayout.payloadType(type, case: Int(index)) {
                let caseAlignment = figures?.caseAlignment ?? CanonicalLayout.maxCaseAlignment(type)
                try store(payload, payloadType, at: CanonicalLayout.alignUp(address + discriminantSize, caseAlignment))
            }
        case (.own(let rep), .own(let resource)):
            try memory.store(try lowerOwn(rep, resource), at: address)
        case (.borrow(let rep), .borrow(let resource)), (.own(let rep), .borrow(let resource)):
            try memory.store(try lowerBorrow(rep, resource), at: address)
        case (.stream(let key), .stream(let element)): try memory.store(try lowerAsyncValue(key, .stream, element), at: address)
        case (.future(let key), .future(let element)): try memory.store(try lowerAsyncValue(key, .future, element), at: address)
        case (.errorContext(let key), .errorContext): try memory.store(try lowerErrorContext(key), at: address)
        default:
            throw Self.mismatch(value, type)
        }
    }

    mutating func storeFields(_ values: [ComponentValue], _ types: some Sequence<ComponentValueType>,
                              at address: Int) throws(Trap) {
        var offset = address
        for (value, type) in zip(values, types) {
            offset = CanonicalLayout.alignUp(offset, CanonicalLayout.alignment(type))
            try store(value, type, at: offset)
            offset += CanonicalLayout.size(type)
        }
    }

    /// Allocates and fills a list; returns its pointer and length.
    mutating func storeList(_ value: ComponentValue, _ element: ComponentValueType) throws(Trap) -> (UInt32, UInt32) {
        let size = CanonicalLayout.size(element)
        let alignment = CanonicalLayout.alignment(element)
        switch value {
        case .bytes(let bytes) where element == .u8 || element == .s8:
            guard bytes.count <= Int(UInt32.max) else { throw CanonicalTrap.listTooLong }
            let pointer = try allocate(alignment: 1, size: bytes.count)
            try memory().write(bytes, at: pointer)
            return (UInt32(pointer), UInt32(bytes.count))
        case .list(let values):
            let (total, overflow) = values.count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= Int(UInt32.max) else { throw CanonicalTrap.listTooLong }
            let pointer = try allocate(alignment: alignment, size: total)
            for (index, element_) in values.enumerated() {
                try store(element_, element, at: pointer + index * size)
            }
            return (UInt32(pointer), UInt32(values.count))
        default:
            throw Self.mismatch(value, .list(element))
        }
    }

    /// The elements of a `list<T, N>` value: exactly `length` of them
    /// (`list<u8, N>` may come as bytes, as `list<u8>` does).
    static func fixedElements(_ value: ComponentValue, _ element: ComponentValueType,
                              _ length: Int) throws(Trap) -> [ComponentValue] {
        switch value {
        case .list(let values) where values.count == length: return values
        case .bytes(let bytes) where bytes.count == length && element == .u8: return bytes.map { .u8($0) }
        case .bytes(let bytes) where bytes.count == length && element == .s8: return bytes.map { .s8(Int8(bitPattern: $0)) }
        default: throw mismatch(value, .fixedLengthList(element, length: length))
        }
    }

    /// `store_list_into_range` of the map's entries as `tuple<K, V>`s.
    mutating func storeMap(_ entries: [ComponentValue.MapEntry], _ key: ComponentValueType,
                           _ value: ComponentValueType) throws(Trap) -> (UInt32, UInt32) {
        let entry = CanonicalLayout.mapEntry(key, value)
        let size = CanonicalLayout.size(entry)
        let (total, overflow) = entries.count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= Int(UInt32.max) else { throw CanonicalTrap.listTooLong }
        let pointer = try allocate(alignment: CanonicalLayout.alignment(entry), size: total)
        let valueOffset = CanonicalLayout.alignUp(CanonicalLayout.size(key), CanonicalLayout.alignment(value))
        for (index, item) in entries.enumerated() {
            try store(item.key, key, at: pointer + index * size)
            try store(item.value, value, at: pointer + index * size + valueOffset)
        }
        return (UInt32(pointer), UInt32(entries.count))
    }
}
