@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Scalars through the canonical ABI (CanonicalABI.md, `lift_flat`,
/// `lower_flat`): round trips through a guest and its host import, and the
/// core bits each side sees, written out so a symmetric mistake in lifting
/// and lowering cannot cancel out.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ScalarTests {
    static let scalars: [(name: String, core: String)] = [
        ("bool", "i32"), ("s8", "i32"), ("u8", "i32"), ("s16", "i32"), ("u16", "i32"), ("s32", "i32"), ("u32", "i32"),
        ("s64", "i64"), ("u64", "i64"), ("f32", "f32"), ("f64", "f64"), ("char", "i32"),
    ]

    /// Per scalar type T: `echo-T` (forwarded to the host's `echo-T`),
    /// `T-bits` (the core value T is lowered to), `T-from-bits` (T lifted
    /// from a core value) and `raw-echo-T` (the host's `echo-T` called with
    /// core bits, its result seen as core bits).
    static let component: ABIComponent = {
        var component = ABIComponent()
        for (type, core) in scalars {
            let wide = core == "i64" || core == "f64"
            let raw = wide ? "u64" : "u32"
            let rawCore = wide ? "i64" : "i32"
            let toRaw = core == "f32" ? "i32.reinterpret_f32" : core == "f64" ? "i64.reinterpret_f64" : ""
            let fromRaw = core == "f32" ? "f32.reinterpret_i32" : core == "f64" ? "f64.reinterpret_i64" : ""
            component.forward("echo-\(type)", "(param \"x\" \(type)) (result \(type))", params: [core], results: [core])
            component.export("\(type)-bits", "(param \"x\" \(type)) (result \(raw))",
                             core: "(param \(core)) (result \(rawCore))", body: "local.get 0 \(toRaw)")
            component.export("\(type)-from-bits", "(param \"x\" \(raw)) (result \(type))",
                             core: "(param \(rawCore)) (result \(core))", body: "local.get 0 \(fromRaw)")
            component.export("raw-echo-\(type)", "(param \"x\" \(raw)) (result \(raw))",
                             core: "(param \(rawCore)) (result \(rawCore))",
                             body: "local.get 0 \(fromRaw) call $echo-\(type) \(toRaw)")
        }
        return component
    }()

    static func echoGuest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for (type, _) in scalars { host["echo-\(type)"] = ABIGuest.identity }
        return try ABIGuest(component, host: host)
    }

    static let roundTrips: [(String, ComponentValue)] = [
        ("bool", .bool(true)), ("bool", .bool(false)),
        ("s8", .s8(.min)), ("s8", .s8(-1)), ("s8", .s8(0)), ("s8", .s8(.max)),
        ("u8", .u8(0)), ("u8", .u8(.max)),
        ("s16", .s16(.min)), ("s16", .s16(-1)), ("s16", .s16(.max)),
        ("u16", .u16(.max)), ("u16", .u16(0x8000)),
        ("s32", .s32(.min)), ("s32", .s32(-1)), ("s32", .s32(.max)),
        ("u32", .u32(.max)), ("u32", .u32(0x8000_0000)),
        ("s64", .s64(.min)), ("s64", .s64(-1)), ("s64", .s64(.max)),
        ("u64", .u64(.max)), ("u64", .u64(0x8000_0000_0000_0000)),
        ("f32", .f32(1.5)), ("f32", .f32(-0.0)), ("f32", .f32(.infinity)), ("f32", .f32(-.infinity)),
        ("f32", .f32(.leastNonzeroMagnitude)), ("f32", .f32(.greatestFiniteMagnitude)),
        ("f64", .f64(-2.25)), ("f64", .f64(-0.0)), ("f64", .f64(.infinity)), ("f64", .f64(.leastNonzeroMagnitude)),
        ("char", .char("\u{0}")), ("char", .char("a")), ("char", .char("\u{D7FF}")), ("char", .char("\u{E000}")),
        ("char", .char("\u{10FFFF}")), ("char", .char("😀")),
    ]

    @Test(arguments: roundTrips)
    func roundTripThroughGuestAndHostImport(type: String, value: ComponentValue) throws {
        let guest = try Self.echoGuest()
        let result = try guest.call("echo-\(type)", value)
        #expect(Self.bits(result) == Self.bits(value))
        #expect(guest.log.calls.count == 1)
        #expect(guest.log.calls.first.map { Self.bits($0.arguments[0]) } == Self.bits(value))
    }

    /// Floats compared by bit pattern (-0.0 == 0.0 and NaN != NaN otherwise).
    static func bits(_ value: ComponentValue?) -> String {
        switch value {
        case .f32(let float)?: "f32:\(String(float.bitPattern, radix: 16))"
        case .f64(let double)?: "f64:\(String(double.bitPattern, radix: 16))"
        default: String(describing: value)
        }
    }

    // MARK: Lowering: the core value a host value becomes

    static let lowered: [(String, ComponentValue, UInt64)] = [
        ("bool", .bool(true), 1), ("bool", .bool(false), 0),
        // lower_flat_signed(v, 32): s8 and s16 are sign-extended to the whole i32.
        ("s8", .s8(-1), 0xFFFF_FFFF), ("s8", .s8(-128), 0xFFFF_FF80), ("s8", .s8(127), 0x7F),
        ("s16", .s16(-2), 0xFFFF_FFFE), ("s16", .s16(.min), 0xFFFF_8000),
        ("u8", .u8(0xFF), 0xFF), ("u16", .u16(0xFFFF), 0xFFFF),
        ("s32", .s32(-1), 0xFFFF_FFFF), ("u32", .u32(0xDEAD_BEEF), 0xDEAD_BEEF),
        ("s64", .s64(-2), 0xFFFF_FFFF_FFFF_FFFE), ("u64", .u64(0x0123_4567_89AB_CDEF), 0x0123_4567_89AB_CDEF),
        ("f32", .f32(1.5), 0x3FC0_0000), ("f32", .f32(-0.0), 0x8000_0000),
        ("f64", .f64(-2.25), 0xC002_0000_0000_0000),
        ("char", .char("😀"), 0x1F600), ("char", .char("\u{10FFFF}"), 0x10FFFF),
    ]

    @Test(arguments: lowered)
    func hostValueIsLoweredToCoreBits(type: String, value: ComponentValue, bits: UInt64) throws {
        let guest = try ABIGuest(Self.component)
        let result = try guest.call("\(type)-bits", value)
        #expect(result == .u32(UInt32(truncatingIfNeeded: bits)) || result == .u64(bits))
    }

    /// Lowering may pick any NaN (`maybe_scramble_nan32`); this engine
    /// writes the canonical one, so nothing of the host's payload leaks.
    @Test func loweredNaNIsCanonical() throws {
        let guest = try ABIGuest(Self.component)
        #expect(try guest.call("f32-bits", .f32(Float(bitPattern: 0xFFC1_2345))) == .u32(0x7FC0_0000))
        #expect(try guest.call("f64-bits", .f64(Double(bitPattern: 0xFFF0_0000_0000_0001))) == .u64(0x7FF8_0000_0000_0000))
    }

    // MARK: Lifting: the host value core bits become

    static let lifted: [(String, UInt64, ComponentValue)] = [
        // Unused high bits are ignored (lift_flat_unsigned/signed take the value mod 2^width).
        ("u8", 0x1FF, .u8(0xFF)), ("u8", 0xFFFF_FF00, .u8(0)),
        ("s8", 0xFF, .s8(-1)), ("s8", 0x80, .s8(-128)), ("s8", 0x17F, .s8(127)), ("s8", 0xFFFF_FF80, .s8(-128)),
        ("u16", 0x1_2345, .u16(0x2345)),
        ("s16", 0x8000, .s16(.min)), ("s16", 0xFFFF_8000, .s16(.min)), ("s16", 0x1_7FFF, .s16(.max)),
        ("s32", 0x8000_0000, .s32(.min)), ("u32", 0xFFFF_FFFF, .u32(.max)),
        ("s64", 0x8000_0000_0000_0000, .s64(.min)), ("u64", 0xFFFF_FFFF_FFFF_FFFF, .u64(.max)),
        // Any non-zero i32 is true.
        ("bool", 0, .bool(false)), ("bool", 1, .bool(true)), ("bool", 2, .bool(true)), ("bool", 0x8000_0000, .bool(true)),
        ("char", 0xD7FF, .char("\u{D7FF}")), ("char", 0xE000, .char("\u{E000}")), ("char", 0x10FFFF, .char("\u{10FFFF}")),
        ("char", 0, .char("\u{0}")),
    ]

    @Test(arguments: lifted)
    func coreBitsAreLiftedToHostValue(type: String, bits: UInt64, value: ComponentValue) throws {
        let guest = try ABIGuest(Self.component)
        let wide = type == "s64" || type == "u64"
        let argument: ComponentValue = wide ? .u64(bits) : .u32(UInt32(bits))
        #expect(try guest.call("\(type)-from-bits", argument) == value)
    }

    /// `canonicalize_nan32/64`: every NaN the guest produces reaches the
    /// host as 0x7fc00000 / 0x7ff8000000000000, sign and payload dropped.
    @Test(arguments: [UInt32(0x7FA0_0001), 0xFFC0_0001, 0x7FFF_FFFF, 0xFF80_0001])
    func liftedFloat32NaNIsCanonical(bits: UInt32) throws {
        let guest = try ABIGuest(Self.component)
        guard case .f32(let value)? = try guest.call("f32-from-bits", .u32(bits)) else {
            Issue.record("no f32")
            return
        }
        #expect(value.bitPattern == 0x7FC0_0000)
    }

    @Test(arguments: [UInt64(0x7FF0_0000_0000_0001), 0xFFF8_0000_0000_0000, 0x7FF4_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF])
    func liftedFloat64NaNIsCanonical(bits: UInt64) throws {
        let guest = try ABIGuest(Self.component)
        guard case .f64(let value)? = try guest.call("f64-from-bits", .u64(bits)) else {
            Issue.record("no f64")
            return
        }
        #expect(value.bitPattern == 0x7FF8_0000_0000_0000)
    }

    /// `convert_i32_to_char`: surrogates and values past U+10FFFF trap.
    @Test(arguments: [UInt32(0xD800), 0xDBFF, 0xDC00, 0xDFFF, 0x11_0000, 0xFFFF_FFFF, 0x8000_0000])
    func invalidCharTraps(bits: UInt32) throws {
        let guest = try ABIGuest(Self.component)
        #expect(try guest.trap("char-from-bits", .u32(bits)) == "invalid char code point 0x\(String(bits, radix: 16))")
    }

    // MARK: Host imports (canon lower)

    /// The guest's core bits reach the host lifted (sign extension, NaN and
    /// high-bit rules as for exports), and the host's result is lowered.
    @Test func hostImportLiftsArgumentsAndLowersResults() throws {
        let guest = try ABIGuest(Self.component, host: [
            "echo-s8": { _, _ throws(Trap) in .s8(-128) },
            "echo-s16": { _, _ throws(Trap) in .s16(-1) },
            "echo-u8": { _, _ throws(Trap) in .u8(0xFE) },
            "echo-bool": { _, _ throws(Trap) in .bool(true) },
            "echo-f32": { _, _ throws(Trap) in .f32(Float(bitPattern: 0x7FA0_0001)) },
            "echo-f64": { _, _ throws(Trap) in .f64(-0.0) },
            "echo-char": { _, _ throws(Trap) in .char("😀") },
            "echo-s64": { _, _ throws(Trap) in .s64(.min) },
        ])
        #expect(try guest.call("raw-echo-s8", .u32(0x1FF)) == .u32(0xFFFF_FF80))
        #expect(try guest.call("raw-echo-s16", .u32(0xFFFF_8000)) == .u32(0xFFFF_FFFF))
        #expect(try guest.call("raw-echo-u8", .u32(0x101)) == .u32(0xFE))
        #expect(try guest.call("raw-echo-bool", .u32(7)) == .u32(1))
        #expect(try guest.call("raw-echo-f32", .u32(0xFFC0_0001)) == .u32(0x7FC0_0000))
        #expect(try guest.call("raw-echo-f64", .u64(0x7FF0_0000_0000_0001)) == .u64(0x8000_0000_0000_0000))
        #expect(try guest.call("raw-echo-char", .u32(0x41)) == .u32(0x1F600))
        #expect(try guest.call("raw-echo-s64", .u64(0xFFFF_FFFF_FFFF_FFFF)) == .u64(0x8000_0000_0000_0000))
        let seen = guest.log.calls.map { Self.bits($0.arguments[0]) }
        #expect(seen == [.s8(-1), .s16(.min), .u8(1), .bool(true), .f32(Float(bitPattern: 0x7FC0_0000)),
                         .f64(Double(bitPattern: 0x7FF8_0000_0000_0000)), .char("A"), .s64(-1)].map(Self.bits))
    }

    @Test func hostImportTrapsOnInvalidChar() throws {
        let guest = try ABIGuest(Self.component, host: ["echo-char": { _, arguments throws(Trap) in arguments[0] }])
        #expect(try guest.trap("raw-echo-char", .u32(0xDFFF)) == "invalid char code point 0xdfff")
        #expect(guest.log.calls.isEmpty)
    }

    /// A host result that does not fit the declared type is the host's bug:
    /// the call traps and writes nothing.
    @Test func hostResultOfTheWrongTypeTraps() throws {
        let guest = try ABIGuest(Self.component, host: ["echo-u8": { _, _ throws(Trap) in .u16(1) }])
        let reason = try guest.trap("raw-echo-u8", .u32(1))
        #expect(reason?.contains("does not have type") == true)
    }
}
