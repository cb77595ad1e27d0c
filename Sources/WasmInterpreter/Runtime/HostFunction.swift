public import WasmDecoder

/// A function implemented in Swift that a module can import (spec §4.2.6,
/// "host function"). Host functions are defined once and may be linked into
/// many stores; per-store state reaches them through `Caller.store.context`.
public struct HostFunction: Sendable {
    public typealias Body = @Sendable (Caller, [Value]) throws(Trap) -> [Value]
    /// The raw form: arguments in the first slots of `slots`, results written
    /// back from slot 0. `slots` holds max(parameters, results) slots.
    package typealias RawBody = @Sendable (Caller, UnsafeMutableBufferPointer<UInt64>) throws(Trap) -> Void

    public let type: FunctionType
    let body: RawBody

    /// A host function taking and returning `Value`s; the result count and
    /// types must match `type`, or the call traps.
    public init(type: FunctionType, _ body: @escaping Body) {
        self.type = type
        self.body = { (caller, slots) throws(Trap) in
            let arguments = caller.store.pinned(Slot.read(type.parameters, from: slots))
            let results = try body(caller, arguments)
            guard results.count == type.results.count,
                  zip(results, type.results).allSatisfy({ $0.type == $1 }) else {
                throw Trap(.host("host function returned \(results) for results \(type.results)"))
            }
            Slot.write(results, to: slots)
        }
    }

    /// A host function on raw slots, for hot host interfaces in this package.
    package init(type: FunctionType, raw body: @escaping RawBody) {
        self.type = type
        self.body = body
    }
}

/// What a host function can reach while it runs: the calling instance's
/// memory and the store.
public struct Caller {
    public unowned let store: Store
    /// The calling instance; nil when the embedder calls the host function directly.
    let instance: InstanceState?

    /// The caller's memory 0, if it has one.
    public var memory: LinearMemory? { instance?.memory }

    /// An export of the calling instance, e.g. `cabi_realloc`.
    public func export(named name: String) -> Extern? {
        instance.flatMap { Instance(state: $0).export(named: name) }
    }
}
