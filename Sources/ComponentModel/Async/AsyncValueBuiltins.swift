import WasmInterpreter

/// `stream.*` and `future.*` (CanonicalABI.md, `stream_copy`, `future_copy`,
/// `cancel_copy` and `drop`): the handle is checked for kind, element type
/// and state before anything moves.
extension ComponentInstanceState {
    /// Copies report this when they have not finished yet.
    static let blocked: UInt32 = 0xffff_ffff

    func asyncValueBuiltin(_ kind: AsyncValueKind, _ operation: AsyncValueOperation<CanonOptions>, type: ComponentValueType,
                           options: (CanonOptions) -> RuntimeOptions) throws(InstantiationError) -> BuiltinBody {
        let element: ComponentValueType?
        switch type {
        case .stream(let payload), .future(let payload): element = payload.map(runtime)
        default: preconditionFailure("validated: a stream or future type")
        }
        switch operation {
        case .new:
            return { [unowned self] (slots) throws(Trap) in
                let shared: SharedAsyncValue = kind == .stream
                    ? .stream(SharedStream(elementType: element)) : .future(SharedFuture(elementType: element))
                let readable = try handles.add(.waitable(CopyEnd(shared, isReadable: true)))
                let writable = try handles.add(.waitable(CopyEnd(shared, isReadable: false)))
                slots[0] = UInt64(readable) | UInt64(writable) << 32
            }
        case .read(let canonOptions), .write(let canonOptions):
            let isRead: Bool
            if case .read = operation { isRead = true } else { isRead = false }
            let runtimeOptions = options(canonOptions)
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                if !canonOptions.isAsync { try currentTask().checkMayBlock() }
                let end = try copyEnd(index, kind, readable: isRead, element: element)
                guard end.state == .idle else { throw Self.notIdle(end, reading: isRead) }
                if end.isInWaitableSet, !canonOptions.isAsync {
                    throw CanonicalTrap.trap("waitable cannot be used synchronously while added to a waitable set")
                }
                let context = CanonicalContext(instance: self, options: runtimeOptions, scope: nil)
                let length = kind == .stream ? UInt32(truncatingIfNeeded: slots[2]) : 1
                let buffer = try GuestBuffer(elementType: element, context: context,
                                             pointer: UInt32(truncatingIfNeeded: slots[1]), length: length)
                end.state = .copying
                try Self.startCopy(end, index: index, buffer: buffer, instance: self)
                try finish(end, async: canonOptions.isAsync, slots)
            }
        case .cancelRead(let async), .cancelWrite(let async):
            let isRead: Bool
            if case .cancelRead = operation { isRead = true } else { isRead = false }
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                if !async { try currentTask().checkMayBlock() }
                let end = try copyEnd(index, kind, readable: isRead, element: element)
                guard end.state == .copying, !end.hasSyncWaiter else {
                    throw CanonicalTrap.trap("cannot cancel a \(end.noun) copy that is not in progress")
                }
                if end.isInWaitableSet, !async {
                    throw CanonicalTrap.trap("waitable cannot be used synchronously while added to a waitable set")
                }
                end.state = .cancellingCopy
                if !end.hasPendingEvent { end.shared.cancel() }
                try finish(end, async: async, slots)
            }
        case .dropReadable, .dropWritable:
            let isReadable: Bool
            if case .dropReadable = operation { isReadable = true } else { isReadable = false }
            return { [unowned self] (slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                let end = try copyEnd(index, kind, readable: isReadable, element: element)
                _ = try handles.remove(index)
                try end.drop()
            }
        }
    }

    /// The copy's outcome when it has one; else BLOCKED for an async copy,
    /// while a sync one waits for it.
    private func finish(_ end: CopyEnd, async: Bool, _ slots: UnsafeMutableBufferPointer<UInt64>) throws(Trap) {
        if !end.hasPendingEvent, async {
            slots[0] = UInt64(Self.blocked)
            return
        }
        end.hasSyncWaiter = true
        try wait(until: { end.hasPendingEvent }, slots) { (slots, _) throws(Trap) in
            end.hasSyncWaiter = false
            slots[0] = UInt64(end.takePendingEvent()?.payload ?? Self.blocked)
        }
    }

    /// The end at `index`, which must be of this kind, direction and element type.
    private func copyEnd(_ index: UInt32, _ kind: AsyncValueKind, readable: Bool,
                         element: ComponentValueType?) throws(Trap) -> CopyEnd {
        let noun = kind == .stream ? "stream" : "future"
        guard let end = try handles.waitable(index) as? CopyEnd, end.kind == kind, end.isReadable == readable else {
            throw CanonicalTrap.wrongKind(index, "the \(readable ? "readable" : "writable") end of a \(noun)")
        }
        guard end.shared.elementType == element else {
            throw CanonicalTrap.trap("\(noun) handle index \(index) has the wrong element type")
        }
        return end
    }

    /// Why a copy may not start on an end that is not idle.
    private static func notIdle(_ end: CopyEnd, reading: Bool) -> Trap {
        guard end.state == .done else { return CanonicalTrap.trap("cannot start a copy on a busy \(end.noun)") }
        switch (end.kind, reading) {
        case (.stream, true): return CanonicalTrap.trap("cannot read from stream after being notified that the writable end dropped")
        case (.stream, false): return CanonicalTrap.trap("cannot write to stream after being notified that the readable end dropped")
        case (.future, true): return CanonicalTrap.trap("cannot read from future after previous read succeeded")
        case (.future, false):
            return CanonicalTrap.trap("cannot write to future after previous write succeeded or readable end dropped")
        }
    }

    /// Hands `buffer` to the shared stream or future; the outcome becomes
    /// `end`'s pending event, which moves the end back to idle, or to done.
    private static func startCopy(_ end: CopyEnd, index: UInt32, buffer: CopyBuffer,
                                  instance: ComponentInstanceState) throws(Trap) {
        let code = end.eventCode
        switch end.shared {
        case .stream(let stream):
            // Weak: the shared stream may outlive the handle (the end dropped, the other side not yet).
            let event = { [weak end] (result: CopyResult, reclaim: () -> Void) -> Event in
                reclaim()
                end?.state = result == .dropped ? .done : .idle
                return Event(code: code, index: index, payload: result.rawValue | UInt32(buffer.progress) << 4)
            }
            // A partial copy the copier then cancels reports CANCELLED with its
            // progress, as the reference engine does (CanonicalABI.md would still say COMPLETED).
            let onCopy: OnCopy = { [weak end] reclaim in
                end?.setPendingEvent { [weak end] in event(end?.state == .cancellingCopy ? .cancelled : .completed, reclaim) }
            }
            let onCopyDone: OnCopyDone = { [weak end] result in end?.setPendingEvent { event(result, {}) } }
            if end.isReadable {
                try stream.read(instance, buffer, onCopy, onCopyDone)
            } else {
                try stream.write(instance, buffer, onCopy, onCopyDone)
            }
        case .future(let future):
            let onCopyDone: OnCopyDone = { [weak end] result in
                end?.setPendingEvent { [weak end] in
                    end?.state = result == .cancelled ? .idle : .done
                    return Event(code: code, index: index, payload: result.rawValue)
                }
            }
            if end.isReadable {
                try future.read(instance, buffer, onCopyDone)
            } else {
                try future.write(instance, buffer, onCopyDone)
            }
        }
    }
}
