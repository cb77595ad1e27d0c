public import WasmDecoder

/// A WebAssembly value at the API boundary (spec §4.2.1). Inside the
/// interpreter values are untyped 64-bit slots; this type exists for callers.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    /// IEEE 754 bits, so that NaN payloads survive a round trip.
    case f32(UInt32)
    case f64(UInt64)
    /// A function reference: nil is `ref.null func`.
    case funcref(FunctionReference?)
    /// An external reference: nil is `ref.null extern`.
    case externref(UInt64?)
    /// A 128-bit vector, lane 0 in the low bits of `low`.
    case v128(V128)
    /// An exception reference (Wasm 3.0): nil is `ref.null exn`; otherwise
    /// the store's handle of the exception (`Store.exceptionDetails`).
    case exnref(UInt64?)
    /// A reference of GC's `any` hierarchy (Wasm 3.0): an `i31`, a struct
    /// or array, or a host value converted by `any.convert_extern`; nil is
    /// `ref.null any`.
    case anyref(AnyReference?)

    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .funcref: .funcref
        case .externref: .externref
        case .v128: .v128
        case .exnref: .exnref
        case .anyref: .reference(ReferenceType(isNullable: true, heapType: .any))
        }
    }

    public static func i32(signed value: Int32) -> Value { .i32(UInt32(bitPattern: value)) }
    public static func i64(signed value: Int64) -> Value { .i64(UInt64(bitPattern: value)) }
    public static func float32(_ value: Float) -> Value { .f32(value.bitPattern) }
    public static func float64(_ value: Double) -> Value { .f64(value.bitPattern) }

    /// The zero value of a type (spec §4.2.1, "default value").
    public static func zero(_ type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .v128: .v128(V128(low: 0, high: 0))
        default: Slot.decode(0, as: type)
        }
    }

    public var description: String {
        switch self {
        case .i32(let bits): "i32:\(Int32(bitPattern: bits))"
        case .i64(let bits): "i64:\(Int64(bitPattern: bits))"
        case .f32(let bits): "f32:\(Float(bitPattern: bits))"
        case .f64(let bits): "f64:\(Double(bitPattern: bits))"
        case .funcref(let reference): reference.map { "funcref:\($0.address)" } ?? "funcref:null"
        case .externref(let reference): reference.map { "externref:\($0)" } ?? "externref:null"
        case .exnref(let reference): reference.map { "exnref:\($0)" } ?? "exnref:null"
        case .anyref(let reference): reference.map { "anyref:\($0)" } ?? "anyref:null"
        case .v128(let vector): "v128:0x\(Self.hex(vector.high))\(Self.hex(vector.low))"
        }
    }

    private static func hex(_ half: UInt64) -> String {
        let digits = String(half, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A non-null reference of the `any` hierarchy, as its slot holds it
/// (`GCReference`). A struct or array handed to the host stays alive as
/// long as its store.
public struct AnyReference: Sendable, Hashable, CustomStringConvertible {
    let bits: UInt64

    init(bits: UInt64) { self.bits = bits }

    /// An `i31` reference of `value` (its low 31 bits).
    public static func i31(_ value: Int32) -> AnyReference { AnyReference(bits: GCReference.i31(UInt64(UInt32(bitPattern: value)))) }

    /// The value of an `i31` reference, sign-extended from 31 bits.
    public var i31Value: Int32? {
        GCReference.isI31(bits) ? Int32(bitPattern: UInt32(truncatingIfNeeded: bits) << 1) >> 1 : nil
    }

    /// A host value as `any.convert_extern` makes it of `externref` `value`.
    public static func host(_ value: UInt64) -> AnyReference { AnyReference(bits: value &+ 1) }

    /// Whether it is a struct or an array.
    public var isObject: Bool { GCReference.isObject(bits) }

    /// Whether it is a struct (false for arrays and the rest), in `store`.
    public func isStructure(in store: Store) -> Bool {
        let index = GCReference.index(bits)
        guard isObject, index < store.heap.objects.count, let object = store.heap.objects[index] else { return false }
        return object.type.kind == .structure
    }

    /// The host's `externref` value it was converted from, if any.
    public var hostValue: UInt64? { isObject || i31Value != nil ? nil : bits - 1 }

    public var description: String {
        if let value = i31Value { return "i31:\(value)" }
        if isObject { return "object:\(GCReference.index(bits))" }
        return "host:\(bits - 1)"
    }
}

/// A reference to a function in a store: its address there.
public struct FunctionReference: Sendable, Hashable {
    public let address: Int
}

/// How values live in 64-bit slots: numbers by their bits, null references as
/// 0, a function by its store address + 1, an extern reference N as N + 1; a
/// vector in two slots, its low half first.
enum Slot {
    /// The slots a value of `type` takes.
    @inline(__always) static func count(of type: ValueType) -> Int { type == .v128 ? 2 : 1 }

    /// The slots values of `types`, one after the other, take.
    static func count(of types: [ValueType]) -> Int {
        var total = 0
        for type in types { total += count(of: type) }
        return total
    }

    /// Writes `values` one after the other from `slots[0]`.
    static func write(_ values: [Value], to slots: UnsafeMutableBufferPointer<UInt64>) {
        var index = 0
        for value in values {
            if case .v128(let vector) = value {
                slots[index] = vector.low
                slots[index + 1] = vector.high
                index += 2
            } else {
                slots[index] = encode(value)
                index += 1
            }
        }
    }

    /// Reads values of `types`, one after the other, from `slots[0]`.
    static func read(_ types: [ValueType], from slots: UnsafeMutableBufferPointer<UInt64>) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(types.count)
        var index = 0
        for type in types {
            if type == .v128 {
                values.append(.v128(V128(low: slots[index], high: slots[index + 1])))
                index += 2
            } else {
                values.append(decode(slots[index], as: type))
                index += 1
            }
        }
        return values
    }

    /// A value of one slot (not a vector).
    static func encode(_ value: Value) -> UInt64 {
        switch value {
        case .i32(let bits): UInt64(bits)
        case .i64(let bits): bits
        case .f32(let bits): UInt64(bits)
        case .f64(let bits): bits
        case .funcref(let reference): reference.map { UInt64($0.address) + 1 } ?? 0
        case .externref(let reference): reference.map { $0 &+ 1 } ?? 0
        case .v128(let vector): vector.low
        case .exnref(let reference): reference ?? 0
        case .anyref(let reference): reference?.bits ?? 0
        }
    }

    /// A value of one slot; a vector's low half only.
    static func decode(_ slot: UInt64, as type: ValueType) -> Value {
        switch type {
        case .i32: .i32(UInt32(truncatingIfNeeded: slot))
        case .i64: .i64(slot)
        case .f32: .f32(UInt32(truncatingIfNeeded: slot))
        case .f64: .f64(slot)
        case .v128: .v128(V128(low: slot, high: 0))
        default:
            if type.holdsAnyReferences(slot) {
                slot == 0 ? .anyref(nil) : .anyref(AnyReference(bits: slot))
            } else if type.holdsFunctions {
                slot == 0 ? .funcref(nil) : .funcref(FunctionReference(address: Int(slot - 1)))
            } else if type.holdsExceptions {
                .exnref(slot == 0 ? nil : slot)
            } else {
                slot == 0 ? .externref(nil) : .externref(slot - 1)
            }
        }
    }
}

extension ValueType {
    /// Whether a reference of this type names a function (its slot holds a
    /// store address + 1); otherwise it is external (the host's value + 1).
    /// Every concrete type is a function type until GC lands.
    var holdsFunctions: Bool {
        guard let heapType = referenceType?.heapType else { return false }
        return heapType == .function || heapType == .noFunction || heapType.typeIndex != nil
    }

    /// Whether a reference of this type, whose slot is `slot`, is of the
    /// `any` hierarchy: by its abstract type, or for a concrete type (whose
    /// kind the type alone does not say) by the slot's GC tag bits.
    func holdsAnyReferences(_ slot: UInt64) -> Bool {
        guard let heapType = referenceType?.heapType else { return false }
        if heapType.typeIndex != nil { return GCReference.isObject(slot) }
        return TypeHierarchy.bottom(of: heapType) == .none
    }

    /// Whether a reference of this type names an exception (its slot holds `Value.exnref`'s handle).
    var holdsExceptions: Bool {
        guard let heapType = referenceType?.heapType else { return false }
        return heapType == .exception || heapType == .noException
    }
}

extension Value {
    /// Whether the value has `type` (spec §3.4, value typing), as the host
    /// hands values to Wasm code. `typeIDs` numbers the concrete heap types of
    /// `type` (the module's canonical ids); nil when `type` is in engine form.
    func matches(_ type: ValueType, store: Store, typeIDs: [Int]?) -> Bool {
        switch self {
        case .funcref(let reference):
            guard type.holdsFunctions, let expected = type.referenceType else { return false }
            guard let reference else { return expected.isNullable }
            guard reference.address >= 0, reference.address < store.functionCount else { return false }
            guard let index = expected.heapType.typeIndex else { return expected.heapType == .function }
            let id = typeIDs.map { $0[Int(index)] } ?? Int(index)
            return store.entries[reference.address].typeID == id
        case .externref(let reference):
            guard !type.holdsFunctions, !type.holdsExceptions, let expected = type.referenceType else { return false }
            return reference == nil ? expected.isNullable : expected.heapType == .extern
        case .anyref(let reference):
            // A null is the same slot in every hierarchy.
            guard let expected = type.referenceType else { return false }
            guard let reference else { return expected.isNullable }
            guard TypeHierarchy.bottom(of: expected.heapType) == .none else { return false }
            // A struct or array must be one of this store's, still alive.
            if reference.isObject {
                let index = GCReference.index(reference.bits)
                guard index < store.heap.objects.count, store.heap.objects[index] != nil else { return false }
            }
            switch expected.heapType {
            case .any: return true
            case .eq: return reference.isObject || reference.i31Value != nil
            case .i31: return reference.i31Value != nil
            case .none: return false
            default:
                guard reference.isObject, GCReference.index(reference.bits) < store.heap.objects.count,
                      let object = store.heap.objects[GCReference.index(reference.bits)] else { return false }
                if expected.heapType == .structure { return object.type.kind == .structure }
                if expected.heapType == .array { return object.type.kind == .array }
                guard let index = expected.heapType.typeIndex else { return false }
                let id = typeIDs.map { $0[Int(index)] } ?? Int(index)
                return store.engine.isSubtype(object.type.identity, of: id)
            }
        case .exnref(let reference):
            guard type.holdsExceptions, let expected = type.referenceType else { return false }
            guard let reference else { return expected.isNullable }
            return expected.heapType == .exception && reference >= 1 && Int(reference) <= store.exceptions.count
        default:
            return self.type == type
        }
    }
}
