import WasmInterpreter

/// One call into a lifted function, as the async ABI tracks it
/// (CanonicalABI.md, `Task`): the instance it runs in, whether its type
/// lets it block, and its context slots (`context.get` / `context.set`).
/// Made only for instances that use async built-ins; the rest run without.
final class Task {
    unowned let instance: ComponentInstanceState
    let type: ComponentFunctionType
    /// Lifted with the `async` option: results leave through `task.return`.
    let isAsyncLift: Bool
    var contextSlots: (UInt32, UInt32) = (0, 0)
    private(set) var isResolved = false
    /// Its implicit thread's index in the instance's thread table, while it runs.
    var threadIndex: UInt32 = 0

    init(instance: ComponentInstanceState, type: ComponentFunctionType, isAsyncLift: Bool) {
        self.instance = instance
        self.type = type
        self.isAsyncLift = isAsyncLift
    }

    /// A task of a synchronous function type may not block before it
    /// returns. Like the reference engine, we trap at any built-in that
    /// could block, whether or not it would (the reference tests ask this
    /// of every such built-in, a bogus handle included).
    func checkMayBlock() throws(Trap) {
        guard type.isAsync else { throw CanonicalTrap.trap("cannot block a synchronous task before returning") }
    }

    func contextSlot(_ slot: Int) -> UInt32 { slot == 0 ? contextSlots.0 : contextSlots.1 }

    func setContextSlot(_ slot: Int, _ value: UInt32) {
        if slot == 0 { contextSlots.0 = value } else { contextSlots.1 = value }
    }

    func resolve() { isResolved = true }
}

/// An instance's running threads (CanonicalABI.md, `inst.threads`): index 0
/// is never used, freed indices are reused last-freed first.
struct ThreadTable {
    private var occupied: [Bool] = [true]
    private var free: [UInt32] = []

    mutating func add() -> UInt32 {
        if let index = free.popLast() {
            occupied[Int(index)] = true
            return index
        }
        occupied.append(true)
        return UInt32(occupied.count - 1)
    }

    mutating func remove(_ index: UInt32) {
        occupied[Int(index)] = false
        free.append(index)
    }
}
