/// What a conditional branch tests: a register, or an integer comparison
/// whose op was taken back so that the branch compares by itself
/// (RATIONALE.md#fused-compare-and-branch).
enum BranchCondition {
    case register(Register, whenTrue: Bool)
    /// `comparison` is the removed op; `fusedBranch` of it is known to exist.
    case comparison(Op, whenTrue: Bool)

    /// The branch by `offset`, taken when the condition is `whenTrue`.
    func branch(offset: Int32) -> Op {
        switch self {
        case .register(let register, let whenTrue):
            return whenTrue ? .brIfNez(condition: register, offset: offset) : .brIfEqz(condition: register, offset: offset)
        case .comparison(let comparison, let whenTrue):
            return comparison.fusedBranch(whenTrue: whenTrue, offset: offset)!  // checked by popCondition
        }
    }
}

extension FunctionTranslator {
    /// Pops the condition of a branch taken when it is `whenTrue`. When the
    /// condition is the result of the integer comparison just emitted, that op
    /// is removed: its result register is read by nothing else.
    mutating func popCondition(whenTrue: Bool) -> BranchCondition {
        let top = stack.height - 1
        if case .temporary = stack[top], let last = lastResult, last.position == top, last.op == ops.count - 1,
           ops[last.op].fusedBranch(whenTrue: whenTrue, offset: 0) != nil {
            let comparison = ops.removeLast()
            lastResult = nil
            _ = stack.pop()
            return .comparison(comparison, whenTrue: whenTrue)
        }
        return .register(popRegister(), whenTrue: whenTrue)
    }
}
