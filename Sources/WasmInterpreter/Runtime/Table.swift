public import WasmDecoder

/// A table instance (spec §4.2.7): references stored as slots (0 = null).
public final class Table {
    // `call_indirect` reads `count` and `elements` on every call: unchecked,
    // so that reading them costs no dynamic exclusivity check (no access
    // to a table overlaps another; `grow` runs between ops).
    /// SAFETY: valid for `count` elements until the next `grow`.
    @exclusivity(unchecked) private(set) var elements: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    @exclusivity(unchecked) public private(set) var count: Int
    public let type: TableType
    public let maximum: Int

    /// Shared with the instance's memory; nil when the engine sets no per-instance limit.
    let budget: InstanceBudget?

    init(type: TableType, limitElements: Int, initial: UInt64 = 0, budget: InstanceBudget? = nil) throws(Trap) {
        self.type = type
        self.budget = budget
        maximum = min(type.limits.maximum.map { Int(clamping: $0) } ?? Int(UInt32.max), limitElements)
        let size = Int(clamping: type.limits.minimum)
        guard size <= maximum else {
            throw Trap(.host("table of \(size) elements exceeds the limit of \(maximum) elements"))
        }
        if let budget, !budget.reserve(size * InstanceBudget.tableElementBytes) {
            throw Trap(.host("table of \(size) elements exceeds the instance memory limit of \(budget.limit) bytes"))
        }
        count = size
        capacity = max(size, 1)
        elements = .allocate(capacity: capacity)
        elements.initialize(repeating: initial, count: capacity)
    }

    deinit {
        elements.deallocate()
    }

    /// Grows by `delta` elements set to `value`; returns the old size or nil.
    func grow(by delta: Int, value: UInt64) -> Int? {
        let old = count
        guard delta >= 0, delta <= maximum - old else { return nil }
        if let budget, !budget.reserve(delta * InstanceBudget.tableElementBytes) { return nil }
        if old + delta > capacity {
            let newCapacity = max(old + delta, min(capacity * 2, maximum))
            let newElements = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
            newElements.moveInitialize(from: elements, count: old)
            elements.deallocate()
            elements = newElements
            capacity = newCapacity
        }
        (elements + old).initialize(repeating: value, count: delta)
        count = old + delta
        return old
    }

    subscript(index: Int) -> UInt64 {
        get { elements[index] }
        set { elements[index] = newValue }
    }

    /// The reference at `index`, for embedders.
    public func element(at index: Int) throws(Trap) -> Value {
        guard index >= 0, index < count else { throw Trap(.outOfBoundsTableAccess) }
        return Slot.decode(elements[index], as: type.elementType.valueType)
    }
}
