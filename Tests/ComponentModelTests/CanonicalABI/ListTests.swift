@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Lists (CanonicalABI.md, `load_list_from_range`, `store_list_into_range`):
/// `list<u8>` kept as bytes, element layout and alignment, nested lists of
/// strings, and the bounds of `ptr + len * size` in 64-bit arithmetic.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ListTests {
    static let data: UInt32 = 2048

    /// Per element type E (named by `name`): `echo-<name>` forwarded to the
    /// host, `dump-<name>` (pointer and length as lowered), `load-<name>`
    /// (lifted from the pair at the return area) and `send-<name>` (lifted
    /// from flat values by the host import `take-<name>`).
    static let elements: [(name: String, type: String)] = [
        ("bytes", "u8"), ("s8s", "s8"), ("u16s", "u16"), ("u32s", "u32"), ("u64s", "u64"), ("f64s", "f64"),
        ("chars", "char"), ("strings", "string"), ("nested", "(list (list string))"), ("pairs", "(tuple u8 u64)"),
    ]

    static let component: ABIComponent = {
        var component = ABIComponent()
        for (name, element) in elements {
            let list = "(list \(element))"
            component.forward("echo-\(name)", "(param \"x\" \(list)) (result \(list))", params: ["i32", "i32"], results: [],
                              returnPointer: true)
            component.dump("dump-\(name)", "(param \"x\" \(list))", params: ["i32", "i32"])
            component.export("load-\(name)", "(param \"p\" u32) (param \"n\" u32) (result \(list))",
                             core: "(param i32 i32) (result i32)",
                             body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256")
            component.hostFunction("take-\(name)", "(param \"x\" \(list))", core: "(param i32 i32)")
            component.export("send-\(name)", "(param \"p\" u32) (param \"n\" u32)", core: "(param i32 i32)",
                             body: "local.get 0 local.get 1 call $take-\(name)")
        }
        return component
    }()

    static func guest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for (name, _) in elements {
            host["echo-\(name)"] = ABIGuest.identity
            host["take-\(name)"] = ABIGuest.nothing
        }
        return try ABIGuest(component, host: host)
    }

    static let roundTrips: [(String, ComponentValue)] = [
        ("bytes", .bytes([])), ("bytes", .bytes([0, 1, 0xFF])), ("bytes", .bytes(Array(repeating: 7, count: 5000))),
        ("s8s", .list([.s8(-1), .s8(.min), .s8(.max)])),
        ("u16s", .list([.u16(0xFFFF), .u16(1)])),
        ("u32s", .list([])), ("u32s", .list([.u32(.max), .u32(0)])),
        ("u64s", .list([.u64(.max), .u64(0x0123_4567_89AB_CDEF)])),
        ("f64s", .list([.f64(-0.5), .f64(.infinity)])),
        ("chars", .list([.char("a"), .char("😀"), .char("\u{10FFFF}")])),
        ("strings", .list([.string(""), .string("é"), .string("😀x")])),
        ("nested", .list([])),
        ("nested", .list([.list([]), .list([.list([.string("a"), .string("")]), .list([.string("€")])])])),
        ("pairs", .list([.tuple([.u8(1), .u64(2)]), .tuple([.u8(0xFF), .u64(.max)])])),
    ]

    @Test(arguments: roundTrips)
    func roundTrip(name: String, value: ComponentValue) throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-\(name)", value) == value)
        #expect(guest.log.calls.map(\.arguments) == [[value]])
    }

    /// `list<u8>` given as a list of `u8` values is the same list.
    @Test func bytesAsListOfU8() throws {
        let guest = try Self.guest()
        #expect(try guest.call("echo-bytes", .list([.u8(1), .u8(2)])) == .bytes([1, 2]))
    }

    // MARK: Layout

    @Test func elementsAreStoredAlignedAndPacked() throws {
        let guest = try Self.guest()
        try guest.call("dump-u64s", .list([.u64(1), .u64(0xFFFF_FFFF_FFFF_FFFE)]))
        let flat = try guest.dumped(2)
        #expect(flat[1] == 2)
        #expect(flat[0] % 8 == 0)
        #expect(try guest.peek(UInt32(flat[0]), 16)
            == LittleEndian.bytes(UInt64(1)) + LittleEndian.bytes(UInt64(0xFFFF_FFFF_FFFF_FFFE)))
        #expect(try guest.reallocCalls() == [[0, 0, 8, 16]])
    }

    /// tuple<u8, u64>: the u64 at offset 8, each element 16 bytes.
    @Test func tupleElementsArePadded() throws {
        let guest = try Self.guest()
        try guest.call("dump-pairs", .list([.tuple([.u8(0xAA), .u64(3)]), .tuple([.u8(0xBB), .u64(4)])]))
        let flat = try guest.dumped(2)
        let bytes = try guest.peek(UInt32(flat[0]), 32)
        #expect(bytes[0] == 0xAA && bytes[16] == 0xBB)
        #expect(Array(bytes[8..<16]) == LittleEndian.bytes(UInt64(3)))
        #expect(Array(bytes[24..<32]) == LittleEndian.bytes(UInt64(4)))
        #expect(try guest.reallocCalls() == [[0, 0, 8, 32]])
    }

    /// The outer list is allocated first, then each string (store_list_into_range).
    @Test func listOfStringsStoresPointersAndLengths() throws {
        let guest = try Self.guest()
        try guest.call("dump-strings", .list([.string("a"), .string("é")]))
        let flat = try guest.dumped(2)
        #expect(flat[1] == 2)
        let words = try guest.peekWords(UInt32(flat[0]), 4)
        #expect(words[1] == 1 && words[3] == 2)
        #expect(try guest.peek(words[0], 1) == [0x61])
        #expect(try guest.peek(words[2], 2) == [0xC3, 0xA9])
        #expect(try guest.reallocCalls() == [[0, 0, 4, 16], [0, 0, 1, 1], [0, 0, 1, 2]])
    }

    @Test func guestListIsLifted() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, LittleEndian.bytes(UInt16(0xFFFF)) + LittleEndian.bytes(UInt16(2)))
        #expect(try guest.call("load-u16s", .u32(Self.data), .u32(2)) == .list([.u16(0xFFFF), .u16(2)]))
        try guest.call("send-u16s", .u32(Self.data), .u32(2))
        #expect(guest.log.calls.last?.arguments == [.list([.u16(0xFFFF), .u16(2)])])
        #expect(try guest.call("load-s8s", .u32(Self.data), .u32(2)) == .list([.s8(-1), .s8(-1)]))
        #expect(try guest.call("load-bytes", .u32(Self.data + 1), .u32(3)) == .bytes([0xFF, 0x02, 0x00]))
    }

    // MARK: Traps

    /// `ptr + len * size` computed without wrapping: 0xFFFF_FFF8 + 16 is
    /// 8 in 32-bit arithmetic.
    @Test(arguments: [("u64s", UInt32(0xFFFF_FFF8), UInt32(2)), ("u64s", 0xFFFF_FFF8, 1), ("bytes", 0xFFFF_FFFF, 2),
                      ("u16s", 65532, 3), ("bytes", 65537, 0), ("pairs", 65520, 2), ("bytes", 0xFFFF_0000, 0x0FFF_FFFF),
                      ("strings", 0xFFFF_FFF8, 1)])
    func listOutOfBoundsTraps(name: String, pointer: UInt32, count: UInt32) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer), .u32(count)) == "list out of bounds of linear memory")
        let guest = try Self.guest()
        #expect(try guest.trap("send-\(name)", .u32(pointer), .u32(count)) == "list out of bounds of linear memory")
        #expect(guest.log.calls.isEmpty)
    }

    /// `MAX_LIST_BYTE_LENGTH`: more than 2^28 - 1 bytes traps before the
    /// alignment and bounds are looked at. The byte count is not taken
    /// mod 2^32: 0x2000_0001 u64s are 0x1_0000_0008 bytes, not 8.
    @Test(arguments: [("u64s", UInt32(8), UInt32(0x2000_0001)), ("u64s", 0, 0x0200_0000), ("u32s", 4, 0x4000_0001),
                      ("u16s", 2, 0x8000_0001), ("bytes", 1, 0xFFFF_FFFF), ("bytes", 0, 0x1000_0000),
                      ("strings", 0, 0x2000_0001), ("pairs", 3, 0x0100_0000)])
    func listLongerThanTheLimitTraps(name: String, pointer: UInt32, count: UInt32) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer), .u32(count)) == "list too long")
        #expect(try Self.guest().trap("send-\(name)", .u32(pointer), .u32(count)) == "list too long")
    }

    /// Also where the memory would hold it (4097 pages hold 2^28 bytes).
    @Test func listLongerThanTheLimitTrapsInABigMemory() throws {
        var component = Self.component
        component.memoryPages = 4097
        let guest = try ABIGuest(component, host: ["take-bytes": ABIGuest.nothing])
        #expect(try guest.trap("load-bytes", .u32(0), .u32(0x1000_0000)) == "list too long")
    }

    @Test(arguments: [("u16s", UInt32(65532), UInt32(2)), ("bytes", 65536, 0), ("u64s", 65528, 1), ("pairs", 65504, 2)])
    func listEndingAtTheEndOfMemoryIsLifted(name: String, pointer: UInt32, count: UInt32) throws {
        let guest = try Self.guest()
        let value = try guest.call("load-\(name)", .u32(pointer), .u32(count))
        #expect(value != nil)
    }

    @Test(arguments: [("u64s", UInt32(2052)), ("u32s", 2050), ("u16s", 2049), ("strings", 2050), ("f64s", 2052),
                      ("pairs", 2052), ("chars", 2049)])
    func misalignedListTraps(name: String, pointer: UInt32) throws {
        #expect(try Self.guest().trap("load-\(name)", .u32(pointer), .u32(1)) == "list pointer is not aligned")
        #expect(try Self.guest().trap("send-\(name)", .u32(pointer), .u32(1)) == "list pointer is not aligned")
    }

    /// An element is checked like a value of its own: a bad string or char
    /// inside a list traps.
    @Test func invalidElementTraps() throws {
        let strings = try Self.guest()
        // (2064, 2) then (0xFFFF_FFF0, 1): the second string is out of bounds.
        try strings.poke(Self.data, [16, 8, 0, 0, 2, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0x68, 0x69])
        #expect(try strings.trap("load-strings", .u32(Self.data), .u32(2)) == "string out of bounds of linear memory")
        let utf8 = try Self.guest()
        try utf8.poke(Self.data, [8, 8, 0, 0, 1, 0, 0, 0, 0xFF])
        #expect(try utf8.trap("send-strings", .u32(Self.data), .u32(1)) == "string is not valid UTF-8")
        let chars = try Self.guest()
        try chars.poke(Self.data, LittleEndian.bytes(UInt32(0x41)) + LittleEndian.bytes(UInt32(0xD800)))
        #expect(try chars.trap("load-chars", .u32(Self.data), .u32(2)) == "invalid char code point 0xd800")
        let nested = try Self.guest()
        // list<list<list<string>>>: (2056, 1) -> (2064, 1) -> the string (0xFFFF, 1), the last byte.
        try nested.poke(Self.data, [8, 8, 0, 0, 1, 0, 0, 0, 0x10, 8, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0, 0, 1, 0, 0, 0])
        #expect(try nested.call("load-nested", .u32(Self.data), .u32(1))
            == .list([.list([.list([.string("\u{0}")])])]))
        let misalignedInner = try Self.guest()
        try misalignedInner.poke(Self.data, [8, 8, 0, 0, 1, 0, 0, 0, 0x11, 8, 0, 0, 1, 0, 0, 0])
        #expect(try misalignedInner.trap("load-nested", .u32(Self.data), .u32(1)) == "list pointer is not aligned")
    }

    @Test func badReallocResultTraps() throws {
        let outOfBounds = try Self.guest()
        try outOfBounds.forceRealloc(65528)
        #expect(try outOfBounds.trap("echo-u64s", .list([.u64(1), .u64(2)])) == "realloc result out of bounds of linear memory")
        let misaligned = try Self.guest()
        try misaligned.forceRealloc(2052)
        #expect(try misaligned.trap("echo-u64s", .list([.u64(1)])) == "realloc returned a misaligned pointer")
        let wrapping = try Self.guest()
        try wrapping.forceRealloc(0xFFFF_FFF8)
        #expect(try wrapping.trap("echo-bytes", .bytes(Array(repeating: 1, count: 16))) == "realloc result out of bounds of linear memory")
        #expect(wrapping.log.calls.isEmpty)
    }
}
