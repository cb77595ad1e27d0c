public import WasmDecoder

/// A Swift type that stands for a Wasm value type, for typed calls.
public protocol WasmValue {
    static var valueType: ValueType { get }
    init?(_ value: Value)
    var value: Value { get }
}

extension Int32: WasmValue {
    public static var valueType: ValueType { .i32 }
    public init?(_ value: Value) {
        guard case .i32(let bits) = value else { return nil }
        self = Int32(bitPattern: bits)
    }
    public var value: Value { .i32(signed: self) }
}

extension Int64: WasmValue {
    public static var valueType: ValueType { .i64 }
    public init?(_ value: Value) {
        guard case .i64(let bits) = value else { return nil }
        self = Int64(bitPattern: bits)
    }
    public var value: Value { .i64(signed: self) }
}

extension UInt32: WasmValue {
    public static var valueType: ValueType { .i32 }
    public init?(_ value: Value) {
        guard case .i32(let bits) = value else { return nil }
        self = bits
    }
    public var value: Value { .i32(self) }
}

extension UInt64: WasmValue {
    public static var valueType: ValueType { .i64 }
    public init?(_ value: Value) {
        guard case .i64(let bits) = value else { return nil }
        self = bits
    }
    public var value: Value { .i64(self) }
}

extension Float: WasmValue {
    public static var valueType: ValueType { .f32 }
    public init?(_ value: Value) {
        guard case .f32(let bits) = value else { return nil }
        self = Float(bitPattern: bits)
    }
    public var value: Value { .float32(self) }
}

extension Double: WasmValue {
    public static var valueType: ValueType { .f64 }
    public init?(_ value: Value) {
        guard case .f64(let bits) = value else { return nil }
        self = Double(bitPattern: bits)
    }
    public var value: Value { .float64(self) }
}

/// An exported function whose Wasm signature was checked once against Swift
/// types, so calls take and return plain Swift values.
///
///     let add = try instance.typedFunction("add", (Int32, Int32).self, returning: Int32.self)
///     let sum = try add(40, 2)
public struct TypedFunction<each Parameter: WasmValue, Result: WasmValue> {
    let function: Function

    public func callAsFunction(_ arguments: repeat each Parameter) throws(Trap) -> Result {
        var values: [Value] = []
        for argument in repeat each arguments { values.append(argument.value) }
        let results = try function.call(values)
        // The signature was checked when the function was looked up.
        return Result(results[0])!
    }
}

extension Instance {
    /// The export `name` as a typed function; throws if it is missing or its
    /// signature is not `(Parameter...) -> Result`.
    public func typedFunction<each Parameter: WasmValue, Result: WasmValue>(
        _ name: String, _ parameters: (repeat each Parameter).Type, returning: Result.Type
    ) throws(InvocationError) -> TypedFunction<repeat each Parameter, Result> {
        guard let function = function(named: name) else { throw .noSuchExport(name) }
        var expected: [ValueType] = []
        for type in repeat (each Parameter).self { expected.append(type.valueType) }
        let actual = function.type
        guard actual.parameters == expected, actual.results == [Result.valueType] else {
            throw .signatureMismatch(name, actual)
        }
        return TypedFunction(function: function)
    }
}
