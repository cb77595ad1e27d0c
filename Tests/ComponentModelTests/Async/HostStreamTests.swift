@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// The host's side of `stream<u8>`: the host writes what a guest reads, and
/// reads what a guest writes, through the guest's async stream built-ins.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct HostStreamTests {
    /// A guest that reads a stream it is given into memory at 1024, and writes
    /// a stream it makes from lists it is given; it polls a waitable set for
    /// the read's event.
    static let text = """
        (component
          (core module $libc (memory (export "mem") 1))
          (core instance $libc (instantiate $libc))
          (type $S (stream u8))
          (core func $stream.new (canon stream.new $S))
          (core func $stream.read (canon stream.read $S async (memory (core memory $libc "mem"))))
          (core func $stream.write (canon stream.write $S async (memory (core memory $libc "mem"))))
          (core func $stream.drop-writable (canon stream.drop-writable $S))
          (core func $ws.new (canon waitable-set.new))
          (core func $ws.poll (canon waitable-set.poll (memory (core memory $libc "mem"))))
          (core func $join (canon waitable.join))
          (core module $m
            (import "" "mem" (memory 1))
            (import "" "stream.new" (func $stream.new (result i64)))
            (import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
            (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
            (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
            (import "" "ws.new" (func $ws.new (result i32)))
            (import "" "ws.poll" (func $ws.poll (param i32 i32) (result i32)))
            (import "" "join" (func $join (param i32 i32)))
            (global $writer (mut i32) (i32.const 0))
            (global $set (mut i32) (i32.const 0))
            (func (export "start-read") (param $s i32) (param $n i32) (result i32)
              (global.set $set (call $ws.new))
              (call $join (local.get $s) (global.get $set))
              (call $stream.read (local.get $s) (i32.const 1024) (local.get $n)))
            (func (export "poll") (result i32)
              (if (i32.eqz (call $ws.poll (global.get $set) (i32.const 0))) (then (return (i32.const -1))))
              (i32.load (i32.const 4)))
            (func (export "make") (result i32)
              (local $pair i64)
              (local.set $pair (call $stream.new))
              (global.set $writer (i32.wrap_i64 (i64.shr_u (local.get $pair) (i64.const 32))))
              (i32.wrap_i64 (local.get $pair)))
            (func (export "write") (param $pointer i32) (param $length i32) (result i32)
              (call $stream.write (global.get $writer) (local.get $pointer) (local.get $length)))
            (func (export "drop-writer") (call $stream.drop-writable (global.get $writer)))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 2048))
            (func (export "received") (param $n i32) (result i32)
              (i32.store (i32.const 16) (i32.const 1024))
              (i32.store (i32.const 20) (local.get $n))
              (i32.const 16)))
          (core instance $i (instantiate $m (with "" (instance
            (export "mem" (memory $libc "mem"))
            (export "stream.new" (func $stream.new)) (export "stream.read" (func $stream.read))
            (export "stream.write" (func $stream.write)) (export "stream.drop-writable" (func $stream.drop-writable))
            (export "ws.new" (func $ws.new)) (export "ws.poll" (func $ws.poll)) (export "join" (func $join))))))
          (func (export "start-read") (param "s" $S) (param "n" u32) (result u32) (canon lift (core func $i "start-read")))
          (func (export "poll") (result s32) (canon lift (core func $i "poll")))
          (func (export "make") (result $S) (canon lift (core func $i "make")))
          (func (export "write") (param "data" (list u8)) (result u32)
            (canon lift (core func $i "write") (memory (core memory $libc "mem")) (realloc (core func $i "realloc"))))
          (func (export "drop-writer") (canon lift (core func $i "drop-writer")))
          (func (export "received") (param "n" u32) (result (list u8)) (canon lift (core func $i "received") (memory (core memory $libc "mem")))))
        """

    static let blocked = ComponentValue.u32(0xffff_ffff)

    /// A stream copy's payload: the result in the low 4 bits, the count above.
    static func payload(_ result: UInt32, _ count: UInt32) -> UInt32 { result | count << 4 }

    static func guest() throws -> ComponentInstance {
        let engine = Engine()
        let linked = try ComponentLinker().link(ValidatedComponent(WAT.assemble(text), engine: engine))
        return try linked.instantiate(in: Store(engine: engine))
    }

    static func call(_ guest: ComponentInstance, _ name: String, _ arguments: ComponentValue...) throws -> ComponentValue? {
        guard let function = guest.function(name) else { throw Trap(.host("no export \(name)")) }
        return try function.call(arguments)
    }

    @Test func guestReadsWhatTheHostWrites() throws {
        let guest = try Self.guest()
        let (stream, value) = HostStream.make(elementType: .u8, in: guest.store)
        #expect(try Self.call(guest, "start-read", value, .u32(16)) == Self.blocked)
        #expect(try Self.call(guest, "poll") == .s32(-1))
        var written: (Int, CopyOutcome)?
        try stream.write(bytes: Array("hello".utf8)) { written = ($0, $1) }
        #expect(written?.0 == 5)
        #expect(written?.1 == .completed)
        #expect(try Self.call(guest, "poll") == .s32(Int32(Self.payload(0, 5))))
        #expect(try Self.call(guest, "received", .u32(5)) == .bytes(Array("hello".utf8)))
    }

    @Test func hostWriteWaitsForTheReaderAndStopsAtItsBuffer() throws {
        let guest = try Self.guest()
        let (stream, value) = HostStream.make(elementType: .u8, in: guest.store)
        var written: (Int, CopyOutcome)?
        try stream.write(bytes: Array("abcdefgh".utf8)) { written = ($0, $1) }
        #expect(written == nil)
        #expect(stream.isCopying)
        // The host's bytes are there already: the read completes at once, with 3 of them.
        #expect(try Self.call(guest, "start-read", value, .u32(3)) == .u32(Self.payload(0, 3)))
        #expect(written?.0 == 3)
        #expect(!stream.isCopying)
        #expect(try Self.call(guest, "received", .u32(3)) == .bytes(Array("abc".utf8)))
    }

    @Test func hostReadsWhatTheGuestWrites() throws {
        let guest = try Self.guest()
        let made = try Self.call(guest, "make")
        let stream = try HostStream(receiving: try #require(made), in: guest.store)
        var received: [[UInt8]] = []
        var outcome: CopyOutcome?
        try stream.read(upTo: 3) { (bytes: [UInt8], result) in received.append(bytes); outcome = result }
        // The host's read was waiting: the write completes at once, with what fits.
        #expect(try Self.call(guest, "write", .bytes(Array("abcdef".utf8))) == .u32(Self.payload(0, 3)))
        #expect(received == [Array("abc".utf8)])
        #expect(outcome == .completed)
        // Nobody reads now: the guest's write stays pending.
        #expect(try Self.call(guest, "write", .bytes(Array("def".utf8))) == Self.blocked)
        try stream.read(upTo: 10) { (bytes: [UInt8], result) in received.append(bytes); outcome = result }
        #expect(received.last == Array("def".utf8))
    }

    @Test func eachSideSeesTheOtherDrop() throws {
        let guest = try Self.guest()
        let made = try Self.call(guest, "make")
        let reader = try HostStream(receiving: try #require(made), in: guest.store)
        var outcome: CopyOutcome?
        try reader.read(upTo: 4) { (_: [UInt8], result) in outcome = result }
        try Self.call(guest, "drop-writer")
        #expect(outcome == .dropped)

        let (writer, value) = HostStream.make(elementType: .u8, in: guest.store)
        #expect(try Self.call(guest, "start-read", value, .u32(4)) == Self.blocked)
        writer.drop()
        #expect(try Self.call(guest, "poll") == .s32(Int32(Self.payload(1, 0))))
    }

    @Test func aStreamTheGuestNeverMadeIsRefused() throws {
        let guest = try Self.guest()
        #expect(throws: Trap.self) { _ = try HostStream(receiving: .stream(12345), in: guest.store) }
        #expect(throws: Trap.self) { _ = try HostStream(receiving: .u32(1), in: guest.store) }
    }
}
