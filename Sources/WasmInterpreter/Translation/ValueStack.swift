/// An entry of the translator's abstract value stack. Reading a local or a
/// constant emits nothing: the consumer names the local's register or
/// materialises the constant only when it needs a register.
enum Operand: Equatable {
    /// The value lives in the temporary register of its stack position.
    case temporary
    /// The current value of a local (or parameter) register.
    case local(Register)
    /// A constant, by its bits.
    case constant(UInt64)
}

/// The abstract value stack of a function being translated. Stack position `i`
/// owns register `base + i`.
struct ValueStack {
    private(set) var entries: [Operand] = []
    let base: Int
    private(set) var maximumHeight = 0

    init(base: Int) {
        self.base = base
    }

    var height: Int { entries.count }

    func register(at position: Int) -> Register { Register(truncatingIfNeeded: base + position) }

    mutating func push(_ operand: Operand) {
        entries.append(operand)
        maximumHeight = max(maximumHeight, entries.count)
    }

    mutating func pop() -> Operand { entries.removeLast() }

    subscript(position: Int) -> Operand {
        get { entries[position] }
        set { entries[position] = newValue }
    }

    mutating func truncate(to height: Int) {
        if entries.count > height { entries.removeSubrange(height...) }
    }

    /// Reserves registers above the current height (for copies and calls).
    mutating func reserve(_ count: Int) {
        maximumHeight = max(maximumHeight, entries.count + count)
    }
}
