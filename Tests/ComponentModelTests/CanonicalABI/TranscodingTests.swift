@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Strings between two components with different `string-encoding`s: a
/// client lowers the server's lifted exports (`canon lower` of a `canon
/// lift`), so each call transcodes twice (CanonicalABI.md,
/// `store_string_into_range`). The cases include the shapes of wasmtime's
/// 2026 transcoding advisories: a source string that ends exactly at the end
/// of its memory (read no further), one unit past it, code units mistaken
/// for bytes, misaligned UTF-16 and a destination `realloc` returning a
/// region out of bounds.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct TranscodingTests {
    static let utf16Tag: UInt32 = 0x8000_0000
    static let encodings = ["utf8", "utf16", "latin1+utf16"]

    /// The server: `echo`, `units` (the code units it was given, tagged as
    /// its core code saw them), `raw(p, n)` (the string at p of n units in
    /// its own memory), `poke`, `force-realloc`.
    static func server(_ encoding: String) -> String {
        """
          (component $server
        \(ABIComponent.libc(pages: 1))
            (core instance $libc (instantiate $libc))
            (alias core export $libc "memory" (core memory $mem))
            (alias core export $libc "realloc" (core func $realloc))
            (core module $main
              (import "libc" "memory" (memory 1))
              (import "libc" "force" (func $force (param i32)))
              (func (export "pair") (param i32 i32) (result i32)
                i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256)
              (func (export "units") (param i32 i32) (result i32) local.get 1)
              (func (export "poke") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
              (func (export "force-realloc") (param i32) local.get 0 call $force))
            (core instance $m (instantiate $main (with "libc" (instance $libc))))
            (func (export "echo") (param "s" string) (result string)
              (canon lift (core func $m "pair") (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (func (export "units") (param "s" string) (result u32)
              (canon lift (core func $m "units") (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (func (export "raw") (param "p" u32) (param "n" u32) (result string)
              (canon lift (core func $m "pair") (memory $mem) string-encoding=\(encoding)))
            (func (export "poke") (param "address" u32) (param "bytes" (list u8))
              (canon lift (core func $m "poke") (memory $mem) (realloc $realloc)))
            (func (export "force-realloc") (param "pointer" u32) (canon lift (core func $m "force-realloc"))))

        """
    }

    /// The client: the server's `echo`, `units` and `raw` lowered with its
    /// own encoding and lifted again; `stored` is the (pointer, units) pair
    /// the last string result was stored as in its memory.
    static func client(_ encoding: String) -> String {
        """
          (component $client
            (import "echo" (func $echo (param "s" string) (result string)))
            (import "units" (func $units (param "s" string) (result u32)))
            (import "raw" (func $raw (param "p" u32) (param "n" u32) (result string)))
        \(ABIComponent.libc(pages: 1))
            (core instance $libc (instantiate $libc))
            (alias core export $libc "memory" (core memory $mem))
            (alias core export $libc "realloc" (core func $realloc))
            (core func $echo (canon lower (func $echo) (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (core func $units (canon lower (func $units) (memory $mem) string-encoding=\(encoding)))
            (core func $raw (canon lower (func $raw) (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (core module $main
              (import "libc" "memory" (memory 1))
              (import "libc" "force" (func $force (param i32)))
              (import "server" "echo" (func $echo (param i32 i32 i32)))
              (import "server" "units" (func $units (param i32 i32) (result i32)))
              (import "server" "raw" (func $raw (param i32 i32 i32)))
              (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 256 call $echo i32.const 256)
              (func (export "units") (param i32 i32) (result i32) local.get 0 local.get 1 call $units)
              (func (export "raw") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 256 call $raw i32.const 256)
              (func (export "stored") (result i64) i32.const 256 i64.load)
              (func (export "peek") (param i32 i32) (result i32)
                i32.const 8 local.get 0 i32.store i32.const 12 local.get 1 i32.store i32.const 8)
              (func (export "force-realloc") (param i32) local.get 0 call $force))
            (core instance $m (instantiate $main (with "libc" (instance $libc))
              (with "server" (instance (export "echo" (func $echo)) (export "units" (func $units)) (export "raw" (func $raw))))))
            (func (export "echo") (param "s" string) (result string)
              (canon lift (core func $m "echo") (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (func (export "units") (param "s" string) (result u32)
              (canon lift (core func $m "units") (memory $mem) (realloc $realloc) string-encoding=\(encoding)))
            (func (export "raw") (param "p" u32) (param "n" u32) (result string)
              (canon lift (core func $m "raw") (memory $mem) string-encoding=\(encoding)))
            (func (export "stored") (result u64) (canon lift (core func $m "stored")))
            (func (export "peek") (param "address" u32) (param "length" u32) (result (list u8))
              (canon lift (core func $m "peek") (memory $mem)))
            (func (export "force-realloc") (param "pointer" u32) (canon lift (core func $m "force-realloc"))))

        """
    }

    static func composition(client: String, server: String) -> String {
        """
        (component
        \(self.server(server))
        \(self.client(client))
          (instance $s (instantiate $server))
          (alias export $s "echo" (func $echo))
          (alias export $s "units" (func $units))
          (alias export $s "raw" (func $raw))
          (instance $c (instantiate $client (with "echo" (func $echo)) (with "units" (func $units)) (with "raw" (func $raw))))
          (export "server" (instance $s))
          (export "client" (instance $c)))
        """
    }

    static func world(client: String, server: String) throws -> ABIGuest {
        try ABIGuest(text: composition(client: client, server: server))
    }

    static let samples = ["", "hello", "héllo", "ÿ\u{0}", "h€", "😀", "é😀€a", String(repeating: "aé€😀", count: 300)]

    @Test(arguments: encodings, encodings)
    func roundTripThroughTwoEncodings(client: String, server: String) throws {
        let world = try Self.world(client: client, server: server)
        for text in Self.samples {
            #expect(try world.call(in: "client", "echo", .string(text)) == .string(text))
        }
    }

    /// What the server's core code receives: its own encoding's code units.
    @Test(arguments: encodings, encodings)
    func serverReceivesItsOwnEncoding(client: String, server: String) throws {
        let world = try Self.world(client: client, server: server)
        for text in Self.samples {
            let expected: UInt32
            switch server {
            case "utf8": expected = UInt32(text.utf8.count)
            case "utf16": expected = UInt32(text.utf16.count)
            default:
                expected = text.unicodeScalars.allSatisfy { $0.value < 0x100 }
                    ? UInt32(text.unicodeScalars.count) : UInt32(text.utf16.count) | Self.utf16Tag
            }
            #expect(try world.call(in: "client", "units", .string(text)) == .u32(expected), "\(text)")
        }
    }

    /// What the client's memory holds after a string came back from the server.
    @Test(arguments: [("utf8", "utf16", "é😀", UInt32(6), [UInt8]([0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80])),
                      ("utf16", "utf8", "é😀", 3, [0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE]),
                      ("latin1+utf16", "utf8", "né", 2, [0x6E, 0xE9]),
                      ("latin1+utf16", "utf16", "n€", 2 | utf16Tag, [0x6E, 0x00, 0xAC, 0x20]),
                      ("utf8", "latin1+utf16", "né", 3, [0x6E, 0xC3, 0xA9])])
    func clientStoresItsOwnEncoding(client: String, server: String, text: String, units: UInt32, bytes: [UInt8]) throws {
        let world = try Self.world(client: client, server: server)
        #expect(try world.call(in: "client", "echo", .string(text)) == .string(text))
        let pair = try world.call(in: "client", "stored")?.u64Value ?? 0
        #expect(UInt32(truncatingIfNeeded: pair >> 32) == units)
        #expect(try world.call(in: "client", "peek", .u32(UInt32(truncatingIfNeeded: pair)), .u32(UInt32(bytes.count)))
            == .bytes(bytes))
    }

    // MARK: The server's string, as the client's call lifts it

    /// (server encoding, bytes poked at `at`, pointer, units, text): each
    /// ends exactly at the end of the server's memory.
    static let atTheEnd: [(String, [UInt8], UInt32, UInt32, String)] = [
        ("utf8", [0x68, 0xC3, 0xA9], 65533, 3, "hé"),
        ("utf16", [0x3D, 0xD8, 0x00, 0xDE], 65532, 2, "😀"),
        ("utf16", [0x41, 0x00], 65534, 1, "A"),
        ("latin1+utf16", [0xE9, 0x41], 65534, 2, "éA"),
        ("latin1+utf16", [0xAC, 0x20], 65534, 1 | utf16Tag, "€"),
    ]

    @Test(arguments: encodings, atTheEnd)
    func sourceEndingAtTheEndOfMemoryIsTranscoded(client: String, source: (String, [UInt8], UInt32, UInt32, String)) throws {
        let (server, bytes, pointer, units, text) = source
        let world = try Self.world(client: client, server: server)
        try world.call(in: "server", "poke", .u32(pointer), .bytes(bytes))
        #expect(try world.call(in: "client", "raw", .u32(pointer), .u32(units)) == .string(text))
    }

    /// (server encoding, pointer, units, reason).
    static let badSources: [(String, UInt32, UInt32, String)] = [
        ("utf8", 65533, 4, "string out of bounds of linear memory"),
        ("utf16", 65534, 2, "string out of bounds of linear memory"),  // 2 units are 4 bytes, not 2
        ("utf16", 65532, 3, "string out of bounds of linear memory"),
        ("utf16", 0, 0x8000_0000, "string too long"),  // 2^32 bytes: 0 in 32 bits
        ("utf16", 65533, 1, "string pointer is not aligned"),
        ("latin1+utf16", 65534, 2 | utf16Tag, "string out of bounds of linear memory"),
        ("latin1+utf16", 65535, 1, "string pointer is not aligned"),
        ("latin1+utf16", 0, 0xFFFF_FFFF, "string too long"),
        ("utf8", 0xFFFF_FFFF, 2, "string out of bounds of linear memory"),
    ]

    @Test(arguments: encodings, badSources)
    func badSourceTraps(client: String, source: (String, UInt32, UInt32, String)) throws {
        let (server, pointer, units, reason) = source
        let world = try Self.world(client: client, server: server)
        #expect(try world.trap(in: "client", "raw", .u32(pointer), .u32(units)) == reason)
    }

    @Test(arguments: encodings)
    func invalidSourceTraps(client: String) throws {
        let utf16 = try Self.world(client: client, server: "utf16")
        try utf16.call(in: "server", "poke", .u32(65534), .bytes([0x00, 0xD8]))
        #expect(try utf16.trap(in: "client", "raw", .u32(65534), .u32(1)) == "string is not valid UTF-16")
        let utf8 = try Self.world(client: client, server: "utf8")
        try utf8.call(in: "server", "poke", .u32(65535), .bytes([0xC3]))
        #expect(try utf8.trap(in: "client", "raw", .u32(65535), .u32(1)) == "string is not valid UTF-8")
    }

    // MARK: The destination's realloc

    @Test(arguments: encodings, encodings)
    func destinationReallocOutOfBoundsTraps(client: String, server: String) throws {
        // The server's 16 NULs at 8192, lowered into the client.
        let toClient = try Self.world(client: client, server: server)
        try toClient.call(in: "client", "force-realloc", .u32(65532))
        #expect(try toClient.trap(in: "client", "raw", .u32(8192), .u32(16)) == "realloc result out of bounds of linear memory")
        // The client's argument, lowered into the server.
        let toServer = try Self.world(client: client, server: server)
        try toServer.call(in: "server", "force-realloc", .u32(0xFFFF_FFFC))
        #expect(try toServer.trap(in: "client", "echo", .string("héllo€")) == "realloc result out of bounds of linear memory")
    }

    @Test(arguments: ["utf16", "latin1+utf16"])
    func misalignedDestinationTraps(encoding: String) throws {
        let world = try Self.world(client: "utf8", server: encoding)
        try world.call(in: "server", "force-realloc", .u32(2049))
        #expect(try world.trap(in: "client", "echo", .string("h€")) == "realloc returned a misaligned pointer")
    }
}
