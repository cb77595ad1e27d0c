@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Flags (CanonicalABI.md, `elem_size_flags`, `unpack_flags_from_int`,
/// `pack_flags_into_int`): 1 to 32 labels in 1, 2 or 4 bytes, one i32 when
/// flat. Lifting reads bit i for label i and ignores every bit past the
/// last label: `unpack_flags_from_int` shifts through the labels only, so a
/// guest setting stray bits neither traps nor reaches the host (the shape
/// of wasmtime's 2026 panic lifting `flags`).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct FlagsTests {
    static let data: UInt32 = 2048
    static let counts = [1, 8, 9, 16, 17, 32]

    static let component: ABIComponent = {
        var component = ABIComponent()
        for count in counts {
            let labels = (0..<count).map { "\"a\($0)\"" }.joined(separator: " ")
            component.type("flags\(count)", "(flags \(labels))")
            let type = "$flags\(count)"
            component.forward("echo-\(count)", "(param \"x\" \(type)) (result \(type))", params: ["i32"], results: ["i32"])
            component.export("bits-\(count)", "(param \"x\" \(type)) (result u32)", core: "(param i32) (result i32)",
                             body: "local.get 0")
            component.export("from-bits-\(count)", "(param \"x\" u32) (result \(type))", core: "(param i32) (result i32)",
                             body: "local.get 0")
            component.hostFunction("take-\(count)", "(param \"x\" \(type))", core: "(param i32)")
            component.export("send-\(count)", "(param \"x\" u32)", core: "(param i32)", body: "local.get 0 call $take-\(count)")
            component.export("load-\(count)", "(param \"p\" u32) (param \"n\" u32) (result (list \(type)))",
                             core: "(param i32 i32) (result i32)",
                             body: "i32.const 256 local.get 0 i32.store i32.const 260 local.get 1 i32.store i32.const 256")
            component.export("store-\(count)", "(param \"x\" (list \(type))) (result u32)",
                             core: "(param i32 i32) (result i32)", body: "local.get 0")
        }
        return component
    }()

    /// `hostFlag`: the host's `echo-N` returns this one flag instead of its argument.
    static func guest(hostFlag: UInt32? = nil) throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for count in counts {
            let echo: ABIGuest.Body = { _, arguments throws(Trap) in
                if let hostFlag { return .flags([hostFlag]) }
                return arguments[0]
            }
            host["echo-\(count)"] = echo
            host["take-\(count)"] = ABIGuest.nothing
        }
        return try ABIGuest(component, host: host)
    }

    static func all(_ count: Int) -> ComponentValue { .flags((0..<UInt32(count)).map { $0 }) }

    static func mask(_ count: Int) -> UInt32 { count == 32 ? .max : (1 << UInt32(count)) - 1 }

    @Test(arguments: counts)
    func roundTrip(count: Int) throws {
        let last = UInt32(count - 1)
        for value: ComponentValue in [.flags([]), .flags([0]), .flags([last]), Self.all(count),
                                      .flags(stride(from: 0, to: UInt32(count), by: 2).map { $0 })] {
            let guest = try Self.guest()
            #expect(try guest.call("echo-\(count)", value) == value)
            #expect(guest.log.calls.map(\.arguments) == [[value]])
        }
    }

    @Test(arguments: counts)
    func flagIsBitOfItsIndex(count: Int) throws {
        let guest = try Self.guest()
        #expect(try guest.call("bits-\(count)", Self.all(count)) == .u32(Self.mask(count)))
        #expect(try guest.call("bits-\(count)", .flags([UInt32(count - 1)])) == .u32(1 << UInt32(count - 1)))
        #expect(try guest.call("bits-\(count)", .flags([])) == .u32(0))
        #expect(try guest.call("from-bits-\(count)", .u32(1 << UInt32(count - 1))) == .flags([UInt32(count - 1)]))
    }

    /// Bits past the last label are ignored, flat and in memory.
    @Test(arguments: counts)
    func bitsBeyondTheLabelsAreIgnored(count: Int) throws {
        let guest = try Self.guest()
        #expect(try guest.call("from-bits-\(count)", .u32(0xFFFF_FFFF)) == Self.all(count))
        if count < 32 {
            #expect(try guest.call("from-bits-\(count)", .u32(~Self.mask(count))) == .flags([]))
        }
        try guest.call("send-\(count)", .u32(0xFFFF_FFFF))
        try guest.call("send-\(count)", .u32(0x8000_0000))
        #expect(guest.log.calls.map(\.arguments) == [[Self.all(count)], [.flags(count == 32 ? [31] : [])]])
    }

    /// 1 byte up to 8 labels, 2 up to 16, 4 up to 32: each element reads
    /// exactly its own bytes, its stray bits ignored.
    @Test(arguments: [(1, 1), (8, 1), (9, 2), (16, 2), (17, 4), (32, 4)])
    func flagsInMemoryTakeTheirSize(count: Int, size: Int) throws {
        let guest = try Self.guest()
        // Element 0 all ones, element 1 only bit 0 set.
        try guest.poke(Self.data, Array(repeating: 0xFF, count: size) + [0x01] + Array(repeating: 0, count: size - 1))
        #expect(try guest.call("load-\(count)", .u32(Self.data), .u32(2)) == .list([Self.all(count), .flags([0])]))
        let pointer = try guest.call("store-\(count)", .list([Self.all(count), .flags([0])]))?.u32Value ?? 0
        #expect(try guest.peek(pointer, UInt32(2 * size))
            == Array(LittleEndian.bytes(Self.mask(count)).prefix(size)) + [0x01] + Array(repeating: 0, count: size - 1))
        #expect(try guest.reallocCalls().last == [0, 0, UInt32(size), UInt32(2 * size)])
    }

    @Test(arguments: [(9, UInt32(2049)), (17, 2050), (32, 2049)])
    func misalignedFlagsTrap(count: Int, pointer: UInt32) throws {
        #expect(try Self.guest().trap("load-\(count)", .u32(pointer), .u32(1)) == "list pointer is not aligned")
    }

    /// A host result naming a flag the type does not have is the host's bug.
    @Test(arguments: counts)
    func hostFlagOutOfRangeTraps(count: Int) throws {
        let guest = try Self.guest(hostFlag: UInt32(count))
        let reason = try guest.trap("echo-\(count)", .flags([]))
        #expect(reason?.contains("does not have type") == true)
    }
}
