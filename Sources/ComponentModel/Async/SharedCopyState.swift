import WasmInterpreter

/// How a stream or future copy ended (CanonicalABI.md, `CopyResult`).
enum CopyResult: UInt32 {
    case completed = 0
    /// The other end was dropped.
    case dropped = 1
    case cancelled = 2
}

/// Reports a partial copy; the argument lets the copier take its buffer back.
typealias OnCopy = (_ reclaimBuffer: @escaping () -> Void) -> Void
typealias OnCopyDone = (CopyResult) -> Void

/// What the two ends of a stream or future share (CanonicalABI.md,
/// `SharedStreamImpl` and `SharedFutureImpl`): a reader and a writer meet
/// without an intermediate buffer; whoever comes first leaves its buffer
/// pending until the other side arrives. Dropping either end or cancelling
/// the pending copy notifies it.
class SharedCopyState {
    let elementType: ComponentValueType?
    private(set) var dropped = false
    fileprivate var pendingInstance: ComponentInstanceState?
    fileprivate var pendingBuffer: CopyBuffer?
    fileprivate var pendingOnCopyDone: OnCopyDone?

    init(elementType: ComponentValueType?) {
        self.elementType = elementType
    }

    fileprivate func resetPending() {
        pendingInstance = nil
        pendingBuffer = nil
        pendingOnCopyDone = nil
    }

    fileprivate func resetAndNotifyPending(_ result: CopyResult) {
        let onCopyDone = pendingOnCopyDone
        resetPending()
        onCopyDone?(result)
    }

    func cancel() { resetAndNotifyPending(.cancelled) }

    func drop() {
        guard !dropped else { return }
        dropped = true
        if pendingBuffer != nil { resetAndNotifyPending(.dropped) }
    }

    /// The same instance may not both read and write anything but numbers,
    /// for now (CanonicalABI.md marks this temporary).
    fileprivate func checkSameInstance(_ instance: ComponentInstanceState?, _ noun: String) throws(Trap) {
        if let instance, instance === pendingInstance, !(elementType?.isNumber ?? true) {
            throw CanonicalTrap.trap("cannot read from and write to intra-component \(noun) with non-numeric types")
        }
    }
}

/// A stream: any number of values pass, in copies as large as both
/// buffers allow; a partial copy is reported (`OnCopy`) before the pending
/// side is done.
final class SharedStream: SharedCopyState {
    private var pendingOnCopy: OnCopy?

    fileprivate override func resetPending() {
        super.resetPending()
        pendingOnCopy = nil
    }

    private func setPending(_ instance: ComponentInstanceState?, _ buffer: CopyBuffer,
                            _ onCopy: @escaping OnCopy, _ onCopyDone: @escaping OnCopyDone) {
        pendingInstance = instance
        pendingBuffer = buffer
        pendingOnCopy = onCopy
        pendingOnCopyDone = onCopyDone
    }

    func read(_ instance: ComponentInstanceState?, _ destination: CopyBuffer,
              _ onCopy: @escaping OnCopy, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if dropped {
            onCopyDone(.dropped)
        } else if let source = pendingBuffer {
            try checkSameInstance(instance, "stream")
            if source.remaining > 0 {
                if destination.remaining > 0 {
                    try CopyBuffer.copy(min(destination.remaining, source.remaining), from: source, to: destination)
                    pendingOnCopy?(resetPending)
                }
                onCopyDone(.completed)
            } else {
                // A zero-length write learns a reader is here; the read stays pending.
                resetAndNotifyPending(.completed)
                setPending(instance, destination, onCopy, onCopyDone)
            }
        } else {
            setPending(instance, destination, onCopy, onCopyDone)
        }
    }

    func write(_ instance: ComponentInstanceState?, _ source: CopyBuffer,
               _ onCopy: @escaping OnCopy, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if dropped {
            onCopyDone(.dropped)
        } else if let destination = pendingBuffer {
            try checkSameInstance(instance, "stream")
            if destination.remaining > 0 {
                if source.remaining > 0 {
                    try CopyBuffer.copy(min(destination.remaining, source.remaining), from: source, to: destination)
                    pendingOnCopy?(resetPending)
                }
                onCopyDone(.completed)
            } else if source.isZeroLength, destination.isZeroLength {
                onCopyDone(.completed)
            } else {
                resetAndNotifyPending(.completed)
                setPending(instance, source, onCopy, onCopyDone)
            }
        } else {
            setPending(instance, source, onCopy, onCopyDone)
        }
    }
}

/// A future: one value passes, unless the reader drops its end first.
final class SharedFuture: SharedCopyState {
    private func setPending(_ instance: ComponentInstanceState?, _ buffer: CopyBuffer, _ onCopyDone: @escaping OnCopyDone) {
        pendingInstance = instance
        pendingBuffer = buffer
        pendingOnCopyDone = onCopyDone
    }

    func read(_ instance: ComponentInstanceState?, _ destination: CopyBuffer, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        guard let source = pendingBuffer else { return setPending(instance, destination, onCopyDone) }
        try checkSameInstance(instance, "future")
        try CopyBuffer.copy(1, from: source, to: destination)
        resetAndNotifyPending(.completed)
        onCopyDone(.completed)
    }

    func write(_ instance: ComponentInstanceState?, _ source: CopyBuffer, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if dropped { return onCopyDone(.dropped) }
        guard let destination = pendingBuffer else { return setPending(instance, source, onCopyDone) }
        try checkSameInstance(instance, "future")
        try CopyBuffer.copy(1, from: source, to: destination)
        resetAndNotifyPending(.completed)
        onCopyDone(.completed)
    }
}
