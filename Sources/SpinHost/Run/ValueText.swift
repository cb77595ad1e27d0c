public import WasmDecoder
public import WasmInterpreter

/// Values as text on the command line: how `spin wasm run --invoke` reads
/// arguments and prints results. Floats print like the wasmtime CLI (Rust's
/// `Display`: shortest round-trip digits, never exponent notation, `NaN`,
/// `inf`), so outputs of the two engines compare as text.
public enum ValueText {
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `text` as a value of `type`: integers in decimal (signed or
    /// unsigned) or 0x-hex, floats in decimal or `nan`/`inf`.
    public static func parse(_ text: String, as type: ValueType) throws(ParseError) -> Value {
        switch type {
        case .i32:
            if let value = Int32(text) { return .i32(signed: value) }
            if let value = UInt32(text) { return .i32(value) }
            if let value = hex(text), value <= UInt64(UInt32.max) { return .i32(UInt32(value)) }
        case .i64:
            if let value = Int64(text) { return .i64(signed: value) }
            if let value = UInt64(text) { return .i64(value) }
            if let value = hex(text) { return .i64(value) }
        case .f32:
            if let value = Float(text) { return .float32(value) }
        case .f64:
            if let value = Double(text) { return .float64(value) }
        case .v128:
            // As the wasmtime CLI reads it: one unsigned 128-bit integer, lane 0 in its low bits.
            let value = text.hasPrefix("0x") ? UInt128(text.dropFirst(2), radix: 16) : UInt128(text)
            if let value { return .v128(V128(low: UInt64(truncatingIfNeeded: value), high: UInt64(truncatingIfNeeded: value >> 64))) }
        default:
            // References: only null has a text form (a non-nullable type has none).
            if text == "null", type.referenceType?.isNullable == true { return .zero(type) }
        }
        throw ParseError(description: "cannot read \"\(text)\" as \(type)")
    }

    private static func hex(_ text: String) -> UInt64? {
        guard text.hasPrefix("0x") else { return nil }
        return UInt64(text.dropFirst(2), radix: 16)
    }

    public static func format(_ value: Value) -> String {
        switch value {
        case .i32(let bits): String(Int32(bitPattern: bits))
        case .i64(let bits): String(Int64(bitPattern: bits))
        case .f32(let bits): formatFloat(Float(bitPattern: bits))
        case .f64(let bits): formatFloat(Double(bitPattern: bits))
        case .funcref(let reference): reference.map { "funcref(\($0.address))" } ?? "null"
        case .externref(let reference): reference.map { "externref(\($0))" } ?? "null"
        case .exnref(let reference): reference.map { "exnref(\($0))" } ?? "null"
        case .anyref(let reference): reference.map { "anyref(\($0))" } ?? "null"
        case .v128(let vector): String(UInt128(vector.high) << 64 | UInt128(vector.low))
        }
    }

    /// Shortest round-trip digits in plain positional notation.
    static func formatFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = value.description  // shortest round-trip, maybe "1e-07" or "2.0"
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var digits = String(pieces[0]) + (pieces.count > 1 ? String(pieces[1]) : "")
        var point = pieces[0].count + exponent  // digits before the decimal point
        // Trim leading zeros, keeping the point where it was.
        while digits.count > 1 && digits.hasPrefix("0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1 && digits.hasSuffix("0") && digits.count > point { digits.removeLast() }
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            result = digits + String(repeating: "0", count: point - digits.count)
        } else {
            let index = digits.index(digits.startIndex, offsetBy: point)
            result = digits[..<index] + "." + digits[index...]
        }
        if result.hasSuffix(".0") { result.removeLast(2) }
        return (negative ? "-" : "") + result
    }
}
