public import WasmDecoder

/// An exception tag in a store (Wasm 3.0): what a `catch` clause names.
/// Each tag a module defines is a new one per instance; an imported tag is
/// the exporter's, so two instances can throw and catch the same exceptions.
public struct ExceptionTag {
    public let store: Store
    let address: Int

    /// The values its exceptions carry, as the defining module declares them.
    public var type: FunctionType { store.tags[address].type }
}

/// A tag's entry in its store: its type, and its canonical type id for import matching.
struct TagEntry {
    let type: FunctionType
    let typeID: Int
}

/// A thrown exception: its tag's address and its values in slots. An
/// `exnref` slot holds its index in `Store.exceptions` + 1.
struct ExceptionInstance {
    let tag: Int
    let payload: [UInt64]
    /// Whether a `catch_ref` or `catch_all_ref` handed out a reference to it,
    /// which may live on in a local, global or table: then it stays.
    var isReferenced = false
}

extension Store {
    /// Adds a tag; returns its address.
    func addTag(type: FunctionType, typeID: Int) -> Int {
        tags.append(TagEntry(type: type, typeID: typeID))
        return tags.count - 1
    }

    /// Records a new exception; returns its `exnref` slot value. A slot that
    /// an exception caught without a reference left free is used again, so a
    /// loop that throws and catches does not grow the store.
    func raise(tag: Int, payload: [UInt64]) -> UInt64 {
        let exception = ExceptionInstance(tag: tag, payload: payload)
        if let free = freeExceptionSlots.popLast() {
            exceptions[free] = exception
            return UInt64(free) + 1
        }
        exceptions.append(exception)
        return UInt64(exceptions.count)
    }

    /// The exception an `exnref` slot value names (validation and `throw_ref`'s null check guarantee one).
    func exception(_ reference: UInt64) -> ExceptionInstance {
        exceptions[Int(reference - 1)]
    }

    /// Marks an exception as reachable from Wasm values.
    func markReferenced(_ reference: UInt64) {
        exceptions[Int(reference - 1)].isReferenced = true
    }

    /// Frees an exception a handler consumed, unless a reference to it was handed out.
    func release(_ reference: UInt64) {
        guard !exceptions[Int(reference - 1)].isReferenced else { return }
        freeExceptionSlots.append(Int(reference - 1))
    }

    /// The tag and values of an exception that no Wasm code caught
    /// (`Trap.Reason.exception`), for embedders.
    public func exceptionDetails(_ reference: UInt64) -> (tag: ExceptionTag, values: [Value])? {
        guard reference >= 1, Int(reference) <= exceptions.count else { return nil }
        let exception = exceptions[Int(reference - 1)]
        let values = exception.payload.withUnsafeBufferPointer { slots in
            pinned(Slot.read(tags[exception.tag].type.parameters, from: UnsafeMutableBufferPointer(mutating: slots)))
        }
        return (ExceptionTag(store: self, address: exception.tag), values)
    }
}

extension Execution {
    /// `throw` and `throw_ref` at `pc`: both end in a trap carrying the
    /// exception, which the interpreter's unwinder hands to the innermost
    /// matching handler, starting from `pc` (`exceptionSite`).
    func raise(at pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>, instance: InstanceState) throws(Trap) -> Never {
        let op = pc.pointee
        let reference: UInt64
        if op.opcode == .throw {
            let payload = Array(UnsafeBufferPointer(start: fp + Int(op.r0), count: Int(op.r1)))
            reference = instance.store.raise(tag: instance.tagAddresses[Int(op.x)], payload: payload)
        } else {
            reference = fp[Int(op.r0)]
            if reference == 0 { throw Trap(.nullExceptionReference) }
        }
        exceptionSite = (pc, fp)
        throw Trap(.exception(reference))
    }
}
