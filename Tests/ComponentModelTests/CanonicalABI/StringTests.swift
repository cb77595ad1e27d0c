@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Strings in the three encodings of `canon` options (CanonicalABI.md,
/// `load_string_from_range`, `store_string`): round trips, the bytes and
/// code-unit counts each encoding writes, and every way a guest's string can
/// be wrong (contents, bounds, 32-bit wrap, alignment).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct StringTests {
    static let utf16Tag: UInt32 = 0x8000_0000
    /// Where tests poke string bytes: between the realloc log and the heap.
    static let data: UInt32 = 2048

    /// `echo` (forwarded to the host), `dump` (the lowered pointer and
    /// units), `load` (a string lifted from memory: the pair at the return
    /// area), `send` (a string lifted from flat values by the host import
    /// `take`) and `receive` (the host's `give` result lowered into the
    /// guest; returns the pair as one u64).
    static func component(_ encoding: String) -> ABIComponent {
        var component = ABIComponent()
        let option = "string-encoding=\(encoding)"
        component.forward("echo", "(param \"s\" string) (result string)", params: ["i32", "i32"], results: [],
                          returnPointer: true, importOptions: option, exportOptions: option, postReturn: .record)
        component.dump("dump", "(param \"s\" string)", params: ["i32", "i32"], options: option)
        component.export("load", "(param \"p\" u32) (param \"n\" u32) (result string)", core: "(param i32 i32) (result i32)",
                         body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256",
                         options: option)
        component.hostFunction("take", "(param \"s\" string)", core: "(param i32 i32)", options: option)
        component.export("send", "(param \"p\" u32) (param \"n\" u32)", core: "(param i32 i32)",
                         body: "local.get 0 local.get 1 call $take")
        component.hostFunction("give", "(result string)", core: "(param i32)", options: option)
        component.export("receive", "(result u64)", core: "(result i64)",
                         body: "i32.const 256 call $give i32.const 256 i64.load")
        return component
    }

    static func guest(_ encoding: String, give: String = "") throws -> ABIGuest {
        try ABIGuest(component(encoding), host: [
            "echo": { _, arguments throws(Trap) in arguments[0] },
            "take": { _, _ throws(Trap) in nil },
            "give": { _, _ throws(Trap) in .string(give) },
        ])
    }

    static let encodings = ["utf8", "utf16", "latin1+utf16"]
    static let samples = ["", "hello", "héllo", "ÿ", "h€", "😀", "a\u{0}b", "\u{FFFF}\u{10000}",
                          String(repeating: "abc€😀é", count: 200)]

    @Test(arguments: encodings, samples)
    func roundTrip(encoding: String, text: String) throws {
        let guest = try Self.guest(encoding)
        #expect(try guest.call("echo", .string(text)) == .string(text))
        #expect(guest.log.calls.map(\.arguments) == [[.string(text)]])
        #expect(try guest.postReturnCount == 1)
        #expect(try guest.postReturnLast == UInt64(ABIComponent.returnArea))
    }

    // MARK: What each encoding writes

    /// (encoding, text, code units as passed, bytes in memory, alignment of every realloc).
    static let representations: [(String, String, UInt32, [UInt8], UInt32)] = [
        ("utf8", "héllo", 6, [0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F], 1),
        ("utf8", "😀", 4, [0xF0, 0x9F, 0x98, 0x80], 1),
        ("utf8", "", 0, [], 1),
        ("utf16", "h😀", 3, [0x68, 0x00, 0x3D, 0xD8, 0x00, 0xDE], 2),
        ("utf16", "é", 1, [0xE9, 0x00], 2),
        ("latin1+utf16", "héllo", 5, [0x68, 0xE9, 0x6C, 0x6C, 0x6F], 2),
        ("latin1+utf16", "ÿ\u{0}", 2, [0xFF, 0x00], 2),
        ("latin1+utf16", "h€", 2 | utf16Tag, [0x68, 0x00, 0xAC, 0x20], 2),
        ("latin1+utf16", "é😀", 3 | utf16Tag, [0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE], 2),
    ]

    static func byteCount(_ units: UInt32) -> UInt32 {
        units & utf16Tag != 0 ? 2 * (units ^ utf16Tag) : units
    }

    @Test(arguments: representations)
    func argumentIsStoredInTheGuestsEncoding(encoding: String, text: String, units: UInt32, bytes: [UInt8],
                                             alignment: UInt32) throws {
        let guest = try Self.guest(encoding)
        try guest.call("dump", .string(text))
        let flat = try guest.dumped(2)
        #expect(flat[1] == UInt64(units))
        let byteCount = encoding == "utf16" ? 2 * units : Self.byteCount(units)
        #expect(try guest.peek(UInt32(flat[0]), byteCount) == bytes)
        #expect(flat[0] % UInt64(alignment) == 0)
        let calls = try guest.reallocCalls()
        #expect(!calls.isEmpty)
        #expect(calls.allSatisfy { $0[2] == alignment })
    }

    @Test(arguments: representations)
    func hostResultIsStoredInTheGuestsEncoding(encoding: String, text: String, units: UInt32, bytes: [UInt8],
                                               alignment: UInt32) throws {
        let guest = try Self.guest(encoding, give: text)
        let pair = try guest.call("receive")?.u64Value ?? 0
        let pointer = UInt32(truncatingIfNeeded: pair), count = UInt32(truncatingIfNeeded: pair >> 32)
        #expect(count == units)
        let byteCount = encoding == "utf16" ? 2 * units : Self.byteCount(units)
        #expect(try guest.peek(pointer, byteCount) == bytes)
        #expect(pointer % alignment == 0)
    }

    // MARK: Lifting what the guest wrote

    /// (encoding, bytes at `data`, code units, text).
    static let valid: [(String, [UInt8], UInt32, String)] = [
        ("utf8", [0x68, 0xC3, 0xA9], 3, "hé"),
        ("utf8", [0xF4, 0x8F, 0xBF, 0xBF], 4, "\u{10FFFF}"),
        ("utf8", [0xEF, 0xBF, 0xBF], 3, "\u{FFFF}"),
        ("utf16", [0x3D, 0xD8, 0x00, 0xDE, 0x41, 0x00], 3, "😀A"),
        ("latin1+utf16", [0x00, 0x80, 0xFF], 3, "\u{0}\u{80}ÿ"),
        ("latin1+utf16", [0xAC, 0x20], 1 | utf16Tag, "€"),
        ("latin1+utf16", [0x41, 0x00], 1 | utf16Tag, "A"),
    ]

    @Test(arguments: valid)
    func guestStringIsLifted(encoding: String, bytes: [UInt8], units: UInt32, text: String) throws {
        let guest = try Self.guest(encoding)
        try guest.poke(Self.data, bytes)
        #expect(try guest.call("load", .u32(Self.data), .u32(units)) == .string(text))
        try guest.call("send", .u32(Self.data), .u32(units))
        #expect(guest.log.calls.last?.arguments == [.string(text)])
    }

    /// (encoding, bytes, code units, reason).
    static let invalid: [(String, [UInt8], UInt32, String)] = [
        ("utf8", [0xC3, 0x28], 2, "string is not valid UTF-8"),
        ("utf8", [0xC0, 0xAF], 2, "string is not valid UTF-8"),  // overlong '/'
        ("utf8", [0xED, 0xA0, 0x80], 3, "string is not valid UTF-8"),  // an encoded surrogate
        ("utf8", [0xE2, 0x82], 2, "string is not valid UTF-8"),  // truncated
        ("utf8", [0xF4, 0x90, 0x80, 0x80], 4, "string is not valid UTF-8"),  // past U+10FFFF
        ("utf8", [0x41, 0xFF], 2, "string is not valid UTF-8"),
        ("utf16", [0x00, 0xD8], 1, "string is not valid UTF-16"),  // lone high surrogate
        ("utf16", [0x00, 0xDC], 1, "string is not valid UTF-16"),  // lone low surrogate
        ("utf16", [0x00, 0xDC, 0x00, 0xD8], 2, "string is not valid UTF-16"),  // pair reversed
        ("utf16", [0x00, 0xD8, 0x41, 0x00], 2, "string is not valid UTF-16"),
        ("latin1+utf16", [0x41, 0x00, 0x00, 0xD8], 2 | utf16Tag, "string is not valid UTF-16"),
    ]

    @Test(arguments: invalid)
    func invalidStringTraps(encoding: String, bytes: [UInt8], units: UInt32, reason: String) throws {
        let guest = try Self.guest(encoding)
        try guest.poke(Self.data, bytes)
        #expect(try guest.trap("load", .u32(Self.data), .u32(units)) == reason)
        let flat = try Self.guest(encoding)
        try flat.poke(Self.data, bytes)
        #expect(try flat.trap("send", .u32(Self.data), .u32(units)) == reason)
        #expect(flat.log.calls.isEmpty)
    }

    /// (encoding, pointer, code units): each fits exactly into the one page.
    static let atTheEnd: [(String, UInt32, UInt32)] = [
        ("utf8", 65530, 6), ("utf8", 65536, 0),
        ("utf16", 65530, 3), ("utf16", 65536, 0),
        ("latin1+utf16", 65530, 6), ("latin1+utf16", 65530, 3 | utf16Tag), ("latin1+utf16", 65536, utf16Tag),
    ]

    @Test(arguments: atTheEnd)
    func stringEndingAtTheEndOfMemoryIsLifted(encoding: String, pointer: UInt32, units: UInt32) throws {
        let guest = try Self.guest(encoding)
        let length = Int(encoding == "latin1+utf16" ? units & ~Self.utf16Tag : units)
        #expect(try guest.call("load", .u32(pointer), .u32(units)) == .string(String(repeating: "\u{0}", count: length)))
    }

    /// One byte or code unit past the end, or wrapping 32 bits: each traps
    /// rather than reading past the memory or reading nothing.
    static let outOfBounds: [(String, UInt32, UInt32)] = [
        ("utf8", 65530, 7), ("utf8", 65537, 0), ("utf8", 0xFFFF_FFF0, 0x20), ("utf8", 0xFFFF_FFFF, 1),
        ("utf16", 65530, 4), ("utf16", 65536, 1), ("utf16", 0xFFFF_FFFE, 1), ("utf16", 0xFFFF_0000, 0x07FF_FFFF),
        ("latin1+utf16", 65530, 7), ("latin1+utf16", 65530, 4 | utf16Tag), ("latin1+utf16", 0xFFFF_FFFE, 1 | utf16Tag),
        ("latin1+utf16", 0xFFFF_0000, 0x0FFF_FFFF),
    ]

    @Test(arguments: outOfBounds)
    func stringOutOfBoundsTraps(encoding: String, pointer: UInt32, units: UInt32) throws {
        #expect(try Self.guest(encoding).trap("load", .u32(pointer), .u32(units)) == "string out of bounds of linear memory")
        let guest = try Self.guest(encoding)
        #expect(try guest.trap("send", .u32(pointer), .u32(units)) == "string out of bounds of linear memory")
        #expect(guest.log.calls.isEmpty)
    }

    /// `MAX_STRING_BYTE_LENGTH`: more than 2^28 - 1 bytes traps before the
    /// alignment and bounds are looked at. 2 * 0x8000_0000 bytes would be 0
    /// in 32-bit arithmetic.
    static let tooLong: [(String, UInt32, UInt32)] = [
        ("utf8", 0, 0x1000_0000), ("utf8", 0xFFFF_FFFF, 0xFFFF_FFFF),
        ("utf16", 0, 0x0800_0000), ("utf16", 0, 0x8000_0000), ("utf16", 1, 0x7FFF_FFFF),
        ("latin1+utf16", 0, 0x1000_0000), ("latin1+utf16", 0, 0x0800_0000 | utf16Tag), ("latin1+utf16", 0, 0xFFFF_FFFF),
    ]

    @Test(arguments: tooLong)
    func stringLongerThanTheLimitTraps(encoding: String, pointer: UInt32, units: UInt32) throws {
        #expect(try Self.guest(encoding).trap("load", .u32(pointer), .u32(units)) == "string too long")
        #expect(try Self.guest(encoding).trap("send", .u32(pointer), .u32(units)) == "string too long")
    }

    /// Also where the memory would hold it (4097 pages hold 2^28 bytes).
    @Test(arguments: encodings)
    func stringLongerThanTheLimitTrapsInABigMemory(encoding: String) throws {
        var component = Self.component(encoding)
        component.memoryPages = 4097
        let guest = try ABIGuest(component, host: ["take": ABIGuest.nothing])
        let units: UInt32 = encoding == "utf16" ? 0x0800_0000 : 0x1000_0000
        #expect(try guest.trap("load", .u32(0), .u32(units)) == "string too long")
    }

    /// UTF-16 and latin1+utf16 strings are 2-aligned (also Latin-1 ones).
    @Test(arguments: [("utf16", UInt32(1)), ("latin1+utf16", 1), ("latin1+utf16", 1 | utf16Tag)])
    func misalignedStringTraps(encoding: String, units: UInt32) throws {
        #expect(try Self.guest(encoding).trap("load", .u32(Self.data + 1), .u32(units)) == "string pointer is not aligned")
        #expect(try Self.guest(encoding).trap("send", .u32(Self.data + 1), .u32(units)) == "string pointer is not aligned")
    }

    @Test func utf8NeedsNoAlignment() throws {
        let guest = try Self.guest("utf8")
        try guest.poke(Self.data + 1, Array("odd".utf8))
        #expect(try guest.call("load", .u32(Self.data + 1), .u32(3)) == .string("odd"))
    }

    // MARK: realloc

    /// The pointer realloc returns is checked before anything is written:
    /// out of bounds (also by wrapping 32 bits) or misaligned traps.
    @Test(arguments: [("utf8", UInt32(65534), "realloc result out of bounds of linear memory"),
                      ("utf8", 0xFFFF_FFFE, "realloc result out of bounds of linear memory"),
                      ("utf16", 65532, "realloc result out of bounds of linear memory"),
                      ("utf16", 2049, "realloc returned a misaligned pointer"),
                      ("latin1+utf16", 2049, "realloc returned a misaligned pointer"),
                      ("latin1+utf16", 0xFFFF_FFFC, "realloc result out of bounds of linear memory")])
    func badReallocResultTraps(encoding: String, pointer: UInt32, reason: String) throws {
        let guest = try Self.guest(encoding, give: "héllo€")
        try guest.forceRealloc(pointer)
        #expect(try guest.trap("echo", .string("héllo€")) == reason)
        #expect(guest.log.calls.isEmpty)
        let receiver = try Self.guest(encoding, give: "héllo€")
        try receiver.forceRealloc(pointer)
        #expect(try receiver.trap("receive") == reason)
    }
}
