@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Variants, enums, options and results (CanonicalABI.md,
/// `flatten_variant`, `lift_flat_variant`, `lower_flat_variant`,
/// `load_variant`): payloads of different core types joined into one slot
/// (f32/i32 -> i32, anything else -> i64) and coerced both ways, the
/// discriminant's size, and bad discriminants.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct VariantTests {
    static let data: UInt32 = 2048
    static let bigEnum = "(enum " + (0..<300).map { "\"c\($0)\"" }.joined(separator: " ") + ")"

    /// (name, type, flat core types).
    static let types: [(name: String, type: String, flat: [String])] = [
        // Payload slot: f32 | i64 | f64 | i32 | i32 joined to i64. Memory: u8 discriminant, payload at 8, 16 bytes.
        ("v", "$v", ["i32", "i64"]),
        // f32 | i32 joined to i32. Memory: payload at 4, 8 bytes.
        ("w", "$w", ["i32", "i32"]),
        // (i32 f32) | (f64) | (i32 i32): slots i64 and i32.
        ("x", "$x", ["i32", "i64", "i32"]),
        ("color", "$color", ["i32"]),
        ("opt", "(option f64)", ["i32", "f64"]),
        ("res", "(result f32 (error s64))", ["i32", "i64"]),
        ("res-string", "(result (error string))", ["i32", "i32", "i32"]),
        ("nested", "(option (option u8))", ["i32", "i32", "i32"]),
        ("flag", "(option bool)", ["i32", "i32"]),
    ]

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.type("v", "(variant (case \"a\" f32) (case \"b\" s64) (case \"c\" f64) (case \"d\" u32) (case \"e\") (case \"f\" u8))")
        component.type("w", "(variant (case \"a\" f32) (case \"b\" u32))")
        component.type("x", "(variant (case \"a\" (tuple u32 f32)) (case \"b\" (tuple f64)) (case \"c\" string))")
        component.type("color", "(enum \"red\" \"green\" \"blue\")")
        component.type("big", bigEnum)
        for (name, type, flat) in types {
            if flat.count > 1 {
                component.forward("echo-\(name)", "(param \"x\" \(type)) (result \(type))", params: flat, results: [],
                                  returnPointer: true)
            } else {
                component.forward("echo-\(name)", "(param \"x\" \(type)) (result \(type))", params: flat, results: flat)
            }
            component.dump("dump-\(name)", "(param \"x\" \(type))", params: flat)
            // Flat lifting by the host import: raw u32/u64 parameters reinterpreted as the slots' types.
            component.hostFunction("take-\(name)", "(param \"x\" \(type))", core: "(param \(flat.joined(separator: " ")))")
            let raw = flat.map { $0 == "i64" || $0 == "f64" ? "u64" : "u32" }
            let rawCore = flat.map { $0 == "i64" || $0 == "f64" ? "i64" : "i32" }
            let body = flat.enumerated().map { index, core in
                "local.get \(index)" + (core == "f32" ? " f32.reinterpret_i32" : core == "f64" ? " f64.reinterpret_i64" : "")
            }.joined(separator: " ")
            component.export("send-\(name)", raw.enumerated().map { "(param \"p\($0.offset)\" \($0.element))" }.joined(separator: " "),
                             core: "(param \(rawCore.joined(separator: " ")))", body: "\(body) call $take-\(name)")
            // Loading from memory: a list of them at (p, n).
            component.export("load-\(name)", "(param \"p\" u32) (param \"n\" u32) (result (list \(type)))",
                             core: "(param i32 i32) (result i32)",
                             body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256")
        }
        component.export("load-big", "(param \"p\" u32) (param \"n\" u32) (result (list $big))",
                         core: "(param i32 i32) (result i32)",
                         body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256")
        component.forward("echo-big", "(param \"x\" $big) (result $big)", params: ["i32"], results: ["i32"])
        // A variant followed by another value: each case takes the variant's whole width.
        component.dump("dump-then", "(param \"x\" $v) (param \"y\" u32)", params: ["i32", "i64", "i32"])
        component.hostFunction("take-then", "(param \"x\" $v) (param \"y\" u32)", core: "(param i32 i64 i32)")
        component.export("send-then", "(param \"d\" u32) (param \"p\" u64) (param \"y\" u32)", core: "(param i32 i64 i32)",
                         body: "local.get 0 local.get 1 local.get 2 call $take-then")
        return component
    }()

    static func guest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = ["echo-big": ABIGuest.identity, "take-then": ABIGuest.nothing]
        for (name, _, _) in types {
            host["echo-\(name)"] = ABIGuest.identity
            host["take-\(name)"] = ABIGuest.nothing
        }
        return try ABIGuest(component, host: host)
    }

    static func variant(_ index: UInt32, _ payload: ComponentValue? = nil) -> ComponentValue {
        .variant(case: index, payload: payload)
    }

    static let roundTrips: [(String, ComponentValue)] = [
        ("v", variant(0, .f32(1.5))), ("v", variant(1, .s64(.min))), ("v", variant(2, .f64(-2.25))),
        ("v", variant(3, .u32(.max))), ("v", variant(4)), ("v", variant(5, .u8(0xFF))),
        ("w", variant(0, .f32(-0.5))), ("w", variant(1, .u32(0x8000_0001))),
        ("x", variant(0, .tuple([.u32(7), .f32(2.5)]))), ("x", variant(1, .tuple([.f64(1e300)]))),
        ("x", variant(2, .string("é😀"))),
        ("color", .enum(0)), ("color", .enum(2)),
        ("opt", .option(nil)), ("opt", .option(.f64(-0.0))),
        ("res", .ok(.f32(3.5))), ("res", .error(.s64(-7))),
        ("res-string", .ok(nil)), ("res-string", .error(.string("bad"))),
        ("nested", .option(nil)), ("nested", .option(.option(nil))), ("nested", .option(.option(.u8(0)))),
        ("flag", .option(.bool(true))),
        ("big", .enum(0)), ("big", .enum(299)),
    ]

    @Test(arguments: roundTrips)
    func roundTrip(name: String, value: ComponentValue) throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-\(name)", value) == value)
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    // MARK: Lowering into joined slots

    /// (type, value, the flat slots as the guest's core code sees them).
    static let lowered: [(String, ComponentValue, [UInt64])] = [
        ("v", variant(0, .f32(1.5)), [0, 0x3FC0_0000]),  // f32 -> i64: its bits, zero-extended
        ("v", variant(1, .s64(-1)), [1, 0xFFFF_FFFF_FFFF_FFFF]),
        ("v", variant(2, .f64(-2.25)), [2, 0xC002_0000_0000_0000]),  // f64 -> i64: its bits
        ("v", variant(3, .u32(0xFFFF_FFFF)), [3, 0xFFFF_FFFF]),  // i32 -> i64: zero-extended
        ("v", variant(4), [4, 0]),
        ("v", variant(5, .u8(0xFF)), [5, 0xFF]),
        ("w", variant(0, .f32(1.5)), [0, 0x3FC0_0000]),  // f32 -> i32: its bits
        ("w", variant(1, .u32(7)), [1, 7]),
        ("x", variant(0, .tuple([.u32(1), .f32(2.5)])), [0, 1, 0x4020_0000]),
        ("x", variant(1, .tuple([.f64(-2.25)])), [1, 0xC002_0000_0000_0000, 0]),
        ("opt", .option(nil), [0, 0]),
        ("opt", .option(.f64(1)), [1, 0x3FF0_0000_0000_0000]),
        ("res", .ok(.f32(1.5)), [0, 0x3FC0_0000]),
        ("res", .error(.s64(-1)), [1, 0xFFFF_FFFF_FFFF_FFFF]),
        ("nested", .option(.option(.u8(9))), [1, 1, 9]),
        ("nested", .option(.option(nil)), [1, 0, 0]),
        ("color", .enum(2), [2]),
    ]

    @Test(arguments: lowered)
    func payloadIsLoweredIntoTheJoinedSlot(name: String, value: ComponentValue, slots: [UInt64]) throws {
        let guest = try Self.guest()
        try guest.call("dump-\(name)", value)
        #expect(try guest.dumped(slots.count) == slots)
    }

    /// The value after a variant starts after the variant's widest case,
    /// whatever case was passed (padding written, unused slots skipped).
    @Test func valueAfterAVariantKeepsItsPlace() throws {
        let guest = try Self.guest()
        try guest.call("dump-then", Self.variant(4), .u32(9))
        #expect(try guest.dumped(3) == [4, 0, 9])
        try guest.call("dump-then", Self.variant(5, .u8(1)), .u32(10))
        #expect(try guest.dumped(3) == [5, 1, 10])
        try guest.call("send-then", .u32(4), .u64(123), .u32(7))
        try guest.call("send-then", .u32(0), .u64(0x3FC0_0000), .u32(8))
        #expect(guest.log.calls.map(\.arguments) == [[Self.variant(4), .u32(7)], [Self.variant(0, .f32(1.5)), .u32(8)]])
    }

    @Test func stringPayloadIsLoweredIntoJoinedSlots() throws {
        let guest = try Self.guest()
        try guest.call("dump-x", Self.variant(2, .string("hi")))
        let slots = try guest.dumped(3)
        #expect(slots[0] == 2 && slots[2] == 2)
        #expect(try guest.peek(UInt32(slots[1]), 2) == [0x68, 0x69])
    }

    // MARK: Lifting from joined slots

    /// (type, raw slots, the value the host receives): narrower payloads
    /// take the low bits of a joined slot (`wrap_i64_to_i32`), floats are
    /// reinterpreted and their NaNs canonicalised, unused slots ignored.
    static let lifted: [(String, [UInt64], ComponentValue)] = [
        ("v", [0, 0x1_3FC0_0000], variant(0, .f32(1.5))),
        ("v", [1, 0xFFFF_FFFF_FFFF_FFFF], variant(1, .s64(-1))),
        ("v", [2, 0xC002_0000_0000_0000], variant(2, .f64(-2.25))),
        ("v", [3, 0xFFFF_FFFF_0000_0005], variant(3, .u32(5))),
        ("v", [4, 123], variant(4)),
        ("v", [5, 0x1FF], variant(5, .u8(0xFF))),
        ("w", [0, 0x4020_0000], variant(0, .f32(2.5))),
        ("w", [1, 0x4020_0000], variant(1, .u32(0x4020_0000))),
        ("x", [0, 0x1_0000_0007, 0x4020_0000], variant(0, .tuple([.u32(7), .f32(2.5)]))),
        ("x", [1, 0xC002_0000_0000_0000, 99], variant(1, .tuple([.f64(-2.25)]))),
        ("opt", [0, 0x3FF0_0000_0000_0000], .option(nil)),
        ("opt", [1, 0x3FF0_0000_0000_0000], .option(.f64(1))),
        ("res", [0, 0xFFFF_FFFF_3FC0_0000], .ok(.f32(1.5))),
        ("res", [1, 5], .error(.s64(5))),
        ("nested", [1, 0, 77], .option(.option(nil))),
        ("nested", [1, 1, 0x1FF], .option(.option(.u8(0xFF)))),
        ("flag", [1, 2], .option(.bool(true))),
        ("color", [1], .enum(1)),
    ]

    @Test(arguments: lifted)
    func payloadIsLiftedFromTheJoinedSlot(name: String, slots: [UInt64], value: ComponentValue) throws {
        let guest = try Self.guest()
        _ = try guest.function("send-\(name)").call(Self.rawArguments(name, slots))
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    static func rawArguments(_ name: String, _ slots: [UInt64]) -> [ComponentValue] {
        let flat = types.first { $0.name == name }!.flat
        return zip(flat, slots).map { core, slot in core == "i64" || core == "f64" ? .u64(slot) : .u32(UInt32(truncatingIfNeeded: slot)) }
    }

    @Test func nanPayloadsAreCanonicalised() throws {
        let guest = try Self.guest()
        _ = try guest.function("send-v").call([.u32(0), .u64(0xFFFF_FFFF_7FA0_0001)])
        _ = try guest.function("send-v").call([.u32(2), .u64(0xFFF0_0000_0000_0001)])
        _ = try guest.function("send-w").call([.u32(0), .u32(0xFFC0_0001)])
        let payloads = guest.log.calls.map { call -> UInt64? in
            switch call.arguments.first {
            case .variant(_, .f32(let value)?)?: UInt64(value.bitPattern)
            case .variant(_, .f64(let value)?)?: value.bitPattern
            default: nil
            }
        }
        #expect(payloads == [0x7FC0_0000, 0x7FF8_0000_0000_0000, 0x7FC0_0000])
    }

    /// (type, raw slots, number of cases).
    @Test(arguments: [("v", [UInt64(6), 0], 6), ("v", [0xFFFF_FFFF, 0], 6), ("w", [2, 0], 2), ("x", [3, 0, 0], 3),
                      ("color", [3], 3), ("opt", [2, 0], 2), ("res", [2, 0], 2), ("res-string", [2, 0, 0], 2),
                      ("nested", [1, 2, 0], 2), ("flag", [0x100, 0], 2)])
    func badDiscriminantTraps(name: String, slots: [UInt64], cases: Int) throws {
        let guest = try Self.guest()
        let discriminant = slots[0] == 1 && name == "nested" ? slots[1] : slots[0]
        #expect(ABIGuest.trap(of: try guest.function("send-\(name)"), Self.rawArguments(name, slots))
            == "invalid discriminant \(discriminant) for a type of \(cases) cases")
        #expect(guest.log.calls.isEmpty)
    }

    // MARK: Memory

    @Test func variantIsLoadedFromMemory() throws {
        let guest = try Self.guest()
        // v: discriminant byte, payload at 8; the f32 payload is the low 4 bytes only.
        try guest.poke(Self.data, [0, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE] + LittleEndian.bytes(UInt32(0x3FC0_0000)) + [0xEE, 0xEE, 0xEE, 0xEE]
            + [5, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE])
        #expect(try guest.call("load-v", .u32(Self.data), .u32(2)) == .list([Self.variant(0, .f32(1.5)), Self.variant(5, .u8(0xFF))]))
        // w: payload at 4.
        try guest.poke(Self.data + 64, [1, 0xEE, 0xEE, 0xEE] + LittleEndian.bytes(UInt32(9)))
        #expect(try guest.call("load-w", .u32(Self.data + 64), .u32(1)) == .list([Self.variant(1, .u32(9))]))
    }

    @Test(arguments: [("v", [UInt8(6)], 6), ("v", [0xFF], 6), ("w", [2], 2), ("color", [3], 3), ("opt", [2], 2),
                      ("res", [0x80], 2), ("nested", [1, 3], 2)])
    func badDiscriminantInMemoryTraps(name: String, bytes: [UInt8], cases: Int) throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, bytes)
        #expect(try guest.trap("load-\(name)", .u32(Self.data), .u32(1))
            == "invalid discriminant \(bytes.last!) for a type of \(cases) cases")
    }

    /// 300 cases need a 2-byte discriminant (`discriminant_type`): both
    /// bytes are read, and 300 is out of range.
    @Test func largeEnumHasA16BitDiscriminant() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, [0x2B, 0x01, 0x05, 0x01, 0x2C, 0x01])
        #expect(try guest.call("load-big", .u32(Self.data), .u32(2)) == .list([.enum(299), .enum(261)]))
        #expect(try guest.trap("load-big", .u32(Self.data), .u32(3)) == "invalid discriminant 300 for a type of 300 cases")
        #expect(try Self.guest().trap("load-big", .u32(Self.data + 1), .u32(1)) == "list pointer is not aligned")
    }

    /// A host value that is not a case of the type is the host's bug: a trap.
    @Test func hostValueWithUnknownCaseTraps() throws {
        let guest = try Self.guest()
        let reason = try guest.trap("echo-v", Self.variant(6, nil))
        #expect(reason?.contains("does not have type") == true)
        let payload = try Self.guest().trap("echo-v", Self.variant(4, .u8(1)))
        #expect(payload?.contains("does not have type") == true)
        let color = try Self.guest().trap("echo-color", .enum(3))
        #expect(color?.contains("does not have type") == true)
    }
}
