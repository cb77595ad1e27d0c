/// The bytes one instance's memories and tables may occupy together
/// (`EngineConfiguration.maximumInstanceMemory`). Growing past it fails the
/// way a memory at its maximum does: `memory.grow` and `table.grow` give -1.
/// A table element counts as its 8-byte slot.
final class InstanceBudget {
    static let tableElementBytes = MemoryLayout<UInt64>.size

    let limit: Int
    private(set) var used = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `bytes` from the budget; false (and nothing taken) when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        guard bytes >= 0, bytes <= limit - used else { return false }
        used += bytes
        return true
    }
}
