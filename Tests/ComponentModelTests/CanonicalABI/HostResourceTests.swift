@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Resources the host defines (`ComponentLinker.defineResource`): Swift
/// objects behind handles in the guest's table, borrowed and moved through
/// host functions, and the host's destructor run when the guest drops its
/// last owning handle (`canon resource.drop` of an imported resource).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct HostResourceTests {
    final class Tag {
        let value: UInt32
        init(_ value: UInt32) { self.value = value }
    }

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.type("tag", "(sub resource)")
        component.hostFunction("make-tag", "(param \"value\" u32) (result (own $tag))", core: "(param i32) (result i32)")
        component.hostFunction("value-of", "(param \"t\" (borrow $tag)) (result u32)", core: "(param i32) (result i32)")
        component.hostFunction("consume-tag", "(param \"t\" (own $tag)) (result u32)", core: "(param i32) (result i32)")
        component.canon("drop-tag", "(canon resource.drop $tag)", core: "(param i32)")
        component.export("make", "(param \"value\" u32) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0 call $make-tag")
        component.export("value", "(param \"i\" u32) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0 call $value-of")
        component.export("consume", "(param \"i\" u32) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0 call $consume-tag")
        component.export("drop", "(param \"i\" u32)", core: "(param i32)", body: "local.get 0 call $drop-tag")
        // An own handle from the host: its index in the guest's table.
        component.export("keep", "(param \"t\" (own $tag)) (result u32)", core: "(param i32) (result i32)", body: "local.get 0")
        // A borrow from the host: asks the host for the value through it, then drops it.
        component.export("inspect", "(param \"t\" (borrow $tag)) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0 call $value-of local.get 0 call $drop-tag")
        return component
    }()

    static func guest() throws -> ABIGuest {
        try ABIGuest(component) { linker, log in
            let tag = linker.defineResource("test:abi/host", "tag") { call, rep throws(Trap) in
                log.destroyed.append(rep)
                call.resources.remove(rep)
            }
            linker.define("test:abi/host", "make-tag", type: .init(parameters: [.init("value", .u32)], result: .own(tag))) {
                call, arguments throws(Trap) in
                call.own(Tag(arguments[0].u32Value ?? 0))
            }
            linker.define("test:abi/host", "value-of", type: .init(parameters: [.init("t", .borrow(tag))], result: .u32)) {
                call, arguments throws(Trap) in
                .u32(try call.object(arguments[0], as: Tag.self).value)
            }
            linker.define("test:abi/host", "consume-tag", type: .init(parameters: [.init("t", .own(tag))], result: .u32)) {
                call, arguments throws(Trap) in
                let value = try call.object(arguments[0], as: Tag.self).value
                call.resources.remove(arguments[0].handleValue ?? 0)
                return .u32(value)
            }
        }
    }

    static func objects(_ guest: ABIGuest) -> Int { HostResources.of(guest.instance.store).count }

    @Test func guestDropRunsTheHostDestructor() throws {
        let guest = try Self.guest()
        #expect(try guest.call("make", .u32(5)) == .u32(1))
        #expect(try guest.call("make", .u32(6)) == .u32(2))
        #expect(try guest.call("value", .u32(2)) == .u32(6))
        #expect(Self.objects(guest) == 2)
        let reps = HostResources.of(guest.instance.store)
        try guest.call("drop", .u32(1))
        #expect(guest.log.destroyed.count == 1)
        #expect(guest.log.destroyed.first.map { reps.object($0, as: Tag.self) == nil } == true)
        #expect(Self.objects(guest) == 1)
        #expect(try guest.call("value", .u32(2)) == .u32(6))
        try guest.call("drop", .u32(2))
        #expect(guest.log.destroyed.count == 2)
        #expect(Self.objects(guest) == 0)
    }

    @Test func ownMovedToTheHostIsNotDestroyedByTheGuest() throws {
        let guest = try Self.guest()
        #expect(try guest.call("make", .u32(7)) == .u32(1))
        #expect(try guest.call("consume", .u32(1)) == .u32(7))
        #expect(guest.log.destroyed.isEmpty)
        #expect(Self.objects(guest) == 0)
        #expect(try guest.trap("drop", .u32(1)) == "unknown handle index 1")
    }

    @Test func hostOwnIntoTheGuest() throws {
        let guest = try Self.guest()
        let rep = HostResources.of(guest.instance.store).insert(Tag(9))
        #expect(try guest.call("keep", .own(rep)) == .u32(1))
        #expect(try guest.call("value", .u32(1)) == .u32(9))
        try guest.call("drop", .u32(1))
        #expect(guest.log.destroyed == [rep])
    }

    /// A borrow of a host resource is a handle in the guest; dropping it
    /// ends the loan and destroys nothing.
    @Test func hostBorrowIntoTheGuest() throws {
        let guest = try Self.guest()
        let rep = HostResources.of(guest.instance.store).insert(Tag(10))
        #expect(try guest.call("inspect", .borrow(rep)) == .u32(10))
        #expect(guest.log.destroyed.isEmpty)
        #expect(Self.objects(guest) == 1)
    }

    @Test func unknownHostHandleTraps() throws {
        #expect(try Self.guest().trap("value", .u32(3)) == "unknown handle index 3")
        #expect(try Self.guest().trap("drop", .u32(0)) == "unknown handle index 0")
    }
}
