import WasmDecoder
import WasmInterpreter

/// `canon lower` of an async function type, or with the `async` option
/// (CanonicalABI.md, `canon_lower`): the callee may resolve later. With
/// `async` the caller gets a status at once (and a subtask to wait on);
/// without it the caller blocks until the callee resolves.
extension ComponentInstanceState {
    func lowerAsync(_ function: RuntimeFunction, type: ComponentFunctionType, signature: FlatSignature,
                    options: RuntimeOptions, typeID: Int) -> Int {
        let coreType = signature.coreType
        nonisolated(unsafe) let instance = self
        nonisolated(unsafe) let function = function
        nonisolated(unsafe) let options = options
        let host = HostFunction(type: coreType, raw: { (_, slots) throws(Trap) in
            guard instance.mayLeave else { throw CanonicalTrap.cannotLeave }
            let arguments = Array(slots.prefix(coreType.parameters.count))
            if options.isAsync {
                slots[0] = UInt64(try instance.callAsync(function, type: type, signature: signature, options: options, arguments))
            } else {
                try instance.callBlocking(function, type: type, signature: signature, options: options, arguments, slots)
            }
        })
        return store.addHostFunction(host, typeID: typeID)
    }

    /// The arguments of a lowered call, lifted out of this instance.
    private func liftArguments(_ type: ComponentFunctionType, parametersInMemory: Bool, _ flat: [UInt64],
                               _ context: inout CanonicalContext) throws(Trap) -> [ComponentValue] {
        if parametersInMemory {
            let tuple = ComponentValueType.tuple(type.parameters.map(\.type))
            let pointer = UInt32(truncatingIfNeeded: flat[0])
            guard Int(pointer) % CanonicalLayout.alignment(tuple) == 0 else { throw CanonicalTrap.misaligned("parameter pointer") }
            guard case .tuple(let values) = try context.load(tuple, at: Int(pointer)) else { return [] }
            return values
        }
        var arguments: [ComponentValue] = []
        var flat = flat
        try flat.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            var reader = FlatReader(slots: buffer)
            for parameter in type.parameters { arguments.append(try context.liftFlat(parameter.type, &reader)) }
        }
        return arguments
    }

    /// With `async`: RETURNED (2) when the callee resolved at once, else the
    /// subtask's state with its new handle index above it.
    private func callAsync(_ function: RuntimeFunction, type: ComponentFunctionType, signature: FlatSignature,
                           options: RuntimeOptions, _ flat: [UInt64]) throws(Trap) -> UInt32 {
        let subtask = Subtask()
        var context = CanonicalContext(instance: self, options: options, scope: nil)
        let resultPointer = type.result == nil ? nil : UInt32(truncatingIfNeeded: flat[flat.count - 1])
        var onProgress: () -> Void = {}
        var caller = CallerSide(onStart: { [unowned self] () throws(Trap) in
            onProgress()
            subtask.state = .started
            return try liftArguments(type, parametersInMemory: signature.parametersInMemory, flat, &context)
        }, onResolve: { (result) throws(Trap) in
            onProgress()
            if let resultType = type.result, let resultPointer {
                guard let result else { throw CanonicalTrap.trap("function returned no value for a result of type \(resultType)") }
                guard Int(resultPointer) % CanonicalLayout.alignment(resultType) == 0 else {
                    throw CanonicalTrap.misaligned("result pointer")
                }
                try context.store(result, resultType, at: Int(resultPointer))
            }
            subtask.releaseLenders = { context.releaseLenders() }
            subtask.state = .returned
        })
        caller.onCancelled = {
            onProgress()
            subtask.releaseLenders = { context.releaseLenders() }
            subtask.state = subtask.state == .starting ? .cancelledBeforeStarted : .cancelledBeforeReturned
        }
        subtask.callee = try function.start(from: self, caller, store: store)
        if subtask.isResolved {
            subtask.deliverResolve()
            return Subtask.State.returned.rawValue
        }
        let index = try handles.add(.waitable(subtask))
        onProgress = { [weak subtask] in
            subtask?.setPendingEvent { [weak subtask] in
                guard let subtask else { return .none }
                if subtask.isResolved { subtask.deliverResolve() }
                return Event(code: .subtask, index: index, payload: subtask.state.rawValue)
            }
        }
        return subtask.state.rawValue | index << 4
    }

    /// Without `async`, of an async function: the caller waits for the result.
    private func callBlocking(_ function: RuntimeFunction, type: ComponentFunctionType, signature: FlatSignature,
                              options: RuntimeOptions, _ flat: [UInt64], _ slots: UnsafeMutableBufferPointer<UInt64>) throws(Trap) {
        var context = CanonicalContext(instance: self, options: options, scope: nil)
        var resolved = false
        var result: ComponentValue?
        let caller = CallerSide(onStart: { [unowned self] () throws(Trap) in
            try liftArguments(type, parametersInMemory: signature.parametersInMemory, flat, &context)
        }, onResolve: { (value) throws(Trap) in
            result = value
            resolved = true
        })
        // Like the reference engine, a synchronous task traps at a call that
        // could block, before the callee runs (CanonicalABI.md traps only
        // once it would block).
        try currentTask().checkMayBlock()
        try function.start(from: self, caller, store: store)
        try wait(until: { resolved }, slots) { (slots, _) throws(Trap) in
            context.releaseLenders()
            guard let resultType = type.result else { return }
            guard let result else { throw CanonicalTrap.trap("function returned no value for a result of type \(resultType)") }
            if signature.resultInMemory {
                let pointer = UInt32(truncatingIfNeeded: flat[flat.count - 1])
                guard Int(pointer) % CanonicalLayout.alignment(resultType) == 0 else { throw CanonicalTrap.misaligned("result pointer") }
                try context.store(result, resultType, at: Int(pointer))
            } else {
                var lowered: [UInt64] = []
                try context.lowerFlat(result, resultType, into: &lowered)
                for (index, value) in lowered.enumerated() { slots[index] = value }
            }
        }
    }
}
