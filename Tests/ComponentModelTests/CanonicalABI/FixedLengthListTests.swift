@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// `list<T, N>` (CanonicalABI.md, `flatten_list`, `load_list`,
/// `store_list` with a length): N values in place, no pointer; flat as N
/// copies of T's flat types, through memory past 16 flat values.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct FixedLengthListTests {
    static let data: UInt32 = 2048

    /// Per fixed-length list (named by `name`, its flat parameters `flat`,
    /// empty when it goes through memory): `echo-<name>` forwarded to the
    /// host, results through the return area; `dump-<name>` of the lowered
    /// flat values; `load-<name>` of the value at a guest pointer (a result
    /// of more than one flat value is returned by pointer).
    static let lists: [(name: String, type: String, flat: [String])] = [
        ("u32x3", "(list u32 3)", ["i32", "i32", "i32"]),
        ("bytes4", "(list u8 4)", ["i32", "i32", "i32", "i32"]),
        ("f64x2", "(list f64 2)", ["f64", "f64"]),
        ("strings2", "(list string 2)", ["i32", "i32", "i32", "i32"]),
        ("pairs2", "(list (tuple u8 u64) 2)", ["i32", "i64", "i32", "i64"]),
        ("nested", "(list (list u16 2) 2)", ["i32", "i32", "i32", "i32"]),
        ("chars2", "(list char 2)", ["i32", "i32"]),
        ("bytes17", "(list u8 17)", []),
    ]

    static let component: ABIComponent = {
        var component = ABIComponent()
        for (name, list, flat) in lists {
            component.forward("echo-\(name)", "(param \"x\" \(list)) (result \(list))",
                              params: flat.isEmpty ? ["i32"] : flat, results: [], returnPointer: true)
            if !flat.isEmpty { component.dump("dump-\(name)", "(param \"x\" \(list))", params: flat) }
            component.export("load-\(name)", "(param \"p\" u32) (result \(list))", core: "(param i32) (result i32)",
                             body: "local.get 0")
        }
        return component
    }()

    static func guest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for (name, _, _) in lists { host["echo-\(name)"] = ABIGuest.identity }
        return try ABIGuest(component, host: host)
    }

    static let roundTrips: [(String, ComponentValue)] = [
        ("u32x3", .list([.u32(1), .u32(.max), .u32(0)])),
        ("bytes4", .bytes([0, 1, 0x7F, 0xFF])),
        ("f64x2", .list([.f64(-0.5), .f64(.infinity)])),
        ("strings2", .list([.string(""), .string("é😀")])),
        ("pairs2", .list([.tuple([.u8(1), .u64(2)]), .tuple([.u8(0xFF), .u64(.max)])])),
        ("nested", .list([.list([.u16(1), .u16(2)]), .list([.u16(0xFFFF), .u16(0)])])),
        ("chars2", .list([.char("a"), .char("\u{10FFFF}")])),
        ("bytes17", .bytes(Array(0..<17))),
    ]

    @Test(arguments: roundTrips)
    func roundTrip(name: String, value: ComponentValue) throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-\(name)", value) == value)
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    /// `list<u8, N>` given as N `u8` values is the same list.
    @Test func bytesAsListOfU8() throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-bytes4", .list([.u8(1), .u8(2), .u8(3), .u8(4)])) == .bytes([1, 2, 3, 4]))
    }

    // MARK: Layout

    /// Flat: each element's flat values in turn, no pointer and no length.
    @Test func elementsAreFlattenedInPlace() throws {
        let guest = try Self.guest()
        try guest.call("dump-pairs2", .list([.tuple([.u8(0xAA), .u64(3)]), .tuple([.u8(0xBB), .u64(.max)])]))
        #expect(try guest.dumped(4) == [0xAA, 3, 0xBB, .max])
        try guest.call("dump-strings2", .list([.string("a"), .string("bc")]))
        let strings = try guest.dumped(4)
        #expect(strings[1] == 1 && strings[3] == 2)
        #expect(try guest.reallocCalls() == [[0, 0, 1, 1], [0, 0, 1, 2]])
    }

    /// In memory: N elements in place at the element's alignment, like a
    /// record of N fields; `list<u8, 17>` (17 flat values) is passed by pointer.
    @Test func guestValueIsLoadedInPlace() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, LittleEndian.bytes(UInt16(1)) + LittleEndian.bytes(UInt16(2))
                       + LittleEndian.bytes(UInt16(3)) + LittleEndian.bytes(UInt16(4)))
        #expect(try guest.call("load-nested", .u32(Self.data))
            == .list([.list([.u16(1), .u16(2)]), .list([.u16(3), .u16(4)])]))
        try guest.poke(Self.data, Array(100..<117))
        #expect(try guest.call("load-bytes17", .u32(Self.data)) == .bytes(Array(100..<117)))
    }

    // MARK: Traps

    @Test func valueOutOfBoundsTraps() throws {
        #expect(try Self.guest().trap("load-bytes17", .u32(65536 - 16)) == "value out of bounds of linear memory")
        #expect(try Self.guest().trap("load-u32x3", .u32(0xFFFF_FFFC)) == "value out of bounds of linear memory")
    }

    @Test func misalignedValueTraps() throws {
        #expect(try Self.guest().trap("load-u32x3", .u32(Self.data + 2)) == "result pointer is not aligned")
    }

    @Test func invalidElementTraps() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, LittleEndian.bytes(UInt32(0x41)) + LittleEndian.bytes(UInt32(0xD800)))
        #expect(try guest.trap("load-chars2", .u32(Self.data)) == "invalid char code point 0xd800")
    }

    /// A host value must have exactly N elements.
    @Test(arguments: [("u32x3", ComponentValue.list([.u32(1), .u32(2)])), ("u32x3", .list([.u32(1), .u32(2), .u32(3), .u32(4)])),
                      ("bytes4", .bytes([1, 2, 3])), ("bytes17", .bytes(Array(0..<18)))])
    func hostValueOfTheWrongLengthTraps(name: String, value: ComponentValue) throws {
        let reason = try Self.guest().trap("echo-\(name)", value)
        #expect(reason?.contains("does not have type") == true)
    }
}
