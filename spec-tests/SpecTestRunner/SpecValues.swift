import WasmDecoder
import WasmInterpreter

/// Turning script values into engine values and checking results.
enum SpecValues {
    struct Unsupported: Error {
        let reason: SkipReason
    }

    /// An argument as an engine value; vectors are not supported yet.
    static func argument(_ value: SpecValue) throws(Unsupported) -> Value {
        guard case .scalar(let text) = value.value else {
            if value.type == "funcref" { return .funcref(nil) }
            if value.type == "externref" { return .externref(nil) }
            throw Unsupported(reason: .simd)
        }
        switch value.type {
        case "i32": return .i32(UInt32(truncatingIfNeeded: parse(text)))
        case "i64": return .i64(parse(text))
        case "f32": return .f32(UInt32(truncatingIfNeeded: parse(text)))
        case "f64": return .f64(parse(text))
        case "externref": return .externref(text == "null" ? nil : parse(text))
        case "funcref": return .funcref(nil)
        default: throw Unsupported(reason: .simd)
        }
    }

    /// Whether `actual` matches the expected value; NaN patterns match classes of NaNs.
    static func matches(_ actual: Value, _ expected: SpecValue) throws(Unsupported) -> Bool {
        guard case .scalar(let text) = expected.value else {
            switch (expected.type, actual) {
            case ("funcref", .funcref(let reference)): return reference != nil  // any non-null function
            case ("externref", .externref(let reference)): return reference != nil
            default: throw Unsupported(reason: .simd)
            }
        }
        switch (expected.type, actual) {
        case ("i32", .i32(let bits)): return bits == UInt32(truncatingIfNeeded: parse(text))
        case ("i64", .i64(let bits)): return bits == parse(text)
        case ("f32", .f32(let bits)):
            switch text {
            case "nan:canonical": return bits & 0x7FFF_FFFF == 0x7FC0_0000
            case "nan:arithmetic": return bits & 0x7FC0_0000 == 0x7FC0_0000
            default: return bits == UInt32(truncatingIfNeeded: parse(text))
            }
        case ("f64", .f64(let bits)):
            switch text {
            case "nan:canonical": return bits & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000
            case "nan:arithmetic": return bits & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000
            default: return bits == parse(text)
            }
        case ("externref", .externref(let reference)):
            return text == "null" ? reference == nil : reference == parse(text)
        case ("funcref", .funcref(let reference)):
            return text == "null" ? reference == nil : reference != nil
        case ("v128", _):
            throw Unsupported(reason: .simd)
        default:
            return false
        }
    }

    /// Decimal text of a value's bits; negative numbers are two's complement.
    static func parse(_ text: String) -> UInt64 {
        if text.hasPrefix("-") { return UInt64(bitPattern: Int64(text) ?? 0) }
        return UInt64(text) ?? 0
    }
}
