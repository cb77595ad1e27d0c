@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Records and tuples (CanonicalABI.md, `load_record`, `store_record`,
/// `flatten_record`): field order, alignment and padding in memory, the
/// flattened fields, and results stored through a return pointer.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct RecordTests {
    static let data: UInt32 = 2048

    /// point: a@0 b@4 c@8 d@16 e@24, 32 bytes, 8-aligned; flat i32 i32 i32 i64 i32.
    static let point = "(record (field \"a\" u8) (field \"b\" u32) (field \"c\" u16) (field \"d\" u64) (field \"e\" bool))"
    /// mixed: u8@0 f64@8 u16@16, 24 bytes; flat i32 f64 i32.
    static let mixed = "(tuple u8 f64 u16)"
    /// outer: point@0, string@32, tuple<s8, s16>@40 (s8@40, s16@42), 48 bytes; 9 flat values.
    static let outer = "(record (field \"p\" $point) (field \"name\" string) (field \"t\" (tuple s8 s16)))"

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.type("point", point)
        component.type("glyph", "(record (field \"c\" char) (field \"n\" u8))")
        component.type("outer", outer)
        for (name, type, flat, size) in [("point", "$point", ["i32", "i32", "i32", "i64", "i32"], 32),
                                         ("mixed", mixed, ["i32", "f64", "i32"], 24),
                                         ("outer", "$outer", ["i32", "i32", "i32", "i64", "i32", "i32", "i32", "i32", "i32"], 48),
                                         ("glyph", "$glyph", ["i32", "i32"], 8)] {
            component.forward("echo-\(name)", "(param \"x\" \(type)) (result \(type))", params: flat, results: [],
                              returnPointer: true)
            component.dump("dump-\(name)", "(param \"x\" \(type))", params: flat)
            // The record at `p`: `p` is returned as the pointer to the result.
            component.export("load-\(name)", "(param \"p\" u32) (result \(type))", core: "(param i32) (result i32)",
                             body: "local.get 0")
            // The host's `echo-<name>` result stored at `p`; the bytes there.
            component.export("give-\(name)-at", "(param \"p\" u32) (param \"x\" \(type)) (result (list u8))",
                             core: "(param i32 \(flat.joined(separator: " "))) (result i32)",
                             body: flat.indices.map { "local.get \($0 + 1)" }.joined(separator: " ")
                                 + " local.get 0 call $echo-\(name)"
                                 + " i32.const 40 local.get 0 i32.store i32.const 44 i32.const \(size) i32.store i32.const 40")
        }
        return component
    }()

    static func guest() throws -> ABIGuest {
        try ABIGuest(component, host: [
            "echo-point": { _, arguments throws(Trap) in arguments[0] },
            "echo-mixed": { _, arguments throws(Trap) in arguments[0] },
            "echo-outer": { _, arguments throws(Trap) in arguments[0] },
            "echo-glyph": { _, arguments throws(Trap) in arguments[0] },
        ])
    }

    static let samplePoint = ComponentValue.record([.u8(0xAB), .u32(0xDEAD_BEEF), .u16(0x1234), .u64(0x0102_0304_0506_0708), .bool(true)])
    static let pointBytes: [UInt8] = [0xAB, 0, 0, 0] + LittleEndian.bytes(UInt32(0xDEAD_BEEF)) + [0x34, 0x12, 0, 0, 0, 0, 0, 0]
        + LittleEndian.bytes(UInt64(0x0102_0304_0506_0708)) + [1, 0, 0, 0, 0, 0, 0, 0]
    static let sampleOuter = ComponentValue.record([samplePoint, .string("né"), .tuple([.s8(-2), .s16(-300)])])

    @Test(arguments: [("point", samplePoint),
                      ("point", .record([.u8(0), .u32(0), .u16(0), .u64(0), .bool(false)])),
                      ("mixed", .tuple([.u8(0xFF), .f64(-1.25), .u16(0xFFFF)])),
                      ("outer", sampleOuter),
                      ("glyph", .record([.char("😀"), .u8(7)]))])
    func roundTrip(name: String, value: ComponentValue) throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-\(name)", value) == value)
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    @Test func fieldsAreFlattenedInOrder() throws {
        let guest = try Self.guest()
        try guest.call("dump-point", Self.samplePoint)
        #expect(try guest.dumped(5) == [0xAB, 0xDEAD_BEEF, 0x1234, 0x0102_0304_0506_0708, 1])
        try guest.call("dump-mixed", .tuple([.u8(9), .f64(-1.25), .u16(0xFFFF)]))
        #expect(try guest.dumped(3) == [9, (-1.25 as Double).bitPattern, 0xFFFF])
        try guest.call("dump-outer", Self.sampleOuter)
        let flat = try guest.dumped(9)
        #expect(Array(flat[0..<5]) == [0xAB, 0xDEAD_BEEF, 0x1234, 0x0102_0304_0506_0708, 1])
        #expect(flat[6] == 3)
        #expect(try guest.peek(UInt32(flat[5]), 3) == [0x6E, 0xC3, 0xA9])
        #expect(Array(flat[7...]) == [0xFFFF_FFFE, 0xFFFF_FED4])
    }

    @Test func recordIsLoadedWithItsPadding() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, Self.pointBytes.enumerated().map { [1, 2, 3, 10, 11, 12, 13, 14, 15].contains($0.offset) ? 0xEE : $0.element })
        // Padding bytes (1-3, 10-15) are never read; bool 2 is true.
        #expect(try guest.call("load-point", .u32(Self.data)) == Self.samplePoint)
        try guest.poke(Self.data + 24, [2])
        #expect(try guest.call("load-point", .u32(Self.data)) == Self.samplePoint)
    }

    @Test func nestedRecordIsLoadedFromItsOffsets() throws {
        let guest = try Self.guest()
        let name: [UInt8] = [0x6E, 0xC3, 0xA9]
        try guest.poke(Self.data + 64, name)
        try guest.poke(Self.data, Self.pointBytes + LittleEndian.bytes(Self.data + 64) + LittleEndian.bytes(UInt32(3))
            + [0xFE, 0xEE] + LittleEndian.bytes(UInt16(0xFED4)))
        #expect(try guest.call("load-outer", .u32(Self.data)) == Self.sampleOuter)
    }

    @Test func hostResultIsStoredAtTheReturnPointer() throws {
        let guest = try Self.guest()
        #expect(try guest.call("give-point-at", .u32(Self.data), Self.samplePoint) == .bytes(Self.pointBytes))
        let mixed = try guest.call("give-mixed-at", .u32(Self.data + 64), .tuple([.u8(1), .f64(2), .u16(3)]))
        #expect(mixed == .bytes([1, 0, 0, 0, 0, 0, 0, 0] + LittleEndian.bytes((2.0 as Double).bitPattern) + [3, 0, 0, 0, 0, 0, 0, 0]))
    }

    /// A result read through a pointer: misaligned or past the end traps.
    @Test(arguments: [("point", UInt32(2052), "result pointer is not aligned"),
                      ("point", 65512, "value out of bounds of linear memory"),
                      ("point", 0xFFFF_FFF8, "value out of bounds of linear memory"),
                      ("mixed", 2049, "result pointer is not aligned"),
                      ("glyph", 2050, "result pointer is not aligned")])
    func badResultPointerTraps(name: String, pointer: UInt32, reason: String) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer)) == reason)
    }

    @Test func recordEndingAtTheEndOfMemoryIsLoaded() throws {
        #expect(try Self.guest().call("load-point", .u32(65504)) == .record([.u8(0), .u32(0), .u16(0), .u64(0), .bool(false)]))
    }

    /// The return pointer a guest hands to a host import is checked the same way.
    @Test(arguments: [("point", UInt32(2052), "result pointer is not aligned"),
                      ("point", 65512, "value out of bounds of linear memory"),
                      ("mixed", 0xFFFF_FFF8, "value out of bounds of linear memory")])
    func badReturnPointerForHostImportTraps(name: String, pointer: UInt32, reason: String) throws {
        let value: ComponentValue = name == "point" ? Self.samplePoint : .tuple([.u8(1), .f64(2), .u16(3)])
        #expect(try Self.guest().trap("give-\(name)-at", .u32(pointer), value) == reason)
    }

    @Test func invalidFieldTraps() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, LittleEndian.bytes(UInt32(0x11_0000)) + [1, 0, 0, 0])
        #expect(try guest.trap("load-glyph", .u32(Self.data)) == "invalid char code point 0x110000")
    }
}
