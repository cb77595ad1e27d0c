import Synchronization

/// Names one kind of host state that every store can hold, for example a
/// WASI context or a resource table: `store[key]` gets and sets it.
///
/// A key is made once (a `static let`) and stands for a small index, so
/// finding the state in a host function costs an array access and no
/// dynamic cast; stores keep several independent kinds side by side.
public struct HostStateKey<State: AnyObject>: Sendable {
    let index: Int

    public init() {
        index = HostStateKeyCounter.next.add(1, ordering: .relaxed).oldValue
    }
}

enum HostStateKeyCounter {
    static let next = Atomic<Int>(0)
}

extension Store {
    /// The host state of `key`'s kind in this store, if set.
    public subscript<State>(_ key: HostStateKey<State>) -> State? {
        get {
            guard key.index < hostStates.count, let state = hostStates[key.index] else { return nil }
            // Only the setter below writes this index, always with a `State`.
            return unsafeDowncast(state, to: State.self)
        }
        set {
            if key.index >= hostStates.count {
                hostStates.append(contentsOf: repeatElement(nil, count: key.index + 1 - hostStates.count))
            }
            hostStates[key.index] = newValue
        }
    }
}
