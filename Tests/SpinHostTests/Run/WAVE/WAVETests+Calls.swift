import ComponentModel
@testable import SpinHost
import Testing

extension WAVETests {
    /// The `pad` parameter of the recorded functions: an option, so it may be left out.
    static let pad: ComponentValueType = .option(.tuple(Array(repeating: .u64, count: 16)))

    struct NameCase: CustomTestStringConvertible, Sendable {
        let text: String
        let name: WAVEFunctionName
        let instance: String?
        var testDescription: String { text }
    }

    /// The names wasmtime's `--invoke` took (`my:pkg/iface.get@1.2.3()`
    /// found `get` in the instance exported as `my:pkg/iface@1.2.3`).
    static let names: [NameCase] = [
        NameCase(text: "top()", name: .init(function: "top"), instance: nil),
        NameCase(text: "T-U32()", name: .init(function: "T-U32"), instance: nil),
        NameCase(text: "plain.get()", name: .init(interface: "plain", function: "get"), instance: "plain"),
        NameCase(text: "my:pkg/other.get()", name: .init(package: "my:pkg", interface: "other", function: "get"),
                 instance: "my:pkg/other"),
        NameCase(text: "my:pkg/iface.get@1.2.3()", name: .init(package: "my:pkg", interface: "iface", function: "get", version: "1.2.3"),
                 instance: "my:pkg/iface@1.2.3"),
        NameCase(text: "wasi:cli/run.run@0.2.0()", name: .init(package: "wasi:cli", interface: "run", function: "run", version: "0.2.0"),
                 instance: "wasi:cli/run@0.2.0"),
        // Pre-release versions: wasmtime's name grammar has none; we take them.
        NameCase(text: "wasi:cli/run.run@0.3.0-rc-2025-08-15()",
                 name: .init(package: "wasi:cli", interface: "run", function: "run", version: "0.3.0-rc-2025-08-15"),
                 instance: "wasi:cli/run@0.3.0-rc-2025-08-15"),
    ]

    @Test(arguments: names)
    func readsFunctionNames(_ test: NameCase) throws {
        let call = try WAVE.parseCall(test.text)
        #expect(call.function == test.name)
        #expect(call.function.instanceName == test.instance)
        #expect(call.function.description + "()" == test.text)
        #expect(call.argumentCount == 0)
    }

    @Test func typesArgumentsOnceTheFunctionIsKnown() throws {
        let call = try WAVE.parseCall(#"f(1, "a", [1,2], {x: 1}, some(2), ok("x"), red, {read, write})"#)
        #expect(call.function == WAVEFunctionName(function: "f"))
        #expect(call.argumentCount == 8)
        let types: [ComponentValueType] = [
            .u32, .string, .list(.u8), Self.optionalRecord, .option(.u8), .result(ok: .string, error: nil), Self.colors, Self.permissions,
        ]
        #expect(try call.arguments(types: types) == [
            .u32(1), .string("a"), .bytes([1, 2]), .record([.option(.u8(1)), .option(nil)]), .option(.u8(2)),
            .ok(.string("x")), .enum(0), .flags([0, 1]),
        ])
    }

    @Test func spacingAroundTheCall() throws {
        #expect(try WAVE.parseCall("t-u32 (1)").arguments(types: [.u32, Self.pad]) == [.u32(1), .option(nil)])
        #expect(try WAVE.parseCall("t-u32(1) ").arguments(types: [.u32, Self.pad]) == [.u32(1), .option(nil)])
        #expect(try WAVE.parseCall("t-u32(1,)").arguments(types: [.u32, Self.pad]) == [.u32(1), .option(nil)])
        #expect(try WAVE.parseCall("t-u32(\n  1, // one\n)").arguments(types: [.u32]) == [.u32(1)])
    }

    /// Trailing option arguments may be left out (README, "Function
    /// arguments"). wasmtime also wants `()` to mean no parameters at all;
    /// we let `()` stand for all-`none` too.
    @Test func trailingOptionsMayBeLeftOut() throws {
        #expect(try WAVE.parseCall("unit(1, none)").arguments(types: [.u8, Self.pad]) == [.u8(1), .option(nil)])
        #expect(try WAVE.parseCall("unit(1)").arguments(types: [.u8, Self.pad]) == [.u8(1), .option(nil)])
        #expect(try WAVE.parseCall("f()").arguments(types: [.option(.u8), .option(.string)]) == [.option(nil), .option(nil)])
    }

    struct CallFailure: CustomTestStringConvertible, Sendable {
        let text: String
        let types: [ComponentValueType]
        let column: Int
        let message: String
        var testDescription: String { text }
    }

    static let callFailures: [CallFailure] = [
        CallFailure(text: "unit(1, none, 3)", types: [.u8, pad], column: 15, message: "too many arguments: the function takes 2 arguments"),
        CallFailure(text: "f(1, 2)", types: [.u8], column: 6, message: "too many arguments: the function takes 1 argument"),
        CallFailure(text: "t-u32()", types: [.u32, pad], column: 7, message: "missing argument 1 of type u32"),
        CallFailure(text: "f(1)", types: [.option(.u8), .u8], column: 4, message: "missing argument 2 of type u8"),
        CallFailure(text: "t-u8(256)", types: [.u8, pad], column: 6, message: "`256` is out of range for u8 (0...255)"),
        CallFailure(text: "t-u32", types: [], column: 6, message: "expected `(` after the function name: `t-u32(...)`"),
        CallFailure(text: "t-u32 1", types: [], column: 7, message: "expected `(` after the function name, found the number `1`"),
        CallFailure(text: "t-u32(1", types: [], column: 8, message: "expected `)`, found the end of the text"),
        CallFailure(text: "t-u32(1))", types: [], column: 9, message: "unexpected `)` after the value"),
        CallFailure(text: "t-u32(1) x", types: [], column: 10, message: "unexpected `x` after the value"),
        CallFailure(text: "(1)", types: [], column: 1, message: "expected a function name, found `(`"),
        CallFailure(text: "%top()", types: [], column: 1, message: "expected a function name, found `%`"),
        CallFailure(text: "", types: [], column: 1, message: "expected a function name, found the end of the text"),
        CallFailure(text: "NaN()", types: [], column: 1, message: "invalid name `NaN`: each word is all lowercase or all uppercase"),
        CallFailure(text: "my:pkg/iface@1.2.3.get()", types: [], column: 1,
                    message: "a name with a package names an interface and a function: `my:pkg/iface.func`"),
        CallFailure(text: "my:pkg.get()", types: [], column: 7, message: "expected `/` after the package `my:pkg`"),
        CallFailure(text: "iface.f@1.0.0()", types: [], column: 8,
                    message: "only a package-qualified name has a version: `ns:pkg/iface.func@1.0.0`"),
        CallFailure(text: "a:b/c.f@1.0()", types: [], column: 9, message: "invalid version `1.0`: expected MAJOR.MINOR.PATCH"),
        CallFailure(text: "a:b/c.f@01.0.0()", types: [], column: 9, message: "invalid version `01.0.0`: expected MAJOR.MINOR.PATCH"),
    ]

    @Test(arguments: callFailures)
    func refusesBadCalls(_ test: CallFailure) {
        #expect(throws: WAVEError(column: test.column, test.message)) {
            _ = try WAVE.parseCall(test.text).arguments(types: test.types)
        }
    }

    @Test func argumentListsAlone() throws {
        #expect(try WAVE.parseArguments(#"1, "a""#, types: [.u32, .string]) == [.u32(1), .string("a")])
        #expect(try WAVE.parseArguments("  ", types: [.option(.u8)]) == [.option(nil)])
        #expect(try WAVE.parseArguments("", types: []) == [])
        #expect(throws: WAVEError(column: 4, "missing argument 2 of type string")) {
            try WAVE.parseArguments("1, ", types: [.u32, .string])
        }
        #expect(throws: WAVEError(column: 3, "expected `,`, found the number `2`")) {
            try WAVE.parseArguments("1 2", types: [.u32, .u32])
        }
    }
}
