@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Host functions defined with Swift types (`ComponentLinker+Typed.swift`,
/// `ComponentValueConvertible`): the component type derived from them
/// links against the guest's import, and values cross as Swift values
/// through the canonical ABI both ways.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct TypedHostFunctionTests {
    final class Calls: @unchecked Sendable {
        var logged: [String] = []
    }

    static var component: ABIComponent {
        var component = ABIComponent()
        component.forward("add", "(param \"a\" u32) (param \"b\" u32) (result u32)", params: ["i32", "i32"], results: ["i32"])
        component.forward("shout", "(param \"s\" string) (result string)", params: ["i32", "i32"], results: [],
                          returnPointer: true, postReturn: .record)
        component.forward("halve", "(param \"x\" s64) (result (option s64))", params: ["i64"], results: [],
                          returnPointer: true)
        component.forward("sum", "(param \"xs\" (list u16)) (result (result u64 (error string)))",
                          params: ["i32", "i32"], results: [], returnPointer: true, postReturn: .record)
        component.forward("log", "(param \"level\" u8) (param \"msg\" string)", params: ["i32", "i32", "i32"], results: [])
        return component
    }

    struct Overflow: Error, ComponentValueConvertible {
        static var componentType: ComponentValueType { .string }
        init(componentValue: ComponentValue) throws(Trap) {}
        init() {}
        var componentValue: ComponentValue { .string("overflow") }
    }

    static func guest(_ calls: Calls) throws -> ABIGuest {
        try ABIGuest(component) { linker, _ in
            let host = "test:abi/host"
            linker.define(host, "add", parameters: ("a", "b")) { (_, a: UInt32, b: UInt32) throws(Trap) -> UInt32 in a &+ b }
            linker.define(host, "shout", parameters: ("s")) { (_, s: String) throws(Trap) -> String in s.uppercased() + "!" }
            linker.define(host, "halve", parameters: ("x")) { (_, x: Int64) throws(Trap) -> Int64? in
                x.isMultiple(of: 2) ? x / 2 : nil
            }
            linker.define(host, "sum", parameters: ("xs")) { (_, xs: [UInt16]) throws(Trap) -> Result<UInt64, Overflow> in
                let total = xs.reduce(UInt64(0)) { $0 + UInt64($1) }
                return total > 1000 ? .failure(Overflow()) : .success(total)
            }
            linker.define(host, "log", parameters: ("level", "msg")) { (_, level: UInt8, message: String) throws(Trap) in
                calls.logged.append("\(level):\(message)")
            }
        }
    }

    @Test func swiftValuesCrossBothWays() throws {
        let calls = Calls()
        let guest = try Self.guest(calls)
        #expect(try guest.call("add", .u32(40), .u32(2)) == .u32(42))
        #expect(try guest.call("shout", .string("hé")) == .string("HÉ!"))
        #expect(try guest.call("halve", .s64(-10)) == .option(.s64(-5)))
        #expect(try guest.call("halve", .s64(7)) == .option(nil))
        #expect(try guest.call("sum", .list([.u16(1), .u16(2), .u16(65535)])) == .error(.string("overflow")))
        #expect(try guest.call("sum", .list([.u16(300), .u16(400)])) == .ok(.u64(700)))
        try guest.call("log", .u8(3), .string("ready"))
        #expect(calls.logged == ["3:ready"])
    }

    @Test func derivedTypesAreTheComponentTypes() {
        #expect([UInt8].componentType == .list(.u8))
        #expect([UInt8](repeating: 7, count: 2).componentValue == .bytes([7, 7]))
        #expect(Optional<String>.componentType == .option(.string))
        #expect(Result<Bool, Overflow>.componentType == .result(ok: .bool, error: .string))
        #expect(Unicode.Scalar.componentType == .char)
    }

    @Test func aMismatchedValueTraps() {
        #expect(throws: Trap.self) { try UInt32(componentValue: .u64(1)) }
        #expect(throws: Trap.self) { try [UInt8](componentValue: .list([.u16(1)])) }
    }
}
