import WasmInterpreter

/// The handles a component instance holds (CanonicalABI.md, "Handle
/// tables"): resources, and the async ABI's waitables, waitable sets and
/// error contexts, in one index space. Index 0 is never used; freed slots
/// are reused last-freed first, as the reference tests expect.
struct HandleTable {
    enum Entry {
        case resource(ResourceHandle)
        /// A subtask, or an end of a stream or future.
        case waitable(Waitable)
        case waitableSet(WaitableSet)
        case errorContext(ErrorContext)
    }

    struct ResourceHandle {
        let resource: ResourceType
        let rep: UInt32
        let isOwn: Bool
        /// Borrows currently lent out of this own handle.
        var lendCount = 0
        /// For a borrow handle: the call whose end it must not outlive.
        let scope: CallScope?
    }

    private var entries: [Entry?] = [nil]
    private var free: [UInt32] = []
    /// At most 2^28 handles (CanonicalABI.md: `MAX_LENGTH`).
    static let maximumCount = 1 << 28

    mutating func add(_ entry: Entry) throws(Trap) -> UInt32 {
        if let index = free.popLast() {
            entries[Int(index)] = entry
            return index
        }
        guard entries.count < Self.maximumCount else { throw CanonicalTrap.tooManyHandles }
        entries.append(entry)
        return UInt32(entries.count - 1)
    }

    mutating func add(_ handle: ResourceHandle) throws(Trap) -> UInt32 { try add(.resource(handle)) }

    func get(_ index: UInt32) throws(Trap) -> Entry {
        guard Int(index) < entries.count, let entry = entries[Int(index)] else { throw CanonicalTrap.unknownHandle(index) }
        return entry
    }

    mutating func remove(_ index: UInt32) throws(Trap) -> Entry {
        let entry = try get(index)
        entries[Int(index)] = nil
        free.append(index)
        return entry
    }

    // MARK: By kind (each traps on an entry of another kind)

    func resource(_ index: UInt32) throws(Trap) -> ResourceHandle {
        guard case .resource(let handle) = try get(index) else { throw CanonicalTrap.wrongKind(index, "a resource handle") }
        return handle
    }

    mutating func updateResource(_ index: UInt32, _ body: (inout ResourceHandle) -> Void) {
        guard Int(index) < entries.count, case .resource(var handle)? = entries[Int(index)] else { return }
        body(&handle)
        entries[Int(index)] = .resource(handle)
    }

    func waitable(_ index: UInt32) throws(Trap) -> Waitable {
        guard case .waitable(let waitable) = try get(index) else { throw CanonicalTrap.wrongKind(index, "a waitable") }
        return waitable
    }

    func waitableSet(_ index: UInt32) throws(Trap) -> WaitableSet {
        guard case .waitableSet(let set) = try get(index) else { throw CanonicalTrap.wrongKind(index, "a waitable set") }
        return set
    }

    /// Removes the entry at `index` if `check` accepts it; else traps and keeps it.
    mutating func remove<T>(_ index: UInt32, as what: String, _ check: (Entry) -> T?) throws(Trap) -> T {
        guard let found = check(try get(index)) else { throw CanonicalTrap.wrongKind(index, what) }
        _ = try remove(index)
        return found
    }
}

/// One call into a lifted function: the borrows it received must all be
/// dropped before it returns, and the owners it lent from are released
/// when it ends.
final class CallScope {
    var borrowCount = 0
}

/// The traps of the canonical ABI, with their reasons.
enum CanonicalTrap {
    static func trap(_ message: String) -> Trap { Trap(.host(message)) }

    static var tooManyHandles: Trap { trap("too many handles in one component instance") }
    static func unknownHandle(_ index: UInt32) -> Trap { trap("unknown handle index \(index)") }
    static func wrongKind(_ index: UInt32, _ expected: String) -> Trap { trap("handle index \(index) is not \(expected)") }
    static func wrongResource(_ index: UInt32) -> Trap { trap("handle index \(index) used with the wrong resource type") }
    static func notOwn(_ index: UInt32) -> Trap { trap("handle index \(index) is a borrow where an own handle is required") }
    static func lent(_ index: UInt32) -> Trap { trap("cannot remove owned resource \(index) while it is borrowed") }
    static var borrowsRemain: Trap { trap("borrow handles still remain at the end of the call") }
    static var cannotEnter: Trap { trap("cannot enter component instance: it is already in a call (reentrance)") }
    static var cannotLeave: Trap { trap("cannot leave component instance: calling out is not allowed here") }
    static func outOfBounds(_ what: String) -> Trap { trap("\(what) out of bounds of linear memory") }
    static func misaligned(_ what: String) -> Trap { trap("\(what) is not aligned") }
    static func invalidChar(_ value: UInt32) -> Trap { trap("invalid char code point 0x\(String(value, radix: 16))") }
    static func badDiscriminant(_ value: UInt32, _ count: Int) -> Trap { trap("invalid discriminant \(value) for a type of \(count) cases") }
    static var invalidUTF8: Trap { trap("string is not valid UTF-8") }
    static var invalidUTF16: Trap { trap("string is not valid UTF-16") }
    static var stringTooLong: Trap { trap("string too long") }
    static var listTooLong: Trap { trap("list too long") }
    static var liftBudgetExceeded: Trap {
        trap("lifted value too large: one lift may build at most \(HostValueBudget.maximumBytes) bytes of host values")
    }
    static var reallocOutOfBounds: Trap { trap("realloc returned a region out of bounds") }
    static var reallocMisaligned: Trap { trap("realloc returned a misaligned pointer") }
    static var noMemory: Trap { trap("canonical option `memory` is missing") }
    static var noRealloc: Trap { trap("canonical option `realloc` is missing") }
}
