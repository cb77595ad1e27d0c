@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Flattening limits and post-return (CanonicalABI.md, `flatten_functype`,
/// `lift_flat_values`, `lower_flat_values`, `canon_lift`): up to 16 flat
/// parameters are passed as core parameters, more go through memory as a
/// tuple (allocated with `realloc` for exports, pointed to by the guest for
/// imports); more than one flat result goes through memory (a returned
/// pointer for exports, a return pointer for imports). Post-return gets the
/// core results after the result was lifted.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct FlatteningTests {
    static let data: UInt32 = 2048

    static func parameters(_ count: Int, _ type: (Int) -> String) -> String {
        (0..<count).map { "(param \"p\($0)\" \(type($0)))" }.joined(separator: " ")
    }

    static let u32s17 = parameters(17) { _ in "u32" }
    /// u8, u64, then fifteen u8: as a tuple u8@0, u64@8, u8@16...30, 32 bytes, 8-aligned.
    static let mixed17 = parameters(17) { $0 == 1 ? "u64" : "u8" }
    /// Nine strings: 18 flat values, a tuple of 72 bytes.
    static let strings9 = parameters(9) { _ in "string" }

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.dump("flat16", parameters(16) { _ in "u32" }, params: Array(repeating: "i32", count: 16))
        component.export("spill17", "\(u32s17) (result u32)", core: "(param i32) (result i32)", body: "local.get 0")
        component.export("spill-mixed", "\(mixed17) (result u32)", core: "(param i32) (result i32)", body: "local.get 0")
        component.export("spill-strings", "\(strings9) (result u32)", core: "(param i32) (result i32)", body: "local.get 0")
        // Host imports with 17 parameters: the guest passes a pointer to the tuple.
        component.hostFunction("host17", "\(u32s17) (result u64)", core: "(param i32) (result i64)")
        component.export("call-host17", "(param \"p\" u32) (result u64)", core: "(param i32) (result i64)",
                         body: "local.get 0 call $host17")
        component.hostFunction("host17s", "\(u32s17) (result string)", core: "(param i32 i32)")
        component.export("call-host17s", "(param \"p\" u32) (param \"r\" u32) (result string)", core: "(param i32 i32) (result i32)",
                         body: "local.get 0 local.get 1 call $host17s local.get 1")
        // Both ways at once: the pointer the export gets is the one the import reads.
        component.forward("sum17", "\(u32s17) (result u64)", params: ["i32"], results: ["i64"], postReturn: .record)
        component.forward("mixed-string", "\(mixed17) (result string)", params: ["i32"], results: [], returnPointer: true,
                          postReturn: .record)
        // Post-return gets the core results.
        component.export("pr-u64", "(result u64)", core: "(result i64)", body: "i64.const 0x123456789", postReturn: .record)
        component.export("pr-f32", "(result f32)", core: "(result f32)", body: "f32.const 1.5", postReturn: .record)
        component.export("pr-none", "", core: "", body: "", postReturn: .record)
        // "hello" at 3000; post-return overwrites it with 0xFF.
        component.export("clobbered", "(result string)", core: "(result i32)",
                         body: """
                             i32.const 3000 i32.const 0x6c6c6568 i32.store i32.const 3004 i32.const 0x6f i32.store8
                             i32.const 256 i32.const 3000 i32.store i32.const 260 i32.const 5 i32.store i32.const 256
                             """,
                         postReturn: .custom("local.get 0 i32.load i32.const 0xFF local.get 0 i32.load offset=4 memory.fill"))
        return component
    }()

    static func sum(_ arguments: [ComponentValue]) -> ComponentValue {
        .u64(arguments.reduce(0) { $0 + UInt64($1.u32Value ?? 0) })
    }

    static func guest() throws -> ABIGuest {
        try ABIGuest(component, host: [
            "host17": { _, arguments throws(Trap) in sum(arguments) },
            "sum17": { _, arguments throws(Trap) in sum(arguments) },
            "host17s": { _, arguments throws(Trap) in .string("\(arguments.count) é") },
            "mixed-string": { _, arguments throws(Trap) in .string("\(arguments.count)") },
        ])
    }

    static let values17 = (0..<17).map { ComponentValue.u32(100 + UInt32($0)) }

    @Test func sixteenParametersAreFlat() throws {
        let guest = try Self.guest()
        _ = try guest.function("flat16").call((0..<16).map { .u32(0xF000_0000 + UInt32($0)) })
        #expect(try guest.dumped(16) == (0..<16).map { 0xF000_0000 + UInt64($0) })
        #expect(try guest.reallocCalls() == [])
    }

    @Test func seventeenParametersGoThroughMemory() throws {
        let guest = try Self.guest()
        let pointer = try guest.function("spill17").call(Self.values17)?.u32Value ?? 0
        #expect(try guest.peekWords(pointer, 17) == (0..<17).map { 100 + UInt32($0) })
        #expect(try guest.reallocCalls() == [[0, 0, 4, 68]])
    }

    @Test func spilledParametersAreLaidOutAsATuple() throws {
        let guest = try Self.guest()
        let arguments: [ComponentValue] = [.u8(0xA0), .u64(0x0102_0304_0506_0708)] + (2..<17).map { .u8(UInt8($0)) }
        let pointer = try guest.function("spill-mixed").call(arguments)?.u32Value ?? 0
        #expect(pointer % 8 == 0)
        #expect(try guest.peek(pointer, 31) == [0xA0, 0, 0, 0, 0, 0, 0, 0] + LittleEndian.bytes(UInt64(0x0102_0304_0506_0708))
            + (2..<17).map { UInt8($0) })
        #expect(try guest.reallocCalls() == [[0, 0, 8, 32]])
    }

    /// The tuple is allocated first, then each string (store of the tuple).
    @Test func spilledStringsAreStoredInTheTuple() throws {
        let guest = try Self.guest()
        let texts = ["a", "bb", "", "é", "😀", "x", "yy", "zzz", "w"]
        let pointer = try guest.function("spill-strings").call(texts.map(ComponentValue.string))?.u32Value ?? 0
        let words = try guest.peekWords(pointer, 18)
        for (index, text) in texts.enumerated() {
            #expect(words[2 * index + 1] == UInt32(text.utf8.count))
            #expect(try guest.peek(words[2 * index], UInt32(text.utf8.count)) == Array(text.utf8))
        }
        #expect(try guest.reallocCalls() == [[0, 0, 4, 72]] + texts.map { [0, 0, 1, UInt32($0.utf8.count)] })
    }

    @Test func hostImportReadsSpilledParametersFromTheGuestsPointer() throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, (0..<17).flatMap { LittleEndian.bytes(UInt32(100 + $0)) })
        #expect(try guest.call("call-host17", .u32(Self.data)) == .u64((100...116).reduce(0, +)))
        #expect(guest.log.calls.last?.arguments == Self.values17)
        #expect(try guest.call("call-host17s", .u32(Self.data), .u32(UInt32(ABIComponent.returnArea))) == .string("17 é"))
    }

    @Test(arguments: [(UInt32(2050), "parameter pointer is not aligned"), (65532, "value out of bounds of linear memory"),
                      (0xFFFF_FFFC, "value out of bounds of linear memory")])
    func badParameterPointerForHostImportTraps(pointer: UInt32, reason: String) throws {
        let guest = try Self.guest()
        #expect(try guest.trap("call-host17", .u32(pointer)) == reason)
        #expect(guest.log.calls.isEmpty)
    }

    @Test(arguments: [(UInt32(2050), "result pointer is not aligned"), (65532, "value out of bounds of linear memory"),
                      (0xFFFF_FFFC, "value out of bounds of linear memory")])
    func badReturnPointerForHostImportTraps(pointer: UInt32, reason: String) throws {
        let guest = try Self.guest()
        try guest.poke(Self.data, Array(repeating: 0, count: 68))
        #expect(try guest.trap("call-host17s", .u32(Self.data), .u32(pointer)) == reason)
    }

    @Test func spilledRoundTrip() throws {
        let guest = try Self.guest()
        #expect(try guest.function("sum17").call(Self.values17) == .u64((100...116).reduce(0, +)))
        #expect(guest.log.calls.map(\.arguments) == [Self.values17])
        let mixed: [ComponentValue] = [.u8(1), .u64(.max)] + (2..<17).map { .u8(UInt8($0)) }
        #expect(try guest.function("mixed-string").call(mixed) == .string("17"))
        #expect(guest.log.calls.last?.arguments == mixed)
    }

    /// A spilled tuple's realloc result is checked like any other.
    @Test func badReallocForSpilledParametersTraps() throws {
        let guest = try Self.guest()
        try guest.forceRealloc(2052)
        let mixed: [ComponentValue] = [.u8(0), .u64(0)] + Array(repeating: .u8(0), count: 15)
        #expect(ABIGuest.trap(of: try guest.function("spill-mixed"), mixed) == "realloc returned a misaligned pointer")
        let outOfBounds = try Self.guest()
        try outOfBounds.forceRealloc(65532)
        #expect(ABIGuest.trap(of: try outOfBounds.function("spill17"), Self.values17)
            == "realloc result out of bounds of linear memory")
    }

    // MARK: post-return

    @Test func postReturnGetsTheCoreResults() throws {
        let guest = try Self.guest()
        #expect(try guest.call("pr-u64") == .u64(0x1_2345_6789))
        #expect(try guest.postReturnCount == 1)
        #expect(try guest.postReturnLast == 0x1_2345_6789)
        #expect(try guest.call("pr-f32") == .f32(1.5))
        #expect(try guest.postReturnLast == 0x3FC0_0000)
        #expect(try guest.call("pr-none") == nil)
        #expect(try guest.postReturnCount == 3)
        // A spilled result: post-return gets the pointer.
        _ = try guest.function("sum17").call(Self.values17)
        #expect(try guest.postReturnLast == (100...116).reduce(0, +))
        #expect(try guest.function("mixed-string").call([.u8(1), .u64(2)] + (2..<17).map { .u8(UInt8($0)) }) == .string("17"))
        #expect(try guest.postReturnLast == UInt64(ABIComponent.returnArea))
        #expect(try guest.postReturnCount == 5)
    }

    /// Post-return runs after the result is lifted: it may free (here:
    /// overwrite) what the result pointed to.
    @Test func postReturnRunsAfterTheResultIsLifted() throws {
        let guest = try Self.guest()
        #expect(try guest.call("clobbered") == .string("hello"))
        #expect(try guest.peek(3000, 5) == Array(repeating: 0xFF, count: 5))
    }
}
