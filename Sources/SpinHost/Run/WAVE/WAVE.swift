public import ComponentModel

/// WAVE, the WebAssembly Value Encoding: component values as text, the way
/// `wasmtime run --invoke 'f(1, "a", [1, 2], {x: 1}, some(2), ok("x"), red, {read, write})'`
/// reads arguments and prints results.
/// Grammar: https://github.com/bytecodealliance/wasm-tools/tree/main/crates/wasm-wave#readme
///
/// Values follow the type: `list<u8>` reads as `.bytes`; records are in
/// field order, with omitted option fields `none`; variants and enums by
/// case index; flags as ascending indices; `list<T, N>` as a list of
/// exactly N values. Resource handles and maps have no WAVE form (wasmtime's
/// `Val::Map` is `Unsupported` too) and are refused both ways.
public enum WAVE {
    /// Words that are not labels unless written with `%` (`%ok`).
    static let keywords: Set<String> = ["true", "false", "some", "none", "ok", "err", "inf", "nan"]

    /// Reads `name(arguments)`. The name is `func`, `iface.func` or
    /// `ns:pkg/iface.func@1.2.3` (README, "Function calls"; wasmtime's
    /// `--invoke`).
    public static func parseCall(_ text: String) throws(WAVEError) -> WAVECall {
        try WAVECall(text)
    }

    /// Reads one value of `type`; nothing but whitespace and comments may follow.
    public static func parse(_ text: String, as type: ComponentValueType) throws(WAVEError) -> ComponentValue {
        var parser = WAVEParser(text)
        let syntax = try parser.parseValue()
        try parser.finish()
        return try syntax.value(as: type)
    }

    /// Reads comma-separated arguments (the text between a call's
    /// parentheses) as values of `types`. Missing trailing arguments of
    /// option types are `none`.
    public static func parseArguments(_ text: String, types: [ComponentValueType]) throws(WAVEError) -> [ComponentValue] {
        var parser = WAVEParser(text)
        let values = try parser.parseSequence(until: nil)
        return try WAVESyntax.arguments(values, types: types, end: parser.lexer.scalars.count)
    }

    /// Writes `value` as wasmtime writes it. Throws for resource handles and
    /// for a value that does not have the type.
    public static func print(_ value: ComponentValue, as type: ComponentValueType) throws(WAVEError) -> String {
        var printer = WAVEPrinter()
        try printer.write(value, as: type)
        return printer.output
    }

    /// The line `wasmtime run --invoke` prints for a call's result: the value,
    /// or `()` for a function without a result.
    public static func printResult(_ value: ComponentValue?, as type: ComponentValueType?) throws(WAVEError) -> String {
        guard let type else { return "()" }
        guard let value else { throw WAVEError(column: nil, "missing result of type \(describe(type))") }
        return try print(value, as: type)
    }

    /// A type as WIT spells it, compound types by their labels only:
    /// `list<u8>`, `result<_, string>`, `enum { red, green }`.
    public static func describe(_ type: ComponentValueType) -> String {
        switch type {
        case .bool: "bool"
        case .s8: "s8"
        case .u8: "u8"
        case .s16: "s16"
        case .u16: "u16"
        case .s32: "s32"
        case .u32: "u32"
        case .s64: "s64"
        case .u64: "u64"
        case .f32: "f32"
        case .f64: "f64"
        case .char: "char"
        case .string: "string"
        case .list(let element): "list<\(describe(element))>"
        case .fixedLengthList(let element, let length): "list<\(describe(element)), \(length)>"
        case .map(let key, let value): "map<\(describe(key)), \(describe(value))>"
        case .record(let fields): "record { \(fields.map(\.name).joined(separator: ", ")) }"
        case .tuple(let types): "tuple<\(types.map(describe).joined(separator: ", "))>"
        case .variant(let cases): "variant { \(cases.map(\.name).joined(separator: ", ")) }"
        case .enum(let names): "enum { \(names.joined(separator: ", ")) }"
        case .option(let wrapped): "option<\(describe(wrapped))>"
        case .result(nil, nil): "result"
        case .result(let ok?, nil): "result<\(describe(ok))>"
        case .result(let ok, let error?): "result<\(ok.map(describe) ?? "_"), \(describe(error))>"
        case .flags(let names): "flags { \(names.joined(separator: ", ")) }"
        case .own(let resource): "own<\(resource.name)>"
        case .borrow(let resource): "borrow<\(resource.name)>"
        case .stream(let element): element.map { "stream<\(describe($0))>" } ?? "stream"
        case .future(let element): element.map { "future<\(describe($0))>" } ?? "future"
        case .errorContext: "error-context"
        }
    }
}
