import ComponentModel

/// Gives written WAVE values their meaning under a component value type
/// (wasm-tools crates/wasm-wave README, "Encoding").
extension WAVESyntax {
    func value(as type: ComponentValueType) throws(WAVEError) -> ComponentValue {
        switch type {
        case .bool:
            guard case .bool(let value) = kind else { throw mismatch(type) }
            return .bool(value)
        case .s8: return .s8(try integer(type))
        case .u8: return .u8(try integer(type))
        case .s16: return .s16(try integer(type))
        case .u16: return .u16(try integer(type))
        case .s32: return .s32(try integer(type))
        case .u32: return .u32(try integer(type))
        case .s64: return .s64(try integer(type))
        case .u64: return .u64(try integer(type))
        case .f32: return .f32(try float(type))
        case .f64: return .f64(try float(type))
        case .char:
            guard case .char(let value) = kind else { throw mismatch(type) }
            return .char(value)
        case .string:
            guard case .string(let value) = kind else { throw mismatch(type) }
            return .string(value)
        case .fixedLengthList(let element, let length):
            guard case .list(let elements) = kind else { throw mismatch(type) }
            guard elements.count == length else {
                throw WAVEError(at: start, "expected a list of \(length) elements, found \(elements.count): \(WAVE.describe(type))")
            }
            return try value(as: .list(element))
        case .list(let element):
            guard case .list(let elements) = kind else { throw mismatch(type) }
            if element == .u8 {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(elements.count)
                for element in elements { bytes.append(try element.integer(.u8)) }
                return .bytes(bytes)
            }
            var values: [ComponentValue] = []
            values.reserveCapacity(elements.count)
            for value in elements { values.append(try value.value(as: element)) }
            return .list(values)
        case .record(let fields): return try record(fields, type)
        case .tuple(let types):
            guard case .tuple(let elements) = kind else { throw mismatch(type) }
            guard elements.count == types.count else {
                throw WAVEError(at: start, "expected a tuple of \(types.count) elements, found \(elements.count): \(WAVE.describe(type))")
            }
            var values: [ComponentValue] = []
            for (value, type) in zip(elements, types) { values.append(try value.value(as: type)) }
            return .tuple(values)
        case .variant(let cases):
            guard case .caseLabel(let label, let payload) = kind else { throw mismatch(type) }
            guard let index = cases.firstIndex(where: { $0.name == label.name }) else {
                throw WAVEError(at: label.start, "unknown case `\(label.name)` of \(WAVE.describe(type))")
            }
            return .variant(case: UInt32(index), payload: try Self.payload(payload, as: cases[index].type, of: label.name, at: start))
        case .enum(let names):
            guard case .caseLabel(let label, let payload) = kind else { throw mismatch(type) }
            guard let index = names.firstIndex(of: label.name) else {
                throw WAVEError(at: label.start, "unknown case `\(label.name)` of \(WAVE.describe(type))")
            }
            if payload != nil { throw WAVEError(at: start, "enum case `\(label.name)` takes no payload") }
            return .enum(UInt32(index))
        case .option(let wrapped):
            switch kind {
            case .none: return .option(nil)
            case .some(let payload): return .option(try payload.value(as: wrapped))
            default:
                // A bare value stands for `some(value)` unless that would be ambiguous.
                guard Self.flattens(wrapped) else { throw mismatch(type) }
                return .option(try value(as: wrapped))
            }
        case .result(let ok, let error):
            switch kind {
            case .ok(let payload): return .ok(try Self.payload(payload, as: ok, of: "ok", at: start))
            case .error(let payload): return .error(try Self.payload(payload, as: error, of: "err", at: start))
            default:
                guard let ok, Self.flattens(ok) else { throw mismatch(type) }
                return .ok(try value(as: ok))
            }
        case .flags(let names):
            guard case .flags(let labels) = kind else { throw mismatch(type) }
            var indices: [UInt32] = []
            for label in labels {
                guard let index = names.firstIndex(of: label.name) else {
                    throw WAVEError(at: label.start, "unknown flag `\(label.name)` of \(WAVE.describe(type))")
                }
                indices.append(UInt32(index))
            }
            return .flags(indices.sorted())
        case .own, .borrow:
            throw WAVEError(at: start, "a resource handle (\(WAVE.describe(type))) cannot be written in WAVE")
        case .stream, .future, .errorContext:
            throw WAVEError(at: start, "a handle of the async ABI (\(WAVE.describe(type))) cannot be written in WAVE")
        case .map:
            throw WAVEError(at: start, "a map (\(WAVE.describe(type))) cannot be written in WAVE")
        }
    }

    /// Arguments of a call: as many values as types, where missing trailing
    /// arguments of option types are `none` (README, "Function arguments").
    /// `end` is where a missing argument is reported.
    static func arguments(_ values: [WAVESyntax], types: [ComponentValueType], end: Int) throws(WAVEError) -> [ComponentValue] {
        if values.count > types.count {
            let count = types.count == 1 ? "1 argument" : "\(types.count) arguments"
            throw WAVEError(at: values[types.count].start, "too many arguments: the function takes \(count)")
        }
        var result: [ComponentValue] = []
        result.reserveCapacity(types.count)
        for (value, type) in zip(values, types) { result.append(try value.value(as: type)) }
        for index in values.count..<types.count {
            guard case .option = types[index] else {
                throw WAVEError(at: end, "missing argument \(index + 1) of type \(WAVE.describe(types[index]))")
            }
            result.append(.option(nil))
        }
        return result
    }

    /// Whether a bare value may stand for `some(value)` or `ok(value)`:
    /// not when it is itself an option or result.
    private static func flattens(_ type: ComponentValueType) -> Bool {
        switch type {
        case .option, .result: false
        default: true
        }
    }

    private static func payload(_ payload: WAVESyntax?, as type: ComponentValueType?, of name: String,
                                at start: Int) throws(WAVEError) -> ComponentValue? {
        switch (payload, type) {
        case (nil, nil): return nil
        case (let payload?, let type?): return try payload.value(as: type)
        case (nil, let type?): throw WAVEError(at: start, "`\(name)` needs a payload of type \(WAVE.describe(type)): `\(name)(...)`")
        case (let payload?, nil): throw WAVEError(at: payload.start, "`\(name)` takes no payload")
        }
    }

    private func record(_ fields: [ComponentValueType.Field], _ type: ComponentValueType) throws(WAVEError) -> ComponentValue {
        guard case .record(let written) = kind else { throw mismatch(type) }
        for entry in written where !fields.contains(where: { $0.name == entry.label.name }) {
            throw WAVEError(at: entry.label.start, "unknown field `\(entry.label.name)` of \(WAVE.describe(type))")
        }
        var values: [ComponentValue] = []
        values.reserveCapacity(fields.count)
        for field in fields {
            if let entry = written.first(where: { $0.label.name == field.name }) {
                values.append(try entry.value.value(as: field.type))
            } else if case .option = field.type {
                values.append(.option(nil))  // an omitted option field is `none`
            } else {
                throw WAVEError(at: start, "missing field `\(field.name)` of \(WAVE.describe(type))")
            }
        }
        return .record(values)
    }

    /// A decimal integer in range: no fraction, exponent or `-` on unsigned
    /// types (`-0` included, as wasmtime reads them).
    private func integer<T: FixedWidthInteger>(_ type: ComponentValueType) throws(WAVEError) -> T {
        guard case .number(let text) = kind else { throw mismatch(type) }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
            throw WAVEError(at: start, "expected an integer (\(WAVE.describe(type))), found `\(text)`")
        }
        guard let value = T(text), T.isSigned || !text.hasPrefix("-") else {
            throw WAVEError(at: start, "`\(text)` is out of range for \(WAVE.describe(type)) (\(T.min)...\(T.max))")
        }
        return value
    }

    /// A JSON number, `nan`, `inf` or `-inf`, rounded to the nearest value
    /// of the type (out of range: infinity or zero).
    private func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: ComponentValueType) throws(WAVEError) -> T {
        guard case .number(let text) = kind else { throw mismatch(type) }
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard let value = T(text) else {
                throw WAVEError(at: start, "`\(text)` is not a number of type \(WAVE.describe(type))")
            }
            return value
        }
    }

    private func mismatch(_ type: ComponentValueType) -> WAVEError {
        WAVEError(at: start, "expected \(WAVE.describe(type)), found \(summary)")
    }
}
