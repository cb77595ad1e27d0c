extension Op {
    /// The same op writing its result to `register` instead, for ops with a
    /// single result register; nil for the others. Lets `local.set` take the
    /// result of the op before it without a copy.
    func withDestination(_ register: Register) -> Op? {
        guard opcode.hasDestination else { return nil }
        var op = self
        op.r0 = register
        return op
    }
}
