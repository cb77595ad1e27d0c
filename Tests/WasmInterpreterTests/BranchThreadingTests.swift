import Testing
import WATSupport
@testable import WasmInterpreter

/// A branch that sets the index of the `br_table` it jumps to goes straight
/// to the entry the table would pick (`threadConstantBranchesThroughTables`):
/// Go's jumps between the blocks of a function.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct BranchThreadingTests {
    /// A state machine in Go's shape: a loop around a `br_table` on the state
    /// local; each block sets the next state and jumps back to the table.
    /// State 2, and any state past the table, takes the default entry.
    static let stateMachine = """
        (module
          (func (export "run") (param i32) (result i32) (local i32)
            (loop $dispatch
              (block $default (block $one (block $zero
                (br_table $zero $one $default (local.get 1)))
                ;; state 0: count, then state 2
                (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                (local.set 1 (i32.const 2)) (br $dispatch))
              ;; state 1: done
              (return (local.get 0)))
            ;; state 2 and past the table
            (if (i32.lt_u (local.get 0) (i32.const 10)) (then (local.set 1 (i32.const 0)) (br $dispatch)))
            (if (i32.lt_u (local.get 0) (i32.const 1000))
              (then (local.set 0 (i32.add (local.get 0) (i32.const 1000))) (local.set 1 (i32.const 77)) (br $dispatch)))
            (local.set 1 (i32.const 1)) (br $dispatch))
            (unreachable)))
        """

    @Test func aConstantStateJumpsPastTheTable() throws {
        let module = try Engine().compile(try WAT.assemble(Self.stateMachine))
        let lines = Array(module.disassemble(function: 0).dropFirst())
        let table = try #require(lines.firstIndex { $0.contains("brTable") })
        let jumps = lines.filter { $0.contains("const32Br") }
        #expect(jumps.count == 4)
        for jump in jumps {
            let target = try #require(jump.split(separator: " ").last.flatMap { Int($0) })
            #expect(target != table, "\(jump) still goes through the table")
        }
    }

    @Test func theStateMachineComputesWhatItsWasmComputes() throws {
        let engine = Engine()
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble(Self.stateMachine)), in: Store(engine: engine))
        let run = try instance.typedFunction("run", Int32.self, returning: Int32.self)
        // Counts to 10 through states 0 and 2, adds 1000, goes through the
        // default entry as state 77, then ends in state 1.
        #expect(try run(0) == 1010)
        #expect(try run(9) == 1010)
        #expect(try run(10) == 1011)
        #expect(try run(2000) == 2001)
    }
}
