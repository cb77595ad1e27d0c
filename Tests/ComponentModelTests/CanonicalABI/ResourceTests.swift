@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// Resources (CanonicalABI.md, "Handle tables", `lift_own`, `lift_borrow`,
/// `lower_own`, `lower_borrow`, `canon resource.new/rep/drop`): handles,
/// ownership moving in and out, borrows lent for one call, destructors, a
/// handle table per instance, and the traps of each rule.
///
/// `$G` implements `r` (with a destructor that logs reps) and `s` (without);
/// `$C` owns handles of `r` and calls `$G` and `$B`; `$B` receives borrows of
/// a resource it does not implement. `$G` is instantiated twice (`g`, `g2`).
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct ResourceTests {
    static let composition = """
        (component
          (component $G
            (core module $dtors
              (memory (export "memory") 1)
              (global $n (mut i32) (i32.const 0))
              (func (export "dtor-r") (param i32)
                global.get $n i32.const 4 i32.mul i32.const 1024 i32.add local.get 0 i32.store
                global.get $n i32.const 1 i32.add global.set $n)
              (func (export "log") (result i32)
                i32.const 16 i32.const 1024 i32.store
                i32.const 20 global.get $n i32.store
                i32.const 16))
            (core instance $d (instantiate $dtors))
            (alias core export $d "dtor-r" (core func $dtor-r))
            (type $R (resource (rep i32) (dtor (core func $dtor-r))))
            (type $S (resource (rep i32)))
            (core func $new-r (canon resource.new $R))
            (core func $rep-r (canon resource.rep $R))
            (core func $drop-r (canon resource.drop $R))
            (core func $new-s (canon resource.new $S))
            (core func $rep-s (canon resource.rep $S))
            (core func $drop-s (canon resource.drop $S))
            (core module $main
              (import "r" "new" (func $new-r (param i32) (result i32)))
              (import "r" "rep" (func $rep-r (param i32) (result i32)))
              (import "r" "drop" (func $drop-r (param i32)))
              (import "s" "new" (func $new-s (param i32) (result i32)))
              (import "s" "rep" (func $rep-s (param i32) (result i32)))
              (import "s" "drop" (func $drop-s (param i32)))
              (func (export "new-r") (param i32) (result i32) local.get 0 call $new-r)
              (func (export "rep-r") (param i32) (result i32) local.get 0 call $rep-r)
              (func (export "drop-r") (param i32) local.get 0 call $drop-r)
              (func (export "new-s") (param i32) (result i32) local.get 0 call $new-s)
              (func (export "rep-s") (param i32) (result i32) local.get 0 call $rep-s)
              (func (export "drop-s") (param i32) local.get 0 call $drop-s)
              (func (export "identity") (param i32) (result i32) local.get 0)
              (func (export "consume") (param i32) (result i32) (local $rep i32)
                local.get 0 call $rep-r local.set $rep
                local.get 0 call $drop-r
                local.get $rep)
              (func (export "pair") (param i32 i32) local.get 1 call $drop-r))
            (core instance $m (instantiate $main
              (with "r" (instance (export "new" (func $new-r)) (export "rep" (func $rep-r)) (export "drop" (func $drop-r))))
              (with "s" (instance (export "new" (func $new-s)) (export "rep" (func $rep-s)) (export "drop" (func $drop-s))))))
            (export $r "r" (type $R))
            (export $s "s" (type $S))
            (func (export "make-r") (param "rep" u32) (result (own $r)) (canon lift (core func $m "new-r")))
            (func (export "new-r") (param "rep" u32) (result u32) (canon lift (core func $m "new-r")))
            (func (export "new-s") (param "rep" u32) (result u32) (canon lift (core func $m "new-s")))
            (func (export "rep-r") (param "i" u32) (result u32) (canon lift (core func $m "rep-r")))
            (func (export "rep-s") (param "i" u32) (result u32) (canon lift (core func $m "rep-s")))
            (func (export "drop-r") (param "i" u32) (canon lift (core func $m "drop-r")))
            (func (export "drop-s") (param "i" u32) (canon lift (core func $m "drop-s")))
            (func (export "give-r") (param "i" u32) (result (own $r)) (canon lift (core func $m "identity")))
            (func (export "rep-of") (param "h" (borrow $r)) (result u32) (canon lift (core func $m "identity")))
            (func (export "consume") (param "h" (own $r)) (result u32) (canon lift (core func $m "consume")))
            (func (export "keep") (param "h" (own $r)) (result u32) (canon lift (core func $m "identity")))
            (func (export "pair") (param "a" (borrow $r)) (param "b" (own $r)) (canon lift (core func $m "pair")))
            (func (export "dtor-log") (result (list u32))
              (canon lift (core func $d "log") (memory (core memory $d "memory")))))

          (component $B
            (import "r" (type $r (sub resource)))
            (import "rep-of" (func $rep-of (param "h" (borrow $r)) (result u32)))
            (core func $drop (canon resource.drop $r))
            (core func $rep-of (canon lower (func $rep-of)))
            (core module $main
              (import "r" "drop" (func $drop (param i32)))
              (import "r" "rep-of" (func $rep-of (param i32) (result i32)))
              (func (export "inspect") (param i32) (result i32) (local $rep i32)
                local.get 0 call $rep-of local.set $rep
                local.get 0 call $drop
                local.get $rep)
              (func (export "leaky") (param i32) (result i32) local.get 0 call $rep-of)
              (func (export "handle") (param i32) (result i32) local.get 0 local.get 0 call $drop)
              (func (export "identity") (param i32) (result i32) local.get 0)
              (func (export "drop-twice") (param i32) local.get 0 call $drop local.get 0 call $drop))
            (core instance $m (instantiate $main
              (with "r" (instance (export "drop" (func $drop)) (export "rep-of" (func $rep-of))))))
            (func (export "inspect") (param "h" (borrow $r)) (result u32) (canon lift (core func $m "inspect")))
            (func (export "leaky") (param "h" (borrow $r)) (result u32) (canon lift (core func $m "leaky")))
            (func (export "handle") (param "h" (borrow $r)) (result u32) (canon lift (core func $m "handle")))
            (func (export "steal") (param "h" (borrow $r)) (result (own $r)) (canon lift (core func $m "identity")))
            (func (export "drop-twice") (param "h" (borrow $r)) (canon lift (core func $m "drop-twice"))))

          (component $C
            (import "r" (type $r (sub resource)))
            (import "make-r" (func $make-r (param "rep" u32) (result (own $r))))
            (import "rep-of" (func $rep-of (param "h" (borrow $r)) (result u32)))
            (import "consume" (func $consume (param "h" (own $r)) (result u32)))
            (import "pair" (func $pair (param "a" (borrow $r)) (param "b" (own $r))))
            (import "inspect" (func $inspect (param "h" (borrow $r)) (result u32)))
            (import "leaky" (func $leaky (param "h" (borrow $r)) (result u32)))
            (core func $drop (canon resource.drop $r))
            (core func $make-r (canon lower (func $make-r)))
            (core func $rep-of (canon lower (func $rep-of)))
            (core func $consume (canon lower (func $consume)))
            (core func $pair (canon lower (func $pair)))
            (core func $inspect (canon lower (func $inspect)))
            (core func $leaky (canon lower (func $leaky)))
            (core module $main
              (import "g" "drop" (func $drop (param i32)))
              (import "g" "make-r" (func $make-r (param i32) (result i32)))
              (import "g" "rep-of" (func $rep-of (param i32) (result i32)))
              (import "g" "consume" (func $consume (param i32) (result i32)))
              (import "g" "pair" (func $pair (param i32 i32)))
              (import "g" "inspect" (func $inspect (param i32) (result i32)))
              (import "g" "leaky" (func $leaky (param i32) (result i32)))
              (func (export "make") (param i32) (result i32) local.get 0 call $make-r)
              (func (export "rep-of") (param i32) (result i32) local.get 0 call $rep-of)
              (func (export "consume") (param i32) (result i32) local.get 0 call $consume)
              (func (export "drop") (param i32) local.get 0 call $drop)
              (func (export "pair") (param i32) local.get 0 local.get 0 call $pair)
              (func (export "inspect") (param i32) (result i32) local.get 0 call $inspect)
              (func (export "leaky") (param i32) (result i32) local.get 0 call $leaky))
            (core instance $m (instantiate $main (with "g" (instance
              (export "drop" (func $drop)) (export "make-r" (func $make-r)) (export "rep-of" (func $rep-of))
              (export "consume" (func $consume)) (export "pair" (func $pair)) (export "inspect" (func $inspect))
              (export "leaky" (func $leaky))))))
            (func (export "make") (param "rep" u32) (result u32) (canon lift (core func $m "make")))
            (func (export "rep-of") (param "i" u32) (result u32) (canon lift (core func $m "rep-of")))
            (func (export "consume") (param "i" u32) (result u32) (canon lift (core func $m "consume")))
            (func (export "drop") (param "i" u32) (canon lift (core func $m "drop")))
            (func (export "pair") (param "i" u32) (canon lift (core func $m "pair")))
            (func (export "inspect") (param "i" u32) (result u32) (canon lift (core func $m "inspect")))
            (func (export "leaky") (param "i" u32) (result u32) (canon lift (core func $m "leaky"))))

          (instance $g (instantiate $G))
          (instance $g2 (instantiate $G))
          (alias export $g "r" (type $r))
          (alias export $g "make-r" (func $make-r))
          (alias export $g "rep-of" (func $rep-of))
          (alias export $g "consume" (func $consume))
          (alias export $g "pair" (func $pair))
          (instance $b (instantiate $B (with "r" (type $r)) (with "rep-of" (func $rep-of))))
          (alias export $b "inspect" (func $inspect))
          (alias export $b "leaky" (func $leaky))
          (instance $c (instantiate $C (with "r" (type $r)) (with "make-r" (func $make-r)) (with "rep-of" (func $rep-of))
            (with "consume" (func $consume)) (with "pair" (func $pair)) (with "inspect" (func $inspect)) (with "leaky" (func $leaky))))
          (export "g" (instance $g))
          (export "g2" (instance $g2))
          (export "b" (instance $b))
          (export "c" (instance $c)))
        """

    static func world() throws -> ABIGuest { try ABIGuest(text: composition) }

    /// The reps `$G`'s destructor saw, in order.
    static func destroyed(_ world: ABIGuest, in instance: String = "g") throws -> [UInt32] {
        guard case .list(let reps)? = try world.call(in: instance, "dtor-log") else { return [] }
        return reps.compactMap(\.u32Value)
    }

    // MARK: Handles of the implementing instance

    @Test func ownHandleMovesToTheHostAndBack() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "make-r", .u32(42)) == .own(42))
        #expect(try Self.destroyed(world) == [])  // the host owns it now
        #expect(try world.call(in: "g", "new-r", .u32(1)) == .u32(1))  // lifting it emptied slot 1
        #expect(try world.call(in: "g", "consume", .own(42)) == .u32(42))
        #expect(try Self.destroyed(world) == [42])
    }

    @Test func handleIndicesStartAtOneAndFreedSlotsAreReused() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "new-r", .u32(5)) == .u32(1))
        #expect(try world.call(in: "g", "new-r", .u32(6)) == .u32(2))
        #expect(try world.call(in: "g", "rep-r", .u32(2)) == .u32(6))
        try world.call(in: "g", "drop-r", .u32(1))
        #expect(try Self.destroyed(world) == [5])
        // `s` handles share the table; `s` has no destructor.
        #expect(try world.call(in: "g", "new-s", .u32(8)) == .u32(1))
        #expect(try world.call(in: "g", "rep-s", .u32(1)) == .u32(8))
        try world.call(in: "g", "drop-s", .u32(1))
        #expect(try Self.destroyed(world) == [5])
        #expect(try world.call(in: "g", "new-r", .u32(9)) == .u32(1))
    }

    @Test func liftingOwnRemovesTheHandle() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "new-r", .u32(5)) == .u32(1))
        #expect(try world.call(in: "g", "give-r", .u32(1)) == .own(5))
        #expect(try Self.destroyed(world) == [])
        #expect(try world.trap(in: "g", "rep-r", .u32(1)) == "unknown handle index 1")
    }

    @Test func loweredOwnGetsAHandleOfItsOwn() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "keep", .own(7)) == .u32(1))
        #expect(try world.call(in: "g", "rep-r", .u32(1)) == .u32(7))
        try world.call(in: "g", "drop-r", .u32(1))
        #expect(try Self.destroyed(world) == [7])
    }

    /// `lower_borrow`: the implementing instance gets the rep, no handle.
    @Test func borrowIntoTheImplementingInstanceIsTheRep() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "rep-of", .borrow(9)) == .u32(9))
        #expect(try world.call(in: "g", "new-r", .u32(1)) == .u32(1))
        #expect(try Self.destroyed(world) == [])
    }

    @Test(arguments: [("rep-r", UInt32(0)), ("rep-r", 99), ("drop-r", 0), ("drop-r", 1), ("give-r", 3), ("rep-s", 0x8000_0000)])
    func unknownHandleTraps(name: String, index: UInt32) throws {
        #expect(try Self.world().trap(in: "g", name, .u32(index)) == "unknown handle index \(index)")
    }

    @Test func droppingTwiceTraps() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "new-r", .u32(5)) == .u32(1))
        try world.call(in: "g", "drop-r", .u32(1))
        #expect(try Self.destroyed(world) == [5])
        // The trap leaves the instances poisoned, so nothing is checked after it.
        #expect(try world.trap(in: "g", "drop-r", .u32(1)) == "unknown handle index 1")
    }

    @Test(arguments: [("new-s", "rep-r"), ("new-s", "drop-r"), ("new-s", "give-r"), ("new-r", "rep-s"), ("new-r", "drop-s")])
    func handleOfAnotherResourceTypeTraps(create: String, use: String) throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", create, .u32(3)) == .u32(1))
        #expect(try world.trap(in: "g", use, .u32(1)) == "handle index 1 used with the wrong resource type")
    }

    @Test func eachInstanceHasItsOwnTable() throws {
        let world = try Self.world()
        #expect(try world.call(in: "g", "new-r", .u32(5)) == .u32(1))
        #expect(try world.call(in: "g2", "new-r", .u32(6)) == .u32(1))
        #expect(try world.call(in: "g", "rep-r", .u32(1)) == .u32(5))
        #expect(try world.call(in: "g2", "rep-r", .u32(1)) == .u32(6))
        try world.call(in: "g2", "drop-r", .u32(1))
        #expect(try Self.destroyed(world, in: "g2") == [6])
        #expect(try Self.destroyed(world, in: "g") == [])
        #expect(try world.call(in: "g", "rep-r", .u32(1)) == .u32(5))
        #expect(try world.trap(in: "g2", "rep-r", .u32(1)) == "unknown handle index 1")
    }

    // MARK: Between components

    @Test func clientDropRunsTheImplementersDestructor() throws {
        let world = try Self.world()
        #expect(try world.call(in: "c", "make", .u32(11)) == .u32(1))  // in C's table
        #expect(try world.call(in: "g", "new-r", .u32(1)) == .u32(1))  // G's table gave its handle away
        #expect(try world.call(in: "c", "rep-of", .u32(1)) == .u32(11))
        try world.call(in: "c", "drop", .u32(1))
        #expect(try Self.destroyed(world) == [11])
    }

    @Test func ownMovesBetweenComponents() throws {
        let world = try Self.world()
        #expect(try world.call(in: "c", "make", .u32(12)) == .u32(1))
        #expect(try world.call(in: "c", "consume", .u32(1)) == .u32(12))
        #expect(try Self.destroyed(world) == [12])
        #expect(try world.trap(in: "c", "drop", .u32(1)) == "unknown handle index 1")
    }

    /// `pair(borrow h, own h)`: the borrow lends h, so h cannot be moved.
    @Test func ownCannotBeLiftedWhileLent() throws {
        let world = try Self.world()
        #expect(try world.call(in: "c", "make", .u32(13)) == .u32(1))
        #expect(try world.trap(in: "c", "pair", .u32(1)) == "cannot remove owned resource 1 while it is borrowed")
    }

    @Test func borrowIsLentForTheCallOnly() throws {
        let world = try Self.world()
        #expect(try world.call(in: "c", "make", .u32(14)) == .u32(1))
        #expect(try world.call(in: "c", "inspect", .u32(1)) == .u32(14))
        #expect(try world.call(in: "c", "inspect", .u32(1)) == .u32(14))
        #expect(try world.call(in: "c", "rep-of", .u32(1)) == .u32(14))
        try world.call(in: "c", "drop", .u32(1))
        #expect(try Self.destroyed(world) == [14])
        #expect(try world.call(in: "c", "make", .u32(15)) == .u32(1))
        #expect(try world.call(in: "c", "consume", .u32(1)) == .u32(15))
    }

    @Test func borrowNotDroppedBeforeReturnTraps() throws {
        let world = try Self.world()
        #expect(try world.call(in: "c", "make", .u32(16)) == .u32(1))
        #expect(try world.trap(in: "c", "leaky", .u32(1)) == "borrow handles still remain at the end of the call")
    }

    /// A borrow from the host into an instance that does not implement the
    /// resource is a handle there, which must be dropped before returning.
    @Test func borrowFromTheHostIsAHandleThatMustBeDropped() throws {
        let world = try Self.world()
        #expect(try world.call(in: "b", "handle", .borrow(5)) == .u32(1))
        #expect(try world.call(in: "b", "handle", .borrow(6)) == .u32(1))
        #expect(try world.call(in: "b", "inspect", .borrow(7)) == .u32(7))
        #expect(try Self.world().trap(in: "b", "leaky", .borrow(5)) == "borrow handles still remain at the end of the call")
    }

    @Test func borrowCannotBeReturnedAsOwn() throws {
        #expect(try Self.world().trap(in: "b", "steal", .borrow(5)) == "handle index 1 is a borrow where an own handle is required")
    }

    @Test func borrowDroppedTwiceTraps() throws {
        #expect(try Self.world().trap(in: "b", "drop-twice", .borrow(5)) == "unknown handle index 1")
    }
}
