import ComponentModel
@testable import SpinHost
import Testing

/// WAVE text for `spin wasm run --invoke` on components. Every expected
/// printing below is what `wasmtime run --invoke` (49.0.3, wasm-wave 0.258.3)
/// printed for the same value, returned by an identity function of the type.
struct WAVETests {
    // The types of the component the outputs were recorded with.
    static let record: ComponentValueType = .record([.init("a", .u32), .init("b-c", .string), .init("opt", .option(.u8))])
    static let optionalRecord: ComponentValueType = .record([.init("x", .option(.u8)), .init("y", .option(.string))])
    static let keywordRecord: ComponentValueType = .record([.init("ok", .u8), .init("none", .u8)])
    static let variant: ComponentValueType = .variant([
        .init("empty", nil), .init("days", .u32), .init("err", .string), .init("opt", .option(.u8)), .init("HTTP3", .u8),
    ])
    static let colors: ComponentValueType = .enum(["red", "green-blue", "ok", "none", "inf"])
    static let permissions: ComponentValueType = .flags(["read", "write", "exec"])
    static let flags32: ComponentValueType = .flags((0..<32).map { "f\($0)" })
    static let nested: ComponentValueType = .list(.tuple([.option(.result(ok: .u8, error: .u8)), .list(.tuple([.bool]))]))
    static let resource = ResourceType(name: "r")

    struct Case: CustomTestStringConvertible, Sendable {
        let type: ComponentValueType
        let value: ComponentValue
        let text: String
        init(_ type: ComponentValueType, _ value: ComponentValue, _ text: String) {
            (self.type, self.value, self.text) = (type, value, text)
        }
        var testDescription: String { text }
    }

    /// Values and the exact text wasmtime printed for them.
    static let printed: [Case] = [
        Case(.bool, .bool(true), "true"),
        Case(.bool, .bool(false), "false"),
        Case(.s8, .s8(-128), "-128"),
        Case(.u8, .u8(255), "255"),
        Case(.s16, .s16(-32768), "-32768"),
        Case(.u16, .u16(65535), "65535"),
        Case(.s32, .s32(-2_147_483_648), "-2147483648"),
        Case(.u32, .u32(4_294_967_295), "4294967295"),
        Case(.s64, .s64(.min), "-9223372036854775808"),
        Case(.u64, .u64(.max), "18446744073709551615"),
        Case(.f32, .f32(1.5), "1.5"),
        Case(.f32, .f32(0.1), "0.1"),
        Case(.f32, .f32(1e-7), "0.0000001"),
        Case(.f32, .f32(0.33333334), "0.33333334"),
        Case(.f32, .f32(.greatestFiniteMagnitude), "340282350000000000000000000000000000000"),
        Case(.f32, .f32(1e20), "100000000000000000000"),
        Case(.f32, .f32(.leastNonzeroMagnitude), "0." + String(repeating: "0", count: 44) + "1"),
        Case(.f32, .f32(16_777_216), "16777216"),
        Case(.f32, .f32(.infinity), "inf"),
        Case(.f32, .f32(-.infinity), "-inf"),
        Case(.f32, .f32(-0.0), "-0"),
        Case(.f64, .f64(0.1), "0.1"),
        Case(.f64, .f64(0.3333333333333333), "0.3333333333333333"),
        Case(.f64, .f64(2), "2"),
        Case(.f64, .f64(123_456_789.125), "123456789.125"),
        Case(.f64, .f64(-2.5e-5), "-0.000025"),
        Case(.f64, .f64(1e300), "1" + String(repeating: "0", count: 300)),
        Case(.f64, .f64(.greatestFiniteMagnitude), "17976931348623157" + String(repeating: "0", count: 292)),
        Case(.f64, .f64(.leastNonzeroMagnitude), "0." + String(repeating: "0", count: 323) + "5"),
        Case(.char, .char("a"), "'a'"),
        Case(.char, .char("'"), #"'\''"#),
        Case(.char, .char("\""), #"'\"'"#),
        Case(.char, .char(" "), "' '"),
        Case(.char, .char("\u{0}"), #"'\u{0}'"#),
        Case(.char, .char("\u{7f}"), #"'\u{7f}'"#),
        Case(.char, .char("\u{85}"), #"'\u{85}'"#),
        Case(.char, .char("\u{a0}"), #"'\u{a0}'"#),
        Case(.char, .char("\u{ad}"), #"'\u{ad}'"#),
        Case(.char, .char("\u{301}"), #"'\u{301}'"#),
        Case(.char, .char("\u{378}"), #"'\u{378}'"#),
        Case(.char, .char("\u{200b}"), #"'\u{200b}'"#),
        Case(.char, .char("\u{2028}"), #"'\u{2028}'"#),
        Case(.char, .char("\u{3000}"), #"'\u{3000}'"#),
        Case(.char, .char("\u{e000}"), #"'\u{e000}'"#),
        Case(.char, .char("\u{10ffff}"), #"'\u{10ffff}'"#),
        Case(.char, .char("☃"), "'☃'"),
        Case(.char, .char("\u{1F44B}"), "'👋'"),
        Case(.string, .string("a\"b\\c\n\t\r"), #""a\"b\\c\n\t\r""#),
        Case(.string, .string("it's"), #""it\'s""#),
        Case(.string, .string(""), #""""#),
        Case(.string, .string("\u{0}\u{1b}[0m"), #""\u{0}\u{1b}[0m""#),
        Case(.string, .string("é e\u{301} ☃ 👋"), #""é e\u{301} ☃ 👋""#),
        Case(.string, .string("\u{903}\u{9be}\u{fe0f}\u{1f3fb}\u{e0020}\u{200d}\u{200c}\u{1fae9}\u{1fa89}\n\r\t ~¡\u{ff9e}\u{1f1e6}"),
             #""ः\u{9be}\u{fe0f}🏻\u{e0020}\u{200d}\u{200c}🫩🪉\n\r\t ~¡\u{ff9e}🇦""#),
        Case(.list(.u8), .bytes([1, 2, 255]), "[1, 2, 255]"),
        Case(.list(.u8), .bytes([]), "[]"),
        Case(.list(.u32), .list([.u32(1), .u32(2), .u32(3)]), "[1, 2, 3]"),
        Case(.list(.string), .list([.string("a"), .string("b")]), #"["a", "b"]"#),
        Case(.list(.string), .list([]), "[]"),
        Case(record, .record([.u32(1), .string("x"), .option(.u8(2))]), #"{a: 1, b-c: "x", opt: some(2)}"#),
        Case(record, .record([.u32(1), .string("x"), .option(nil)]), #"{a: 1, b-c: "x"}"#),
        Case(record, .record([.u32(1), .string(""), .option(.u8(0))]), #"{a: 1, b-c: "", opt: some(0)}"#),
        Case(optionalRecord, .record([.option(nil), .option(nil)]), "{:}"),
        Case(optionalRecord, .record([.option(.u8(1)), .option(nil)]), "{x: some(1)}"),
        Case(keywordRecord, .record([.u8(1), .u8(2)]), "{ok: 1, none: 2}"),
        Case(.record([.init("a", .u32)]), .record([.u32(5)]), "{a: 5}"),
        Case(.list(record), .list([.record([.u32(1), .string("x"), .option(nil)]), .record([.u32(2), .string("y"), .option(.u8(3))])]),
             #"[{a: 1, b-c: "x"}, {a: 2, b-c: "y", opt: some(3)}]"#),
        Case(.tuple([.u8, .string, .char]), .tuple([.u8(1), .string("s"), .char("c")]), #"(1, "s", 'c')"#),
        Case(variant, .variant(case: 0, payload: nil), "empty"),
        Case(variant, .variant(case: 1, payload: .u32(30)), "days(30)"),
        Case(variant, .variant(case: 2, payload: .string("x")), #"%err("x")"#),
        Case(variant, .variant(case: 3, payload: .option(nil)), "opt(none)"),
        Case(variant, .variant(case: 3, payload: .option(.u8(5))), "opt(some(5))"),
        Case(variant, .variant(case: 4, payload: .u8(1)), "HTTP3(1)"),
        Case(colors, .enum(0), "red"),
        Case(colors, .enum(1), "green-blue"),
        Case(colors, .enum(2), "%ok"),
        Case(colors, .enum(3), "%none"),
        Case(colors, .enum(4), "%inf"),
        Case(.option(.u32), .option(.u32(1)), "some(1)"),
        Case(.option(.u32), .option(nil), "none"),
        Case(.option(.option(.u32)), .option(.option(nil)), "some(none)"),
        Case(.option(.option(.u32)), .option(.option(.u32(1))), "some(some(1))"),
        Case(.option(.option(.u32)), .option(nil), "none"),
        Case(.option(.result(ok: .u32, error: nil)), .option(.ok(.u32(1))), "some(ok(1))"),
        Case(.option(.string), .option(.string("s")), #"some("s")"#),
        Case(.result(ok: .u32, error: .string), .ok(.u32(1)), "ok(1)"),
        Case(.result(ok: .u32, error: .string), .error(.string("no")), #"err("no")"#),
        Case(.result(ok: nil, error: nil), .ok(nil), "ok"),
        Case(.result(ok: nil, error: nil), .error(nil), "err"),
        Case(.result(ok: .u32, error: nil), .ok(.u32(3)), "ok(3)"),
        Case(.result(ok: .u32, error: nil), .error(nil), "err"),
        Case(.result(ok: nil, error: .string), .ok(nil), "ok"),
        Case(.result(ok: nil, error: .string), .error(.string("e")), #"err("e")"#),
        Case(.result(ok: .option(.u32), error: nil), .ok(.option(.u32(1))), "ok(some(1))"),
        Case(.result(ok: .option(.u32), error: nil), .ok(.option(nil)), "ok(none)"),
        Case(permissions, .flags([]), "{}"),
        Case(permissions, .flags([0]), "{read}"),
        Case(permissions, .flags([0, 1]), "{read, write}"),
        Case(permissions, .flags([0, 1, 2]), "{read, write, exec}"),
        Case(flags32, .flags([0, 31]), "{f0, f31}"),
        Case(nested, .list([
            .tuple([.option(.ok(.u8(1))), .list([.tuple([.bool(true)])])]),
            .tuple([.option(nil), .list([])]),
        ]), "[(some(ok(1)), [(true)]), (none, [])]"),
    ]

    @Test(arguments: printed)
    func printsAsWasmtime(_ test: Case) throws {
        #expect(try WAVE.print(test.value, as: test.type) == test.text)
    }

    /// What wasmtime prints reads back as the same value.
    @Test(arguments: printed)
    func readsWhatItPrints(_ test: Case) throws {
        #expect(try WAVE.parse(test.text, as: test.type) == test.value)
    }

    @Test func nanPrintsAndReadsAsNan() throws {
        #expect(try WAVE.print(.f32(.nan), as: .f32) == "nan")
        #expect(try WAVE.print(.f64(-.nan), as: .f64) == "nan")
        #expect(try WAVE.print(.f32(Float(bitPattern: 0x7fa0_0001)), as: .f32) == "nan")
        guard case .f32(let single) = try WAVE.parse("nan", as: .f32), case .f64(let double) = try WAVE.parse("nan", as: .f64) else {
            Issue.record("nan did not read as a float")
            return
        }
        #expect(single.bitPattern == 0x7fc0_0000 && double.bitPattern == 0x7ff8_0000_0000_0000)
    }

    @Test func bytesPrintTheSameAsAListOfU8() throws {
        #expect(try WAVE.print(.list([.u8(1), .u8(2)]), as: .list(.u8)) == "[1, 2]")
        #expect(try WAVE.print(.list([]), as: .list(.u8)) == "[]")
        #expect(try WAVE.parse("[1, 2]", as: .list(.u8)) == .bytes([1, 2]))
    }

    @Test func flagsPrintInTypeOrder() throws {
        #expect(try WAVE.print(.flags([2, 0]), as: Self.permissions) == "{read, exec}")
    }

    /// A function without a result prints `()`, as wasmtime does.
    @Test func resultLine() throws {
        #expect(try WAVE.printResult(nil, as: nil) == "()")
        #expect(try WAVE.printResult(.string("x"), as: .string) == #""x""#)
        #expect(throws: WAVEError.self) { try WAVE.printResult(nil, as: .u32) }
    }

    /// wasmtime's writer panics on handles; we refuse them.
    @Test func handlesCannotBePrinted() {
        #expect(throws: WAVEError(column: nil, "a resource handle (own<r>) cannot be written in WAVE")) {
            try WAVE.print(.own(1), as: .own(Self.resource))
        }
        #expect(throws: WAVEError(column: nil, "a resource handle (borrow<r>) cannot be written in WAVE")) {
            try WAVE.print(.list([.borrow(1)]), as: .list(.borrow(Self.resource)))
        }
    }

    @Test(arguments: [
        (ComponentValue.u32(1), ComponentValueType.string),
        (.bytes([1]), .list(.u32)),
        (.record([.u32(1)]), record),
        (.variant(case: 9, payload: nil), variant),
        (.variant(case: 1, payload: nil), variant),
        (.variant(case: 0, payload: .u32(1)), variant),
        (.enum(5), colors),
        (.flags([3]), permissions),
        (.ok(nil), .result(ok: .u32, error: nil)),
        (.tuple([.u8(1)]), .tuple([.u8, .u8])),
    ])
    func valuesOfAnotherTypeAreRefused(_ value: ComponentValue, _ type: ComponentValueType) {
        #expect(throws: WAVEError.self) { try WAVE.print(value, as: type) }
    }
}
