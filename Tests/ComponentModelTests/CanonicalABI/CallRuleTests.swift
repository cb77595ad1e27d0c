@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// The rules on entering and leaving an instance (CanonicalABI.md,
/// `may_enter`, `may_leave`): no reentrance while a call into the instance
/// runs, and no calls out of it (imports, `resource.new`, `resource.drop`)
/// while its `realloc` or `post-return` runs.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct CallRuleTests {
    /// What a host callback may call back into.
    final class Targets: @unchecked Sendable {
        weak var same: ComponentInstance?
        weak var other: ComponentInstance?
    }

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.hostFunction("callback", "(param \"other\" bool)", core: "(param i32)")
        component.export("reenter", "(param \"other\" bool)", core: "(param i32)", body: "local.get 0 call $callback")
        component.definitions = "  (type $local (resource (rep i32)))\n"
        component.canon("new-local", "(canon resource.new $local)", core: "(param i32) (result i32)")
        component.canon("drop-local", "(canon resource.drop $local)", core: "(param i32)")
        component.coreDefinitions = """
                (func (export "pinging-realloc") (param i32 i32 i32 i32) (result i32) call $ping i32.const 4096)
                (func (export "new-in-realloc") (param i32 i32 i32 i32) (result i32)
                  i32.const 1 call $new-local drop i32.const 4096)
                (func (export "drop-in-realloc") (param i32 i32 i32 i32) (result i32)
                  i32.const 1 call $drop-local i32.const 4096)

            """
        component.export("new-local", "(param \"rep\" u32) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0 call $new-local")
        for (name, realloc) in [("take-pinging", "pinging-realloc"), ("take-new", "new-in-realloc"), ("take-drop", "drop-in-realloc")] {
            component.export(name, "(param \"s\" string)", core: "(param i32 i32)", body: "",
                             realloc: "(core func $main \"\(realloc)\")")
        }
        component.export("ping-in-post-return", "(result u32)", core: "(result i32)", body: "i32.const 7",
                         postReturn: .custom("call $ping"))
        component.export("new-in-post-return", "(result u32)", core: "(result i32)", body: "i32.const 7",
                         postReturn: .custom("i32.const 1 call $new-local drop"))
        component.export("drop-in-post-return", "(param \"i\" u32) (result u32)", core: "(param i32) (result i32)",
                         body: "local.get 0", postReturn: .custom("local.get 0 call $drop-local"))
        component.export("quiet-post-return", "(result u32)", core: "(result i32)", body: "i32.const 8", postReturn: .record)
        return component
    }()

    static func guest(_ targets: Targets = Targets()) throws -> ABIGuest {
        let guest = try ABIGuest(component, host: [
            "callback": { _, arguments throws(Trap) in
                let target = arguments[0] == .bool(true) ? targets.other : targets.same
                guard let function = target?.function("call-ping") else { throw Trap(.host("no target")) }
                _ = try function.call([])
                return nil
            },
        ])
        targets.same = guest.instance
        return guest
    }

    @Test func importsAreCallableInAnOrdinaryCall() throws {
        let guest = try Self.guest()
        try guest.call("call-ping")
        #expect(guest.log.pings == 1)
        #expect(try guest.call("quiet-post-return") == .u32(8))
        try guest.call("call-ping")
        #expect(guest.log.pings == 2)
        #expect(try guest.call("new-local", .u32(3)) == .u32(1))
    }

    /// A guest export calls a host import that calls the same instance's
    /// export again.
    @Test func reentranceTraps() throws {
        let guest = try Self.guest()
        #expect(try guest.trap("reenter", .bool(false)) == "cannot enter component instance: it is already in a call (reentrance)")
        #expect(guest.log.pings == 0)
    }

    @Test func enteringAnotherInstanceFromACallbackIsAllowed() throws {
        let targets = Targets()
        let other = try Self.guest()
        let guest = try Self.guest(targets)
        targets.other = other.instance
        try guest.call("reenter", .bool(true))
        #expect(other.log.pings == 1)
        #expect(guest.log.pings == 0)
        // The instance may be entered again once the call returned.
        try guest.call("call-ping")
        #expect(guest.log.pings == 1)
    }

    static let cannotLeave = "cannot leave component instance: calling out is not allowed here"

    @Test(arguments: ["take-pinging", "take-new"])
    func callingOutOfReallocTraps(name: String) throws {
        let guest = try Self.guest()
        #expect(try guest.trap(name, .string("x")) == Self.cannotLeave)
        #expect(guest.log.pings == 0)
    }

    @Test func droppingAHandleInReallocTraps() throws {
        let guest = try Self.guest()
        #expect(try guest.call("new-local", .u32(3)) == .u32(1))
        #expect(try guest.trap("take-drop", .string("x")) == Self.cannotLeave)
    }

    @Test(arguments: ["ping-in-post-return", "new-in-post-return"])
    func callingOutOfPostReturnTraps(name: String) throws {
        let guest = try Self.guest()
        #expect(try guest.trap(name) == Self.cannotLeave)
        #expect(guest.log.pings == 0)
    }

    @Test func droppingAHandleInPostReturnTraps() throws {
        let guest = try Self.guest()
        #expect(try guest.call("new-local", .u32(3)) == .u32(1))
        #expect(try guest.trap("drop-in-post-return", .u32(1)) == Self.cannotLeave)
    }
}
