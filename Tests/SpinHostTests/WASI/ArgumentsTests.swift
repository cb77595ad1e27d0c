@testable import SpinHost
import Testing
import WasmInterpreter

/// `args_*` and `environ_*`.
struct ArgumentsTests {
    @Test func argumentsRoundTrip() throws {
        let guest = try WASIGuest(WASIContext(arguments: ["app.wasm", "héllo", ""]))
        #expect(try guest.call("args_sizes_get", .i32(0), .i32(4)) == .success)
        #expect(try guest.u32(at: 0) == 3)
        #expect(try guest.u32(at: 4) == 9 + 7 + 1)  // "app.wasm\0", "héllo\0" (é is 2 bytes), "\0"

        #expect(try guest.call("args_get", .i32(1024), .i32(2048)) == .success)
        #expect(try guest.u32(at: 1024) == 2048)
        #expect(try guest.u32(at: 1028) == 2048 + 9)
        #expect(try guest.u32(at: 1032) == 2048 + 16)
        #expect(try guest.bytes(at: 2048, count: 17) == Array("app.wasm\0héllo\0\0".utf8))
    }

    @Test func environmentRoundTrip() throws {
        let guest = try WASIGuest(WASIContext(environment: [("A", "1"), ("PATH_INFO", "/x=y")]))
        #expect(try guest.call("environ_sizes_get", .i32(0), .i32(4)) == .success)
        #expect(try guest.u32(at: 0) == 2)
        #expect(try guest.u32(at: 4) == 4 + 15)

        #expect(try guest.call("environ_get", .i32(1024), .i32(2048)) == .success)
        #expect(try guest.u32(at: 1024) == 2048)
        #expect(try guest.u32(at: 1028) == 2052)
        #expect(try guest.string(at: 2048, count: 19) == "A=1\0PATH_INFO=/x=y\0")
    }

    @Test func emptyListsHaveZeroSizes() throws {
        let guest = try WASIGuest(WASIContext())
        try guest.memory.write([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], at: 0)
        #expect(try guest.call("args_sizes_get", .i32(0), .i32(4)) == .success)
        #expect(try guest.u32(at: 0) == 0)
        #expect(try guest.u32(at: 4) == 0)
        #expect(try guest.call("environ_get", .i32(0xFFFF_FFFF), .i32(0xFFFF_FFFF)) == .success)
    }

    @Test(arguments: [
        ("args_sizes_get", 65535, 0), ("args_sizes_get", 0, 65533),
        ("args_get", 65532, 0), ("args_get", 0, 65533), ("args_get", 0xFFFF_FFFF, 0xFFFF_FFFF),
        ("environ_get", 65535, 0), ("environ_sizes_get", 0xFFFF_FFFC, 0),
    ])
    func pointersOutsideMemoryFault(function: String, first: UInt32, second: UInt32) throws {
        let guest = try WASIGuest(WASIContext(arguments: ["a", "bc"], environment: [("K", "V")]))
        #expect(try guest.call(function, .i32(first), .i32(second)) == .fault)
    }
}
