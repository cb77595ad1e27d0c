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

    // MARK: Parents and children

    /// `$P` has a child `$C` and hands it `helper` and `make` lifted from
    /// its own core code (donut wrapping); `run` calls the child, which calls
    /// back into `$P`; `run-drop` has the child make and drop a resource
    /// `$P` implements; `call-out` calls the host's `callback`.
    static let donut = """
        (component
          (import "test:abi/host" (instance $host (export "ping" (func)) (export "callback" (func))))
          (alias export $host "callback" (func $callback))
          (core module $pcore1
            (memory (export "memory") 1)
            (global $n (mut i32) (i32.const 0))
            (func (export "helper") (result i32) i32.const 42)
            (func (export "dtor") (param i32)
              global.get $n i32.const 4 i32.mul i32.const 1024 i32.add local.get 0 i32.store
              global.get $n i32.const 1 i32.add global.set $n)
            (func (export "log") (result i32)
              i32.const 16 i32.const 1024 i32.store i32.const 20 global.get $n i32.store i32.const 16))
          (core instance $p1 (instantiate $pcore1))
          (alias core export $p1 "dtor" (core func $dtor))
          (type $R (resource (rep i32) (dtor (core func $dtor))))
          (core func $new-r (canon resource.new $R))
          (core module $pcore2
            (import "r" "new" (func $new (param i32) (result i32)))
            (func (export "make") (param i32) (result i32) local.get 0 call $new))
          (core instance $p2 (instantiate $pcore2 (with "r" (instance (export "new" (func $new-r))))))
          (func $helper (result u32) (canon lift (core func $p1 "helper")))
          (func $make (param "rep" u32) (result (own $R)) (canon lift (core func $p2 "make")))
          (component $C
            (import "r" (type $r (sub resource)))
            (import "helper" (func $helper (result u32)))
            (import "make" (func $make (param "rep" u32) (result (own $r))))
            (core func $helper (canon lower (func $helper)))
            (core func $make (canon lower (func $make)))
            (core func $drop (canon resource.drop $r))
            (core module $m
              (import "p" "helper" (func $helper (result i32)))
              (import "p" "make" (func $make (param i32) (result i32)))
              (import "p" "drop" (func $drop (param i32)))
              (func (export "child-run") (result i32) call $helper)
              (func (export "child-value") (result i32) i32.const 7)
              (func (export "make-and-drop") (param i32) local.get 0 call $make call $drop))
            (core instance $i (instantiate $m (with "p" (instance
              (export "helper" (func $helper)) (export "make" (func $make)) (export "drop" (func $drop))))))
            (func (export "child-run") (result u32) (canon lift (core func $i "child-run")))
            (func (export "child-value") (result u32) (canon lift (core func $i "child-value")))
            (func (export "make-and-drop") (param "rep" u32) (canon lift (core func $i "make-and-drop"))))
          (instance $c (instantiate $C (with "r" (type $R)) (with "helper" (func $helper)) (with "make" (func $make))))
          (alias export $c "child-run" (func $child-run))
          (alias export $c "child-value" (func $child-value))
          (alias export $c "make-and-drop" (func $make-and-drop))
          (core func $child-run (canon lower (func $child-run)))
          (core func $make-and-drop (canon lower (func $make-and-drop)))
          (core func $callback (canon lower (func $callback)))
          (core module $pcore3
            (import "c" "child-run" (func $child-run (result i32)))
            (import "c" "make-and-drop" (func $make-and-drop (param i32)))
            (import "host" "callback" (func $callback))
            (func (export "run") (result i32) call $child-run)
            (func (export "run-drop") (param i32) local.get 0 call $make-and-drop)
            (func (export "call-out") call $callback))
          (core instance $p3 (instantiate $pcore3
            (with "c" (instance (export "child-run" (func $child-run)) (export "make-and-drop" (func $make-and-drop))))
            (with "host" (instance (export "callback" (func $callback))))))
          (func (export "run") (result u32) (canon lift (core func $p3 "run")))
          (func (export "run-drop") (param "rep" u32) (canon lift (core func $p3 "run-drop")))
          (func (export "call-out") (canon lift (core func $p3 "call-out")))
          (export "child-value" (func $child-value))
          (export "child-run" (func $child-run))
          (export "helper" (func $helper))
          (func (export "dtor-log") (result (list u32)) (canon lift (core func $p1 "log") (memory (core memory $p1 "memory")))))
        """

    final class Callback: @unchecked Sendable {
        weak var instance: ComponentInstance?
        var export = ""
    }

    /// `$P` instantiated; its host `callback` calls its export `export`.
    static func donutGuest(calling export: String = "") throws -> ABIGuest {
        let callback = Callback()
        callback.export = export
        let guest = try ABIGuest(text: donut, host: [
            "callback": { _, _ throws(Trap) in
                guard let function = callback.instance?.function(callback.export) else { throw Trap(.host("no export")) }
                _ = try function.call([])
                return nil
            },
        ])
        callback.instance = guest.instance
        return guest
    }

    static let cannotEnter = "cannot enter component instance: it is already in a call (reentrance)"

    /// CanonicalABI.md's `may_enter_from` would let a parent call its child
    /// and the child call back into the parent; the reference engine refuses
    /// both "for now" (trap-on-reenter.wast), and so do we. From the host,
    /// either export alone is fine.
    /// (A trap poisons the instance: a fresh guest each time.)
    @Test func parentAndChildMayNotCallEachOther() throws {
        #expect(try Self.donutGuest().trap("run") == Self.cannotEnter)  // parent to child
        #expect(try Self.donutGuest().trap("child-run") == Self.cannotEnter)  // child to parent
        #expect(try Self.donutGuest().call("helper") == .u32(42))
        #expect(try Self.donutGuest().call("child-value") == .u32(7))
    }

    /// From the host, a child's export enters the parent too: while the
    /// parent is in a call, neither it nor its children can be entered.
    @Test(arguments: ["child-value", "helper"])
    func parentInACallCannotBeEnteredThroughItsChild(export: String) throws {
        let guest = try Self.donutGuest(calling: export)
        #expect(try guest.trap("call-out") == Self.cannotEnter)
    }
}
