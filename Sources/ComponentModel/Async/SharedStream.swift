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

/// The state a stream's two ends share (CanonicalABI.md, `SharedStreamImpl`):
/// a reader and a writer meet without an intermediate buffer; whoever comes
/// first leaves its buffer pending until the other side arrives.
final class SharedStream {
    let elementType: ComponentValueType?
    private(set) var dropped = false
    private var pendingInstance: ComponentInstanceState?
    private var pendingBuffer: CopyBuffer?
    private var pendingOnCopy: OnCopy?
    private var pendingOnCopyDone: OnCopyDone?

    init(elementType: ComponentValueType?) {
        self.elementType = elementType
    }

    private func setPending(_ instance: ComponentInstanceState?, _ buffer: CopyBuffer?, _ onCopy: OnCopy?, _ onCopyDone: OnCopyDone?) {
        pendingInstance = instance
        pendingBuffer = buffer
        pendingOnCopy = onCopy
        pendingOnCopyDone = onCopyDone
    }

    private func resetPending() { setPending(nil, nil, nil, nil) }

    private func resetAndNotifyPending(_ result: CopyResult) {
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

    /// The same instance may not both read and write a stream of anything
    /// but numbers, for now (CanonicalABI.md marks this temporary).
    private func checkSameInstance(_ instance: ComponentInstanceState?) throws(Trap) {
        if let instance, instance === pendingInstance, !(elementType?.isNumber ?? true) {
            throw CanonicalTrap.trap("cannot read from and write to intra-component stream with non-numeric types")
        }
    }

    func read(_ instance: ComponentInstanceState?, _ destination: CopyBuffer,
              _ onCopy: @escaping OnCopy, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if dropped {
            onCopyDone(.dropped)
        } else if let source = pendingBuffer {
            try checkSameInstance(instance)
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
            try checkSameInstance(instance)
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

/// The state a future's two ends share (CanonicalABI.md, `SharedFutureImpl`):
/// at most one value passes, unless the reader drops its end first.
final class SharedFuture {
    let elementType: ComponentValueType?
    private(set) var dropped = false
    private var pendingInstance: ComponentInstanceState?
    private var pendingBuffer: CopyBuffer?
    private var pendingOnCopyDone: OnCopyDone?

    init(elementType: ComponentValueType?) {
        self.elementType = elementType
    }

    private func resetAndNotifyPending(_ result: CopyResult) {
        let onCopyDone = pendingOnCopyDone
        pendingInstance = nil
        pendingBuffer = nil
        pendingOnCopyDone = nil
        onCopyDone?(result)
    }

    func cancel() { resetAndNotifyPending(.cancelled) }

    func drop() {
        guard !dropped else { return }
        dropped = true
        if pendingBuffer != nil { resetAndNotifyPending(.dropped) }
    }

    private func checkSameInstance(_ instance: ComponentInstanceState?) throws(Trap) {
        if let instance, instance === pendingInstance, !(elementType?.isNumber ?? true) {
            throw CanonicalTrap.trap("cannot read from and write to intra-component future with non-numeric types")
        }
    }

    func read(_ instance: ComponentInstanceState?, _ destination: CopyBuffer, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if let source = pendingBuffer {
            try checkSameInstance(instance)
            try CopyBuffer.copy(1, from: source, to: destination)
            resetAndNotifyPending(.completed)
            onCopyDone(.completed)
        } else {
            pendingInstance = instance
            pendingBuffer = destination
            pendingOnCopyDone = onCopyDone
        }
    }

    func write(_ instance: ComponentInstanceState?, _ source: CopyBuffer, _ onCopyDone: @escaping OnCopyDone) throws(Trap) {
        if dropped {
            onCopyDone(.dropped)
        } else if let destination = pendingBuffer {
            try checkSameInstance(instance)
            try CopyBuffer.copy(1, from: source, to: destination)
            resetAndNotifyPending(.completed)
            onCopyDone(.completed)
        } else {
            pendingInstance = instance
            pendingBuffer = source
            pendingOnCopyDone = onCopyDone
        }
    }
}
