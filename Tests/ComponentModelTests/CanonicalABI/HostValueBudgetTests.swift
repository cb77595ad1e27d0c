@testable import ComponentModel
import Testing
import WasmInterpreter
import WATSupport

/// The budget on host values one lift builds (`HostValueBudget`,
/// RATIONALE.md#why-a-budget-on-lifted-values). A guest of two pages
/// describes a `list<list<u8>>` of `n` elements that all name the same
/// 64 KiB, a `list<string>` likewise, and a `list<list<list<u32>>>` whose
/// inner lists repeat: each is 64 KiB times `n` on the host. Every such
/// value passes the ABI's own checks (each list is under 2^28 bytes and
/// in bounds); only the budget stops it.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct HostValueBudgetTests {
    /// The shared 64 KiB at the second page; the outer list's pairs at 8192.
    static let region = 65536
    static let pairs = 8192

    /// Core body that writes `n` (local 0) pairs (`region`, `length`) at
    /// `pairs` and the pair (`pairs`, n) at the return area.
    static func amplify(length: Int) -> String {
        """
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
          (i32.store (i32.add (i32.const \(pairs)) (i32.shl (local.get 1) (i32.const 3))) (i32.const \(region)))
          (i32.store offset=4 (i32.add (i32.const \(pairs)) (i32.shl (local.get 1) (i32.const 3))) (i32.const \(length)))
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br $next)))
        (i32.store (i32.const 256) (i32.const \(pairs)))
        (i32.store (i32.const 260) (local.get 0))
        """
    }

    static let shapes: [(name: String, type: String, innerLength: Int)] = [
        ("bytes", "(list (list u8))", 65536),
        ("strings", "(list string)", 65536),
        // Each element a list<list<u32>> of 8,192 (pointer, length) pairs at
        // the region, each naming 2 u32s there: 8 KiB of guest memory, about
        // 8,192 * 2 * 40 = 640 KiB of host nodes.
        ("nested", "(list (list (list u32)))", 8192),
    ]

    static let component: ABIComponent = {
        var component = ABIComponent()
        component.memoryPages = 2
        for (name, type, innerLength) in shapes {
            component.export("make-\(name)", "(param \"n\" u32) (result \(type))",
                             core: "(param i32) (result i32) (local i32)",
                             body: amplify(length: innerLength) + " i32.const 256")
            component.hostFunction("take-\(name)", "(param \"x\" \(type))", core: "(param i32 i32)")
            component.export("send-\(name)", "(param \"n\" u32)", core: "(param i32) (local i32)",
                             body: amplify(length: innerLength) + " i32.const \(pairs) local.get 0 call $take-\(name)")
        }
        // The region, for "nested": pairs (65536, 2), so every list<u32> is [0x10000, 2].
        component.coreDefinitions = """
            (func $fill-nested (local i32)
              (block $done (loop $next
                (br_if $done (i32.ge_u (local.get 0) (i32.const 8192)))
                (i32.store (i32.add (i32.const \(region)) (i32.shl (local.get 0) (i32.const 3))) (i32.const \(region)))
                (i32.store offset=4 (i32.add (i32.const \(region)) (i32.shl (local.get 0) (i32.const 3))) (i32.const 2))
                (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                (br $next))))
            """
        component.export("prepare-nested", "", core: "", body: "call $fill-nested")
        return component
    }()

    static func guest() throws -> ABIGuest {
        var host: [String: ABIGuest.Body] = [:]
        for (name, _, _) in shapes { host["take-\(name)"] = ABIGuest.nothing }
        let guest = try ABIGuest(component, host: host)
        // A string of 64 KiB 'a's, which also reads as UTF-8.
        try guest.poke(UInt32(region), Array(repeating: 0x61, count: 65536))
        return guest
    }

    static let trapReason = "lifted value too large: one lift may build at most 134217728 bytes of host values"

    /// 4,096 times 64 KiB is 256 MiB: over the budget, lifted by the host
    /// out of an export's result and by a host import's arguments alike;
    /// the host function is never called.
    @Test(arguments: ["bytes", "strings"])
    func amplifiedListTraps(name: String) throws {
        #expect(try Self.guest().trap("make-\(name)", .u32(4096)) == Self.trapReason)
        let guest = try Self.guest()
        #expect(try guest.trap("send-\(name)", .u32(4096)) == Self.trapReason)
        #expect(guest.log.calls.isEmpty)
    }

    /// 1,024 times 64 KiB (64 MiB) is within the budget, and each call
    /// starts with a budget of its own.
    @Test(arguments: ["bytes", "strings"])
    func listWithinTheBudgetIsLiftedOnEveryCall(name: String) throws {
        let guest = try Self.guest()
        for _ in 0..<3 {
            guard case .list(let elements)? = try guest.call("make-\(name)", .u32(1024)) else {
                Issue.record("no list")
                return
            }
            #expect(elements.count == 1024)
        }
        try guest.call("send-\(name)", .u32(1024))
        #expect(guest.log.calls.count == 1)
    }

    /// Nodes count, not only bytes: 256 elements of 8,192 lists of two u32s
    /// are 6 M nodes (about 240 MiB), from 72 KiB of guest memory.
    /// A trap poisons the instances it passed through, so each case gets its own guest.
    @Test func amplifiedNestingTraps() throws {
        for name in ["make-nested", "send-nested"] {
            let guest = try Self.guest()
            try guest.call("prepare-nested")
            #expect(try guest.trap(name, .u32(256)) == Self.trapReason)
        }
        let guest = try Self.guest()
        try guest.call("prepare-nested")
        guard case .list(let elements)? = try guest.call("make-nested", .u32(16)) else {
            Issue.record("no list")
            return
        }
        #expect(elements.count == 16)
    }
}
