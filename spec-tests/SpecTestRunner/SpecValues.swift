import WasmDecoder
import WasmInterpreter

/// Turning script values into engine values and checking results.
enum SpecValues {
    /// A script value of a type or form the runner does not know: the command fails.
    struct Unreadable: Error {
        let message: String
    }

    /// An argument as an engine value.
    static func argument(_ value: SpecValue) throws(Unreadable) -> Value {
        switch (value.type, value.value) {
        case ("funcref", _): return .funcref(nil)
        case ("externref", .scalar(let text)?): return .externref(text == "null" ? nil : parse(text))
        case ("externref", nil): return .externref(nil)
        case ("exnref", .scalar("null")?): return .exnref(nil)
        // `ref.host N` in the any hierarchy; null references of GC's abstract types.
        case ("anyref", .scalar(let text)?) where text != "null": return .anyref(.host(parse(text)))
        case (let type, .scalar("null")?) where isAbstractReferenceType(type): return .anyref(nil)
        case ("i32", .scalar(let text)?): return .i32(UInt32(truncatingIfNeeded: parse(text)))
        case ("i64", .scalar(let text)?): return .i64(parse(text))
        case ("f32", .scalar(let text)?): return .f32(UInt32(truncatingIfNeeded: parse(text)))
        case ("f64", .scalar(let text)?): return .f64(parse(text))
        case ("v128", .lanes(let lanes)?):
            guard let width = laneWidth(value.laneType, count: lanes.count) else { throw unreadable(value) }
            return .v128(vector(lanes.map(parse), width: width))
        default: throw unreadable(value)
        }
    }

    /// Whether `actual` matches the expected value; NaN patterns match classes
    /// of NaNs, lane by lane in a vector.
    static func matches(_ actual: Value, _ expected: SpecValue, store: Store) throws(Unreadable) -> Bool {
        if expected.type == "either", let choices = expected.values {
            for choice in choices where try matches(actual, choice, store: store) { return true }
            return false
        }
        switch (expected.type, expected.value, actual) {
        case ("funcref", .scalar(let text)?, .funcref(let reference)):
            return text == "null" ? reference == nil : reference != nil
        case ("funcref", nil, .funcref(let reference)): return reference != nil  // any non-null function
        case ("externref", .scalar(let text)?, .externref(let reference)):
            return text == "null" ? reference == nil : reference == parse(text)
        case ("externref", nil, .externref(let reference)): return reference != nil
        // Any null reference, whatever its type (Wasm 3.0 scripts).
        case ("refnull", _, .funcref(let reference)): return reference == nil
        case ("refnull", _, .externref(let reference)): return reference == nil
        case ("refnull", _, .exnref(let reference)): return reference == nil
        case ("exnref", nil, .exnref(let reference)): return reference != nil
        // GC's references: a host value by number, or any non-null of a kind.
        case ("anyref", .scalar(let text)?, .anyref(let reference)) where text != "null":
            return reference?.hostValue == parse(text)
        case ("anyref", nil, .anyref(let reference)): return reference != nil
        case ("eqref", nil, .anyref(let reference)): return reference.map { $0.isObject || $0.i31Value != nil } ?? false
        case ("i31ref", nil, .anyref(let reference)): return reference?.i31Value != nil
        case ("structref", nil, .anyref(let reference)):
            return reference.map { $0.isObject && $0.isStructure(in: store) } ?? false
        case ("arrayref", nil, .anyref(let reference)):
            return reference.map { $0.isObject && !$0.isStructure(in: store) } ?? false
        case ("refnull", _, .anyref(let reference)): return reference == nil
        // `anyref null`, `nullfuncref`, `nullexnref`...: a null of any reference type.
        case (let type, .scalar("null")?, _) where isAbstractReferenceType(type) || type == "exnref":
            return actual.isNullReference
        case (let type, nil, _) where type.hasPrefix("null") && isAbstractReferenceType(type):
            return actual.isNullReference
        case ("i32", .scalar(let text)?, .i32(let bits)): return bits == UInt32(truncatingIfNeeded: parse(text))
        case ("i64", .scalar(let text)?, .i64(let bits)): return bits == parse(text)
        case ("f32", .scalar(let text)?, .f32(let bits)): return matchesFloat(UInt64(bits), text, width: 32)
        case ("f64", .scalar(let text)?, .f64(let bits)): return matchesFloat(bits, text, width: 64)
        case ("v128", .lanes(let lanes)?, .v128(let vector)):
            guard let width = laneWidth(expected.laneType, count: lanes.count) else { throw unreadable(expected) }
            let isFloat = expected.laneType?.hasPrefix("f") == true
            for (index, text) in lanes.enumerated() {
                let bits = lane(index, of: vector, width: width)
                if isFloat ? !matchesFloat(bits, text, width: width) : bits != parse(text) & mask(width) { return false }
            }
            return true
        case ("i32", _, _), ("i64", _, _), ("f32", _, _), ("f64", _, _), ("v128", _, _), ("funcref", _, _),
             ("externref", _, _), ("refnull", _, _), ("exnref", _, _), ("anyref", _, _), ("eqref", _, _),
             ("i31ref", _, _), ("structref", _, _), ("arrayref", _, _):
            return false
        default:
            throw unreadable(expected)
        }
    }

    /// The text names of abstract reference types other than funcref and externref.
    static func isAbstractReferenceType(_ type: String) -> Bool {
        ["anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref", "nullexternref",
         "nullexnref"].contains(type)
    }

    /// A float of `width` bits against its text: exact bits, or a NaN class.
    static func matchesFloat(_ bits: UInt64, _ text: String, width: Int) -> Bool {
        let (magnitude, quiet): (UInt64, UInt64) = width == 32
            ? (0x7FFF_FFFF, 0x7FC0_0000) : (0x7FFF_FFFF_FFFF_FFFF, 0x7FF8_0000_0000_0000)
        switch text {
        case "nan:canonical": return bits & magnitude == quiet
        case "nan:arithmetic": return bits & quiet == quiet
        default: return bits == parse(text) & mask(width)
        }
    }

    /// Lane width in bits for a lane type, checked against the lane count.
    static func laneWidth(_ laneType: String?, count: Int) -> Int? {
        guard let laneType, let width = Int(laneType.dropFirst()), [8, 16, 32, 64].contains(width),
              count * width == 128 else { return nil }
        return width
    }

    static func mask(_ width: Int) -> UInt64 { width == 64 ? .max : (1 << UInt64(width)) - 1 }

    /// Lanes of `width` bits, lane 0 lowest, as a vector.
    static func vector(_ lanes: [UInt64], width: Int) -> V128 {
        var halves: [UInt64] = [0, 0]
        let perHalf = 64 / width
        for (index, lane) in lanes.enumerated() {
            halves[index / perHalf] |= (lane & mask(width)) << UInt64((index % perHalf) * width)
        }
        return V128(low: halves[0], high: halves[1])
    }

    static func lane(_ index: Int, of vector: V128, width: Int) -> UInt64 {
        let perHalf = 64 / width
        let half = index < perHalf ? vector.low : vector.high
        return (half >> UInt64((index % perHalf) * width)) & mask(width)
    }

    static func unreadable(_ value: SpecValue) -> Unreadable {
        Unreadable(message: "cannot read a \(value.type) value \(value.value.map { "\($0)" } ?? "")")
    }

    /// Decimal text of a value's bits; negative numbers are two's complement.
    static func parse(_ text: String) -> UInt64 {
        if text.hasPrefix("-") { return UInt64(bitPattern: Int64(text) ?? 0) }
        return UInt64(text) ?? 0
    }
}

extension Value {
    /// Whether this is a null reference, of any reference type.
    var isNullReference: Bool {
        switch self {
        case .funcref(nil), .externref(nil), .exnref(nil), .anyref(nil): true
        default: false
        }
    }
}
