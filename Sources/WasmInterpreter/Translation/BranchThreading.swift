// Jumps whose destination is known at translation time although a branch
// table picks it at run time (RATIONALE.md#go-jumps-through-its-resume-table).

extension FunctionTranslator {
    /// A `const32Br` that writes the register a `br_table` at its target
    /// selects by: the table will pick the entry for that constant, so the
    /// branch goes to that entry's target directly (it still writes the
    /// register). Go jumps between the blocks of a function this way, through
    /// the table at the function's start. Run once all branches are patched.
    mutating func threadConstantBranchesThroughTables() {
        for index in ops.indices where ops[index].opcode == .const32Br {
            let branch = ops[index]
            let target = index + Int(Int32(bitPattern: branch.y))
            let table = ops[target]
            guard table.opcode == .brTable, table.r0 == branch.r0 else { continue }
            // As the interpreter selects: an index past the entries takes the last (default) one.
            let entry = target + 1 + Int(min(branch.x, table.x))
            let destination = entry + Int(Int32(bitPattern: ops[entry].y))
            ops[index].y = UInt32(bitPattern: Int32(destination - index))
        }
    }
}
