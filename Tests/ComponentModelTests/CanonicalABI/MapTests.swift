@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// `map<K, V>` (CanonicalABI.md, `despecialize`: a map is
/// `list<tuple<K, V>>`): entries kept in order with repeated keys, the
/// tuple layout of each entry, and the list's traps.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct MapTests {
    static let data: UInt32 = 2048

    /// Per map type (named by `name`): `echo-<name>` forwarded to the host,
    /// `dump-<name>` (pointer and length as lowered), `load-<name>` (lifted
    /// from the pair at the return area) and `send-<name>` (lifted from flat
    /// values by the host import `take-<name>`).
    static let maps: [(name: String, type: String)] = [
        ("str-u32", "(map string u32)"), ("u32-str", "(map u32 string)"), ("char-bool", "(map char bool)"),
        ("u8-u64", "(map u8 u64)"), ("str-list", "(map string (list u32))"),
        ("str-map", "(map string (map string (list u8)))"), ("bool-opt", "(map bool (option s16))"),
    ]

    static let component: ABIComponent = {
        var component = ABIComponent()
        for (name, map) in maps {
            component.forward("echo-\(name)", "(param \"x\" \(map)) (result \(map))", params: ["i32", "i32"], results: [],
                              returnPointer: true)
            component.dump("dump-\(name)", "(param \"x\" \(map))", params: ["i32", "i32"])
            component.export("load-\(name)", "(param \"p\" u32) (param \"n\" u32) (result \(map))",
                             core: "(param i32 i32) (result i32)",
                             body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256")
            component.hostFunction("take-\(name)", "(param \"x\" \(map))", core: "(param i32 i32)")
            component.export("send-\(name)", "(param \"p\" u32) (param \"n\" u32)", core: "(param i32 i32)",
                             body: "local.get 0 local.get 1 call $take-\(name)")
        }
        return component
    }()

    static func guest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for (name, _) in maps {
            host["echo-\(name)"] = ABIGuest.identity
            host["take-\(name)"] = ABIGuest.nothing
        }
        return try ABIGuest(component, host: host)
    }

    static func map(_ entries: [(ComponentValue, ComponentValue)]) -> ComponentValue {
        .map(entries.map { ComponentValue.MapEntry($0.0, $0.1) })
    }

    static let roundTrips: [(String, ComponentValue)] = [
        ("str-u32", map([])),
        ("str-u32", map([(.string("a"), .u32(1)), (.string("b"), .u32(2)), (.string("c"), .u32(.max))])),
        // Repeated keys are kept, in order: the ABI leaves them to the languages.
        ("str-u32", map([(.string("k"), .u32(1)), (.string("z"), .u32(26)), (.string("k"), .u32(2))])),
        ("u32-str", map([(.u32(10), .string("x")), (.u32(20), .string("é😀"))])),
        ("char-bool", map([(.char("A"), .bool(true)), (.char("😀"), .bool(false))])),
        ("u8-u64", map([(.u8(255), .u64(.max)), (.u8(0), .u64(7))])),
        ("str-list", map([(.string("p"), .list([.u32(1), .u32(2)])), (.string("q"), .list([]))])),
        ("str-map", map([(.string("a"), map([(.string("x"), .bytes([1, 2])), (.string("y"), .bytes([]))])),
                         (.string("b"), map([]))])),
        ("bool-opt", map([(.bool(true), .option(.s16(-2))), (.bool(false), .option(nil))])),
    ]

    @Test(arguments: roundTrips)
    func roundTrip(name: String, value: ComponentValue) throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-\(name)", value) == value)
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    // MARK: Layout

    /// Each entry is a `tuple<u8, u64>`: 16 bytes, aligned to 8, the value at offset 8.
    @Test func entriesAreLaidOutAsTuples() throws {
        let guest = try Self.guest()
        try guest.call("dump-u8-u64", Self.map([(.u8(0xAA), .u64(3)), (.u8(0xBB), .u64(4))]))
        let flat = try guest.dumped(2)
        #expect(flat[1] == 2)
        let bytes = try guest.peek(UInt32(flat[0]), 32)
        #expect(bytes[0] == 0xAA && bytes[16] == 0xBB)
        #expect(Array(bytes[8..<16]) == LittleEndian.bytes(UInt64(3)))
        #expect(Array(bytes[24..<32]) == LittleEndian.bytes(UInt64(4)))
        #expect(try guest.reallocCalls() == [[0, 0, 8, 32]])
    }

    /// The entries are allocated first, then each string, key before value.
    @Test func stringKeysAreStoredAfterTheEntries() throws {
        let guest = try Self.guest()
        try guest.call("dump-u32-str", Self.map([(.u32(7), .string("ab"))]))
        let flat = try guest.dumped(2)
        let words = try guest.peekWords(UInt32(flat[0]), 3)
        #expect(words[0] == 7 && words[2] == 2)
        #expect(try guest.peek(words[1], 2) == [0x61, 0x62])
        #expect(try guest.reallocCalls() == [[0, 0, 4, 12], [0, 0, 1, 2]])
    }

    @Test func guestMapIsLifted() throws {
        let guest = try Self.guest()
        // Two (u8, u64) entries: (1, 5) and (1, 6), the key repeated.
        try guest.poke(Self.data, [1, 0, 0, 0, 0, 0, 0, 0] + LittleEndian.bytes(UInt64(5))
                       + [1, 0, 0, 0, 0, 0, 0, 0] + LittleEndian.bytes(UInt64(6)))
        let expected = Self.map([(.u8(1), .u64(5)), (.u8(1), .u64(6))])
        #expect(try guest.call("load-u8-u64", .u32(Self.data), .u32(2)) == expected)
        try guest.call("send-u8-u64", .u32(Self.data), .u32(2))
        #expect(guest.log.calls.last?.arguments == [expected])
    }

    // MARK: Traps

    @Test(arguments: [("u8-u64", UInt32(65528), UInt32(1)), ("u8-u64", 0xFFFF_FFF8, 1), ("str-u32", 65528, 2)])
    func mapOutOfBoundsTraps(name: String, pointer: UInt32, count: UInt32) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer), .u32(count)) == "list out of bounds of linear memory")
        let guest = try Self.guest()
        #expect(try guest.trap("send-\(name)", .u32(pointer), .u32(count)) == "list out of bounds of linear memory")
        #expect(guest.log.calls.isEmpty)
    }

    /// `MAX_LIST_BYTE_LENGTH` applies to the entries: 2^24 16-byte entries
    /// are 2^28 bytes.
    @Test(arguments: [("u8-u64", UInt32(0), UInt32(0x0100_0000)), ("str-u32", 0, 0x0155_5556)])
    func mapLongerThanTheLimitTraps(name: String, pointer: UInt32, count: UInt32) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer), .u32(count)) == "list too long")
    }

    /// Entries of `tuple<u8, u64>` are aligned to 8.
    @Test func misalignedMapTraps() throws {
        #expect(try Self.guest().trap("load-u8-u64", .u32(Self.data + 4), .u32(1)) == "list pointer is not aligned")
    }

    /// Keys and values are checked like values of their own.
    @Test func invalidKeyTraps() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, LittleEndian.bytes(UInt32(0xD800)) + [1, 0, 0, 0])
        #expect(try guest.trap("load-char-bool", .u32(Self.data), .u32(1)) == "invalid char code point 0xd800")
    }

    /// A host value must match the map's key and value types.
    @Test(arguments: [map([(.u32(1), .u32(1))]), .list([.tuple([.string("a"), .u32(1)])])])
    func hostValueOfTheWrongTypeTraps(value: ComponentValue) throws {
        let reason = try Self.guest().trap("echo-str-u32", value)
        #expect(reason?.contains("does not have type") == true)
    }
}
