public import ComponentModel

/// A function call written in WAVE, `name(arg, ...)`: what `spin wasm run
/// --invoke` takes for a component, as the wasmtime CLI does. The arguments
/// are read now and typed once the function, and so its parameter types,
/// is known.
public struct WAVECall: Sendable {
    public let function: WAVEFunctionName
    let argumentSyntax: [WAVESyntax]
    /// Offset of the closing parenthesis, where missing arguments are reported.
    let closingOffset: Int

    /// How many arguments are written.
    public var argumentCount: Int { argumentSyntax.count }

    /// The arguments as values of the parameter types. Missing trailing
    /// arguments of option types are `none`.
    public func arguments(types: [ComponentValueType]) throws(WAVEError) -> [ComponentValue] {
        try WAVESyntax.arguments(argumentSyntax, types: types, end: closingOffset)
    }

    init(_ text: String) throws(WAVEError) {
        var lexer = WAVELexer(Array(text.unicodeScalars))
        function = try WAVEFunctionName.parse(&lexer)
        guard let open = try lexer.next() else {
            throw WAVEError(at: lexer.scalars.count, "expected `(` after the function name: `\(function)(...)`")
        }
        guard open.kind == .parenOpen else {
            throw WAVEError(at: open.start, "expected `(` after the function name, found \(open.kind.text)")
        }
        var parser = WAVEParser(lexer)
        argumentSyntax = try parser.parseSequence(until: .parenClose)
        closingOffset = parser.lexer.position - 1
        try parser.finish()
    }
}
