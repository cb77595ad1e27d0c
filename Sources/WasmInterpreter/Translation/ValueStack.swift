import WasmDecoder

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
/// owns register `base + i`. A vector takes two positions, its low half first;
/// the stack remembers which positions hold high halves, for the instructions
/// whose operand type the code does not name (`drop`, `select`).
struct ValueStack {
    private(set) var entries: [Operand] = []
    private var highHalves: [Bool] = []
    let base: Int
    private(set) var maximumHeight = 0

    init(base: Int) {
        self.base = base
    }

    var height: Int { entries.count }

    func register(at position: Int) -> Register { Register(truncatingIfNeeded: base + position) }

    mutating func push(_ operand: Operand, highHalf: Bool = false) {
        entries.append(operand)
        highHalves.append(highHalf)
        maximumHeight = max(maximumHeight, entries.count)
    }

    /// Pushes temporaries for values of `types`, two for a vector.
    mutating func pushTemporaries(of types: [ValueType]) {
        for type in types {
            push(.temporary)
            if type == .v128 { push(.temporary, highHalf: true) }
        }
    }

    mutating func pop() -> Operand {
        highHalves.removeLast()
        return entries.removeLast()
    }

    func isHighHalf(_ position: Int) -> Bool { highHalves[position] }

    /// The top value is a vector (two positions).
    var vectorOnTop: Bool { highHalves.last == true }

    subscript(position: Int) -> Operand {
        get { entries[position] }
        set { entries[position] = newValue }
    }

    mutating func truncate(to height: Int) {
        if entries.count > height {
            entries.removeSubrange(height...)
            highHalves.removeSubrange(height...)
        }
    }

    /// Reserves registers above the current height (for copies and calls).
    mutating func reserve(_ count: Int) {
        maximumHeight = max(maximumHeight, entries.count + count)
    }
}
