import ComponentModel

/// Writes component values as WAVE exactly as the wasmtime CLI (49) prints
/// the results of `--invoke`: wasm-wave's writer, with Rust's `Display` for
/// numbers and its char escaping.
struct WAVEPrinter {
    private(set) var output = ""

    mutating func write(_ value: ComponentValue, as type: ComponentValueType) throws(WAVEError) {
        switch (type, value) {
        case (.bool, .bool(let value)): output += value ? "true" : "false"
        case (.s8, .s8(let value)): output += String(value)
        case (.u8, .u8(let value)): output += String(value)
        case (.s16, .s16(let value)): output += String(value)
        case (.u16, .u16(let value)): output += String(value)
        case (.s32, .s32(let value)): output += String(value)
        case (.u32, .u32(let value)): output += String(value)
        case (.s64, .s64(let value)): output += String(value)
        case (.u64, .u64(let value)): output += String(value)
        case (.f32, .f32(let value)): output += Self.float(value)
        case (.f64, .f64(let value)): output += Self.float(value)
        case (.char, .char(let value)):
            output += "'"
            writeEscaped(value)
            output += "'"
        case (.string, .string(let value)):
            output += "\""
            for scalar in value.unicodeScalars { writeEscaped(scalar) }
            output += "\""
        case (.fixedLengthList(_, let length), _) where !Self.hasLength(value, length):
            throw Self.mismatch(value, type)
        case (.list(.u8), .bytes(let bytes)), (.fixedLengthList(.u8, _), .bytes(let bytes)):
            output += "["
            for (index, byte) in bytes.enumerated() {
                if index > 0 { output += ", " }
                output += String(byte)
            }
            output += "]"
        case (.list(let element), .list(let elements)), (.fixedLengthList(let element, _), .list(let elements)):
            try writeSequence(elements, as: Array(repeating: element, count: elements.count), "[", "]")
        case (.record(let fields), .record(let values)) where fields.count == values.count:
            // Fields that are `none` are left out; `{:}` when nothing is left.
            output += "{"
            var first = true
            for (field, value) in zip(fields, values) {
                if case .option(nil) = value { continue }
                if !first { output += ", " }
                first = false
                output += field.name + ": "
                try write(value, as: field.type)
            }
            output += first ? ":}" : "}"
        case (.tuple(let types), .tuple(let values)) where types.count == values.count:
            try writeSequence(values, as: types, "(", ")")
        case (.variant(let cases), .variant(let index, let payload)) where Int(index) < cases.count:
            let chosen = cases[Int(index)]
            writeCase(chosen.name)
            try writePayload(payload, as: chosen.type, of: type, value)
        case (.enum(let names), .enum(let index)) where Int(index) < names.count:
            writeCase(names[Int(index)])
        case (.option, .option(nil)): output += "none"
        case (.option(let wrapped), .option(let payload?)):
            output += "some("
            try write(payload, as: wrapped)
            output += ")"
        case (.result(let ok, _), .ok(let payload)):
            output += "ok"
            try writePayload(payload, as: ok, of: type, value)
        case (.result(_, let error), .error(let payload)):
            output += "err"
            try writePayload(payload, as: error, of: type, value)
        case (.flags(let names), .flags(let indices)):
            output += "{"
            for (position, index) in indices.sorted().enumerated() {
                guard Int(index) < names.count else { throw Self.mismatch(value, type) }
                if position > 0 { output += ", " }
                output += names[Int(index)]
            }
            output += "}"
        case (.own, _), (.borrow, _):
            // wasmtime's writer has no form for handles either (it panics).
            throw WAVEError(column: nil, "a resource handle (\(WAVE.describe(type))) cannot be written in WAVE")
        case (.map, _):
            // wasmtime's WAVE has no form for maps either (`Unsupported`).
            throw WAVEError(column: nil, "a map (\(WAVE.describe(type))) cannot be written in WAVE")
        default:
            throw Self.mismatch(value, type)
        }
    }

    private mutating func writeSequence(_ values: [ComponentValue], as types: [ComponentValueType],
                                        _ open: String, _ close: String) throws(WAVEError) {
        output += open
        for (index, (value, type)) in zip(values, types).enumerated() {
            if index > 0 { output += ", " }
            try write(value, as: type)
        }
        output += close
    }

    /// A case name, `%`-prefixed when it is a WAVE keyword.
    private mutating func writeCase(_ name: String) {
        if WAVE.keywords.contains(name) { output += "%" }
        output += name
    }

    private mutating func writePayload(_ payload: ComponentValue?, as payloadType: ComponentValueType?,
                                       of type: ComponentValueType, _ value: ComponentValue) throws(WAVEError) {
        switch (payload, payloadType) {
        case (nil, nil): return
        case (let payload?, let payloadType?):
            output += "("
            try write(payload, as: payloadType)
            output += ")"
        default: throw Self.mismatch(value, type)
        }
    }

    /// wasm-wave's `write_char`: `\\ \" \' \t \r \n` by name, control
    /// characters and what Rust's `char::escape_debug` escapes (grapheme
    /// extenders; Rust's non-printable: categories Cc Cf Co Cn Zl Zp Zs but
    /// the space) as `\u{hex}`.
    private mutating func writeEscaped(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "\\": output += "\\\\"
        case "\"": output += "\\\""
        case "'": output += "\\'"
        case "\t": output += "\\t"
        case "\r": output += "\\r"
        case "\n": output += "\\n"
        case " ": output += " "
        default:
            let properties = scalar.properties
            switch properties.generalCategory {
            case .control, .format, .privateUse, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator, .spaceSeparator:
                output += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                if properties.isGraphemeExtend {
                    output += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// Rust's `Display` for floats (shortest round-trip digits, no exponent,
    /// `inf`, `-0`), and `nan` for every NaN.
    static func float<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) -> String {
        value.isNaN ? "nan" : ValueText.formatFloat(value)
    }

    private static func hasLength(_ value: ComponentValue, _ length: Int) -> Bool {
        switch value {
        case .list(let elements): elements.count == length
        case .bytes(let bytes): bytes.count == length
        default: false
        }
    }

    private static func mismatch(_ value: ComponentValue, _ type: ComponentValueType) -> WAVEError {
        WAVEError(column: nil, "value \(value) does not have type \(WAVE.describe(type))")
    }
}
