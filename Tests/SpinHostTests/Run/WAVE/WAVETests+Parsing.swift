import ComponentModel
@testable import SpinHost
import Testing

extension WAVETests {
    /// Other spellings wasmtime accepts, each with the value it stands for.
    static let spellings: [Case] = [
        Case(.option(.u32), .option(.u32(1)), "1"),
        Case(.option(.string), .option(.string("s")), #""s""#),
        Case(.option(.result(ok: .u32, error: nil)), .option(.ok(.u32(1))), "some(1)"),
        Case(.result(ok: .u32, error: .string), .ok(.u32(1)), "1"),
        Case(.result(ok: .u32, error: nil), .ok(.u32(3)), "ok (3)"),
        Case(record, .record([.u32(1), .string("x"), .option(.u8(2))]), #"{opt: some(2), b-c: "x", a: 1}"#),
        Case(record, .record([.u32(1), .string("x"), .option(.u8(2))]), #"{a: 1, b-c: "x", opt: 2}"#),
        Case(record, .record([.u32(1), .string("x"), .option(nil)]), #"{a: 1, b-c: "x", opt: none,}"#),
        Case(record, .record([.u32(1), .string("x"), .option(nil)]), #"{%a: 1, %b-c: "x"}"#),
        Case(optionalRecord, .record([.option(.u8(1)), .option(nil)]), "{x: 1}"),
        Case(keywordRecord, .record([.u8(1), .u8(2)]), "{none: 2, ok: 1}"),
        Case(variant, .variant(case: 4, payload: .u8(1)), "%HTTP3(1)"),
        Case(variant, .variant(case: 1, payload: .u32(3)), "days (3)"),
        Case(variant, .variant(case: 3, payload: .option(.u8(5))), "opt(5)"),
        Case(colors, .enum(0), "%red"),
        Case(permissions, .flags([0, 1]), "{write, read,}"),
        Case(permissions, .flags([0, 1, 2]), "{exec, %read, write}"),
        Case(.u32, .u32(7), " 7 "),
        Case(.u32, .u32(7), "7 // a comment\n"),
        Case(.u32, .u32(7), "// before\n7"),
        Case(.s32, .s32(0), "-0"),
        Case(.f32, .f32(16_777_216), "16777217"),
        Case(.f32, .f32(-0.0), "-0.0"),
        Case(.f32, .f32(.infinity), "1e39"),
        Case(.f32, .f32(.infinity), "3.4028236e38"),
        Case(.f32, .f32(.greatestFiniteMagnitude), "3.4028235e38"),
        Case(.f64, .f64(0), "1e-400"),
        Case(.f64, .f64(100_000), "1E5"),
        Case(.f64, .f64(0.015), "1.5e-2"),
        Case(.f64, .f64(1500), "1.5e+3"),
        Case(.f64, .f64(3), "3"),
        Case(.char, .char("\""), #"'\"'"#),
        Case(.char, .char("\u{1F44B}"), #"'\u{1F44B}'"#),
        Case(.string, .string("A"), #""\u{41}""#),
        Case(.string, .string("tab\tx"), "\"tab\tx\""),
        Case(.string, .string("it's \"q\""), #""it's \"q\"""#),
        Case(.string, .string("hello\n  world"), "\"\"\"\n  hello\n    world\n  \"\"\""),
        Case(.string, .string("A single line"), "\"\"\"\nA single line\n\"\"\""),
        Case(.string, .string("crlf\r\nkept"), "\"\"\"\r\n  crlf\\r\r\n  kept\r\n  \"\"\""),
        Case(.string, .string("\"\"\"\""), "\"\"\"\n\"\"\\\"\"\n\"\"\""),
        Case(.string, .string(""), "\"\"\"\n\"\"\""),
        Case(.list(.u32), .list([.u32(1), .u32(2), .u32(3)]), "[1,2,3,]"),
        Case(.list(.u8), .bytes([0, 255]), "[ 0 , 255 ]"),
        Case(.tuple([.u8, .string, .char]), .tuple([.u8(1), .string("s"), .char("c")]), #"(1, "s", 'c',)"#),
        Case(.tuple([.u8]), .tuple([.u8(1)]), "(1)"),
    ]

    @Test(arguments: spellings)
    func readsOtherSpellings(_ test: Case) throws {
        #expect(try WAVE.parse(test.text, as: test.type) == test.value)
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        let type: ComponentValueType
        let text: String
        let column: Int
        let message: String
        init(_ type: ComponentValueType, _ text: String, _ column: Int, _ message: String) {
            (self.type, self.text, self.column, self.message) = (type, text, column, message)
        }
        var testDescription: String { text }
    }

    /// Texts wasmtime refuses too (bar unknown record fields, which it drops
    /// silently), with our column and message.
    static let failures: [Failure] = [
        Failure(.u8, "256", 1, "`256` is out of range for u8 (0...255)"),
        Failure(.u8, "-1", 1, "`-1` is out of range for u8 (0...255)"),
        Failure(.u32, "-0", 1, "`-0` is out of range for u32 (0...4294967295)"),
        Failure(.s8, "128", 1, "`128` is out of range for s8 (-128...127)"),
        Failure(.s8, "-129", 1, "`-129` is out of range for s8 (-128...127)"),
        Failure(.u16, "65536", 1, "`65536` is out of range for u16 (0...65535)"),
        Failure(.s64, "9223372036854775808", 1, "`9223372036854775808` is out of range for s64 (-9223372036854775808...9223372036854775807)"),
        Failure(.u64, "18446744073709551616", 1, "`18446744073709551616` is out of range for u64 (0...18446744073709551615)"),
        Failure(.u32, "1.0", 1, "expected an integer (u32), found `1.0`"),
        Failure(.u32, "1e2", 1, "expected an integer (u32), found `1e2`"),
        Failure(.u32, "inf", 1, "expected an integer (u32), found `inf`"),
        Failure(.u32, "+1", 1, "unexpected character `+`"),
        Failure(.u32, "01", 1, "invalid number: leading zeros are not allowed"),
        Failure(.u32, "0x10", 1, "invalid number `0x10`: numbers are decimal, as in JSON"),
        Failure(.u32, "1_000", 1, "invalid number `1_000`: numbers are decimal, as in JSON"),
        Failure(.f64, ".5", 1, "unexpected character `.`"),
        Failure(.f64, "1.", 1, "invalid number: `.` must be followed by digits"),
        Failure(.f64, "1e", 1, "invalid number: the exponent needs digits"),
        Failure(.f32, "-nan", 1, "`-` must be followed by digits or `inf`"),
        Failure(.f64, "NaN", 1, "invalid label `NaN`: each word is all lowercase or all uppercase"),
        Failure(.f64, "infinity", 1, "expected f64, found the case `infinity`"),
        Failure(.bool, "1", 1, "expected bool, found the number `1`"),
        Failure(.u32, #""7""#, 1, "expected u32, found a string"),
        Failure(.u32, "", 1, "expected a value, found the end of the text"),
        Failure(.u32, "1 x", 3, "unexpected `x` after the value"),
        Failure(.u32, "1, 2", 2, "unexpected `,` after the value"),
        Failure(.u32, "1 / 2", 3, "unexpected character `/`"),
        Failure(.char, #"'\u{d800}'"#, 2, #"invalid escape: \u{d800} is not a Unicode scalar value"#),
        Failure(.char, #"'\u{110000}'"#, 2, #"invalid escape: \u{110000} is not a Unicode scalar value"#),
        Failure(.char, #"'\u{1234567}'"#, 2, #"invalid escape: `\u{...}` takes one to six hex digits"#),
        Failure(.char, #"'\u{}'"#, 2, #"invalid escape: `\u` is followed by `{` one to six hex digits `}`"#),
        Failure(.char, #"'\u41'"#, 2, #"invalid escape: `\u` is followed by `{` hex digits `}`"#),
        Failure(.char, #"'\x'"#, 2, #"invalid escape `\x` (escapes are \' \" \\ \t \n \r \u{...})"#),
        Failure(.char, "'ab'", 1, "a char holds one character: use a string for `ab`"),
        Failure(.char, "'e\u{301}'", 1, "a char holds one character: use a string for `e\u{301}`"),
        Failure(.char, "''", 1, "empty char: a char holds one character"),
        Failure(.char, "'a", 1, "unterminated char"),
        Failure(.char, #""a""#, 1, "expected char, found a string"),
        Failure(.string, "\"a\nb\"", 1, #"unterminated string (a newline in a string is written `\n`)"#),
        Failure(.string, #""abc"#, 1, #"unterminated string (a newline in a string is written `\n`)"#),
        Failure(.string, #""ok \q""#, 5, #"invalid escape `\q` (escapes are \' \" \\ \t \n \r \u{...})"#),
        Failure(.string, #""\"#, 2, "unterminated escape"),
        Failure(.string, "'a'", 1, "expected string, found a char"),
        Failure(.string, "\"\"\"x\n\"\"\"", 1, "the opening `\"\"\"` of a multi-line string must end its line"),
        Failure(.string, "\"\"\"\nx\"\"\"", 6, "the closing `\"\"\"` of a multi-line string must be on a line of its own, after spaces only"),
        Failure(.string, "\"\"\"\n x\n  \"\"\"", 5, "lines of a multi-line string must be indented at least as far as the closing `\"\"\"`"),
        Failure(.string, "\"\"\"\nabc", 1, "unterminated multi-line string"),
        Failure(.string, "\"\"\"\n  \\q\n  \"\"\"", 7, #"invalid escape `\q` (escapes are \' \" \\ \t \n \r \u{...})"#),
        Failure(.list(.u8), #""ab""#, 1, "expected list<u8>, found a string"),
        Failure(.list(.u8), "[1, 256]", 5, "`256` is out of range for u8 (0...255)"),
        Failure(.list(.u32), "[,]", 2, "expected a value, found `,`"),
        Failure(.list(.u32), "[1 2]", 4, "expected `,` or `]`, found the number `2`"),
        Failure(.list(.u32), "[1,", 4, "expected `]`, found the end of the text"),
        Failure(record, "{a: 1}", 1, "missing field `b-c` of record { a, b-c, opt }"),
        Failure(record, #"{a: 1, b-c: "x", zz: 1}"#, 18, "unknown field `zz` of record { a, b-c, opt }"),
        Failure(record, #"{a: 1, a: 2, b-c: "x"}"#, 8, "field `a` given twice"),
        Failure(record, #"{a: 1 b-c: "x"}"#, 7, "expected `,` or `}`, found `b-c`"),
        Failure(record, "{a 1}", 4, "expected `,` or `}`, found the number `1`"),
        Failure(record, "{a: }", 5, "expected a value, found `}`"),
        Failure(record, "{1: 2}", 2, "expected a label, found the number `1`"),
        Failure(optionalRecord, "{}", 1, "expected record { x, y }, found `{}` (empty flags)"),
        Failure(optionalRecord, "{:,}", 3, "expected `}` (`{:}` is the empty record), found `,`"),
        Failure(.tuple([.u8, .string, .char]), #"(1, "s")"#, 1, "expected a tuple of 3 elements, found 2: tuple<u8, string, char>"),
        Failure(.tuple([.u8]), "()", 1, "a tuple has at least one element"),
        Failure(.tuple([.u8]), "1", 1, "expected tuple<u8>, found the number `1`"),
        Failure(variant, #"err("x")"#, 1, "expected variant { empty, days, err, opt, HTTP3 }, found `err`"),
        Failure(variant, "days", 1, "`days` needs a payload of type u32: `days(...)`"),
        Failure(variant, "empty(1)", 7, "`empty` takes no payload"),
        Failure(variant, "nope", 1, "unknown case `nope` of variant { empty, days, err, opt, HTTP3 }"),
        Failure(variant, "days(1", 7, "expected `)`, found the end of the text"),
        Failure(variant, "days(1, 2)", 7, "expected `)`, found `,`"),
        Failure(variant, "http3(1)", 1, "unknown case `http3` of variant { empty, days, err, opt, HTTP3 }"),
        Failure(variant, "-days", 1, "`-` must be followed by digits or `inf`"),
        Failure(variant, "days-", 1, "invalid label `days-`: hyphens must join words"),
        Failure(variant, "%", 1, "invalid label `%`: a label starts with a letter"),
        Failure(variant, "%1", 1, "invalid label `%1`: a label starts with a letter"),
        Failure(colors, "ok", 1, "expected enum { red, green-blue, ok, none, inf }, found `ok`"),
        Failure(colors, "inf", 1, "expected enum { red, green-blue, ok, none, inf }, found the number `inf`"),
        Failure(colors, "blue", 1, "unknown case `blue` of enum { red, green-blue, ok, none, inf }"),
        Failure(colors, "red(1)", 1, "enum case `red` takes no payload"),
        Failure(.option(.u32), "some(none)", 6, "expected u32, found `none`"),
        Failure(.option(.u32), "some", 1, "`some` is followed by its value in parentheses: `some(...)`"),
        Failure(.option(.option(.u32)), "1", 1, "expected option<option<u32>>, found the number `1`"),
        Failure(.option(.result(ok: .u32, error: nil)), "ok(1)", 1, "expected option<result<u32>>, found `ok`"),
        Failure(.result(ok: .u32, error: .string), "err", 1, "`err` needs a payload of type string: `err(...)`"),
        Failure(.result(ok: nil, error: nil), "ok(1)", 4, "`ok` takes no payload"),
        Failure(.result(ok: nil, error: .string), #""e""#, 1, "expected result<_, string>, found a string"),
        Failure(.result(ok: .option(.u32), error: nil), "some(1)", 1, "expected result<option<u32>>, found `some(...)`"),
        Failure(nested, "[(err(1), [])]", 3, "expected option<result<u8, u8>>, found `err`"),
        Failure(permissions, "{read, read}", 8, "flag `read` given twice"),
        Failure(permissions, "{bogus}", 2, "unknown flag `bogus` of flags { read, write, exec }"),
        Failure(permissions, "{read write}", 7, "expected `,` or `}`, found `write`"),
        Failure(permissions, "read", 1, "expected flags { read, write, exec }, found the case `read`"),
        Failure(.own(resource), "1", 1, "a resource handle (own<r>) cannot be written in WAVE"),
        Failure(.list(.borrow(resource)), "[1]", 2, "a resource handle (borrow<r>) cannot be written in WAVE"),
        Failure(.list(.u8), String(repeating: "[", count: 101), 101, "values nest deeper than 100 levels"),
        Failure(.u32, "\u{1}", 1, #"unexpected character `\u{1}`"#),
        Failure(.u32, "1 ☃", 3, "unexpected character `☃`"),
    ]

    @Test(arguments: failures)
    func refusesBadText(_ test: Failure) {
        #expect(throws: WAVEError(column: test.column, test.message)) { try WAVE.parse(test.text, as: test.type) }
    }

    @Test func errorDescriptionNamesTheColumn() {
        #expect(WAVEError(column: 4, "bad").description == "column 4: bad")
        #expect(WAVEError(column: nil, "bad").description == "bad")
    }

    /// 100 nested values are fine; a 101st is refused (above).
    @Test func nestingUpToTheBound() throws {
        var type = ComponentValueType.list(.u8)
        var value = ComponentValue.bytes([1])
        for _ in 0..<98 {
            type = .list(type)
            value = .list([value])
        }
        let text = String(repeating: "[", count: 99) + "1" + String(repeating: "]", count: 99)
        #expect(try WAVE.parse(text, as: type) == value)
        #expect(try WAVE.print(value, as: type) == text)
    }
}
