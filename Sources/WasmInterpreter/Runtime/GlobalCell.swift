public import WasmDecoder

/// A global instance (spec §4.2.9): one slot, shared by every instance that
/// imports or exports it.
public final class GlobalCell {
    /// SAFETY: two slots (a vector's halves; other values use the first)
    /// for the cell's lifetime: its own, or in `block`.
    let storage: UnsafeMutablePointer<UInt64>
    public let type: GlobalType
    /// The storage of its instance's defined globals, which this cell's
    /// slots are part of; nil when the cell allocated its own.
    private let block: GlobalBlock?

    init(type: GlobalType, value: UInt64, high: UInt64 = 0) {
        self.type = type
        storage = .allocate(capacity: 2)
        block = nil
        storage.initialize(to: value)
        (storage + 1).initialize(to: high)
    }

    /// A cell whose slots are the `index`th pair of `block`.
    init(type: GlobalType, value: UInt64, high: UInt64, in block: GlobalBlock, at index: Int) {
        self.type = type
        storage = block.slots + 2 * index
        self.block = block
        storage.initialize(to: value)
        (storage + 1).initialize(to: high)
    }

    deinit {
        if block == nil { storage.deallocate() }
    }

    public var value: Value {
        get {
            type.valueType == .v128 ? .v128(V128(low: storage[0], high: storage[1])) : Slot.decode(storage.pointee, as: type.valueType)
        }
        set {
            if case .v128(let vector) = newValue {
                (storage[0], storage[1]) = (vector.low, vector.high)
            } else {
                storage.pointee = Slot.encode(newValue)
            }
        }
    }
}

/// The slots of one instance's defined globals in one allocation: the
/// Python component's modules define about 2,200 globals, which are made
/// afresh for every request.
final class GlobalBlock {
    /// SAFETY: two slots per global, for the block's lifetime.
    let slots: UnsafeMutablePointer<UInt64>

    init(globalCount: Int) {
        slots = .allocate(capacity: 2 * globalCount)
    }

    deinit {
        slots.deallocate()
    }
}
