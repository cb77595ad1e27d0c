import WasmInterpreter
import WasmDecoder

/// A component-level function: lifted out of a component instance's core
/// code, or defined by the host. Callers pass and get host-side values;
/// crossing between two components goes through these values (the fused
/// adapter is lift, then lower).
final class RuntimeFunction {
    enum Body {
        case lifted(instance: ComponentInstanceState, core: Int, options: RuntimeOptions)
        case host(HostComponentFunction)
    }

    /// The type in the defining instance's view (its static resource types).
    let type: ComponentFunctionType
    let body: Body

    /// The lifted core signature and where parameters and result travel.
    let signature: FlatSignature
    var coreType: FunctionType { signature.coreType }
    var parametersInMemory: Bool { signature.parametersInMemory }
    var resultInMemory: Bool { signature.resultInMemory }

    init(type: ComponentFunctionType, body: Body, signature: FlatSignature? = nil) {
        self.type = type
        self.body = body
        self.signature = signature ?? FlatSignature(type, context: .lift)
    }

    /// Calls the function for `caller`, the component instance whose
    /// lowered import this is (nil when the host calls).
    func call(_ arguments: [ComponentValue], store: Store, caller: ComponentInstanceState? = nil) throws(Trap) -> ComponentValue? {
        switch body {
        case .host(let host):
            return try host.body(HostCall(store: store), arguments)
        case .lifted(let instance, let core, let options):
            return try instance.enter(from: caller) { () throws(Trap) in
                guard instance.usesAsyncBuiltins else {
                    return try callLifted(instance: instance, core: core, options: options, arguments)
                }
                return try callOnThread(instance: instance, core: core, options: options, arguments)
            }
        }
    }

    /// `canon lift` (CanonicalABI.md): lower the arguments into the
    /// instance, run the core function, lift its result, run post-return.
    private func callLifted(instance: ComponentInstanceState, core: Int, options: RuntimeOptions,
                            _ arguments: [ComponentValue]) throws(Trap) -> ComponentValue? {
        let scope = CallScope()
        var context = CanonicalContext(instance: instance, options: options, scope: scope)
        var slots = try lowerArguments(arguments, &context)
        let store = instance.store
        try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            try store.invoke(address: core, slots: buffer)
        }
        let result = try liftResult(slots, &context)
        guard scope.borrowCount == 0 else { throw CanonicalTrap.borrowsRemain }
        try runPostReturn(slots, instance: instance, options: options)
        return result
    }

    /// `canon lift` of a synchronous function in an instance that uses async
    /// built-ins: the call runs as a task's thread, which may use the
    /// thread built-ins. If it blocks before returning, the instance's other
    /// ready threads run until it can go on; when none can, it traps
    /// (CanonicalABI.md, the end of `canon_lift`).
    private func callOnThread(instance: ComponentInstanceState, core: Int, options: RuntimeOptions,
                              _ arguments: [ComponentValue]) throws(Trap) -> ComponentValue? {
        let task = Task(instance: instance, type: type, options: options, caller: nil)
        let thread = GuestThread(task: task)
        task.register(thread)
        var context = CanonicalContext(instance: instance, options: options, scope: task.scope)
        let slots = try lowerArguments(arguments, &context)
        var result: ComponentValue?
        var returned = false
        try thread.runCore(core, slots, from: instance) { [self, unowned thread] (results) throws(Trap) in
            result = try liftResult(results, &context)
            try task.returnResult(result)
            // Still the task's thread: `context.get` in post-return reads what the call set.
            try AsyncStoreState.of(instance.store).run(thread) { () throws(Trap) in
                try runPostReturn(results, instance: instance, options: options)
            }
            returned = true
            try task.unregister(thread)
        }
        let state = AsyncStoreState.of(instance.store)
        while !returned {
            guard let next = state.takeReadyThread(in: instance) else {
                throw CanonicalTrap.trap("cannot block a synchronous task before returning")
            }
            try next.resumeParked(from: instance)
        }
        return result
    }

    /// The core arguments of a lifted call (`lower_flat_values`): flat, or
    /// through memory past 16; room for the core results too.
    func lowerArguments(_ arguments: [ComponentValue], _ context: inout CanonicalContext) throws(Trap) -> [UInt64] {
        guard arguments.count == type.parameters.count else {
            throw CanonicalTrap.trap("expected \(type.parameters.count) arguments, got \(arguments.count)")
        }
        var flat: [UInt64] = []
        if parametersInMemory {
            let tuple = ComponentValueType.tuple(type.parameters.map(\.type))
            let pointer = try context.allocate(alignment: CanonicalLayout.alignment(tuple), size: CanonicalLayout.size(tuple))
            try context.storeFields(arguments, type.parameters.map(\.type), at: pointer)
            flat = [UInt64(pointer)]
        } else {
            for (argument, parameter) in zip(arguments, type.parameters) {
                try context.lowerFlat(argument, parameter.type, into: &flat)
            }
        }
        var slots = flat + [UInt64](repeating: 0, count: max(0, coreType.results.count - flat.count))
        if slots.isEmpty { slots = [0] }
        return slots
    }

    /// The result of a synchronous lift, from the core results in `slots`.
    func liftResult(_ slots: [UInt64], _ context: inout CanonicalContext) throws(Trap) -> ComponentValue? {
        guard let resultType = type.result else { return nil }
        if resultInMemory {
            let pointer = UInt32(truncatingIfNeeded: slots[0])
            guard Int(pointer) % CanonicalLayout.alignment(resultType) == 0 else {
                throw CanonicalTrap.misaligned("result pointer")
            }
            return try context.load(resultType, at: Int(pointer))
        }
        var result: ComponentValue?
        var slots = slots
        try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            var reader = FlatReader(slots: buffer)
            result = try context.liftFlat(resultType, &reader)
        }
        return result
    }

    func runPostReturn(_ slots: [UInt64], instance: ComponentInstanceState, options: RuntimeOptions) throws(Trap) {
        guard let postReturn = options.postReturn else { return }
        var postSlots = Array(slots.prefix(coreType.results.count))
        if postSlots.isEmpty { postSlots = [0] }
        let store = instance.store
        try instance.callOut { () throws(Trap) in
            try postSlots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                try store.invoke(address: postReturn, slots: buffer)
            }
        }
    }
}

extension ComponentInstanceState {
    /// `canon lower` of `function` into this instance: a core function that
    /// lifts its arguments out of this instance, calls `function` and lowers
    /// the result back (`type` is this instance's view of the function).
    /// Returns that core function's address in the store, as the other
    /// built-in makers here do.
    func lower(_ function: RuntimeFunction, type: ComponentFunctionType, signature: FlatSignature,
               options: RuntimeOptions, typeID: Int) -> Int {
        let coreType = signature.coreType
        let parametersInMemory = signature.parametersInMemory
        let resultInMemory = signature.resultInMemory
        let parameterFigures = signature.parameterFigures
        let resultFigures = signature.resultFigures
        let parameterTupleAlignment = signature.parameterTupleAlignment
        // Parameters past 16 flat values come as one tuple in memory: its type built once, not per call.
        let parameterTuple = parametersInMemory ? ComponentValueType.tuple(type.parameters.map(\.type)) : nil
        nonisolated(unsafe) let instance = self
        nonisolated(unsafe) let function = function
        nonisolated(unsafe) let options = options
        let host = HostFunction(type: coreType, raw: { (_, slots) throws(Trap) in
            guard instance.mayLeave else { throw CanonicalTrap.cannotLeave }
            var context = CanonicalContext(instance: instance, options: options, scope: nil)
            var arguments: [ComponentValue] = []
            arguments.reserveCapacity(type.parameters.count)
            if let parameterTuple {
                let pointer = UInt32(truncatingIfNeeded: slots[0])
                guard Int(pointer) % parameterTupleAlignment == 0 else {
                    throw CanonicalTrap.misaligned("parameter pointer")
                }
                guard case .tuple(let values) = try context.load(parameterTuple, at: Int(pointer)) else { return }
                arguments = values
            } else {
                var reader = FlatReader(slots: slots)
                for (parameter, figures) in zip(type.parameters, parameterFigures) {
                    arguments.append(try context.liftFlat(parameter.type, &reader, figures: figures))
                }
            }
            let returnPointer = resultInMemory ? UInt32(truncatingIfNeeded: slots[coreType.parameters.count - 1]) : 0
            let result = try function.call(arguments, store: instance.store, caller: instance)
            context.releaseLenders()
            guard let resultType = type.result else { return }
            guard let result else { throw CanonicalTrap.trap("function returned no value for a result of type \(resultType)") }
            if resultInMemory {
                guard Int(returnPointer) % (resultFigures?.alignment ?? CanonicalLayout.alignment(resultType)) == 0 else {
                    throw CanonicalTrap.misaligned("result pointer")
                }
                try context.store(result, resultType, at: Int(returnPointer), figures: resultFigures)
            } else {
                var flat: [UInt64] = []
                try context.lowerFlat(result, resultType, into: &flat, figures: resultFigures)
                for (index, value) in flat.enumerated() { slots[index] = value }
            }
        })
        return store.addHostFunction(host, typeID: typeID)
    }

    /// `canon resource.new` / `.rep` / `.drop` for `resource` (static type).
    /// `new` and `drop` may not run while `realloc` or `post-return` does
    /// (`trap_if(not inst.may_leave)`): a drop can run a destructor.
    func resourceBuiltin(_ canon: ResolvedCanon, typeID: Int) -> Int {
        nonisolated(unsafe) let instance = self
        let i32 = ValueType.i32
        switch canon {
        case .resourceNew(let resource):
            return store.addHostFunction(HostFunction(type: .init(parameters: [i32], results: [i32]), raw: { (_, slots) throws(Trap) in
                guard instance.mayLeave else { throw CanonicalTrap.cannotLeave }
                let rep = UInt32(truncatingIfNeeded: slots[0])
                let handle = try instance.handles.add(HandleTable.ResourceHandle(resource: instance.runtime(resource), rep: rep, isOwn: true, scope: nil))
                slots[0] = UInt64(handle)
            }), typeID: typeID)
        case .resourceRep(let resource):
            return store.addHostFunction(HostFunction(type: .init(parameters: [i32], results: [i32]), raw: { (_, slots) throws(Trap) in
                let index = UInt32(truncatingIfNeeded: slots[0])
                let entry = try instance.handles.resource(index)
                guard entry.resource === instance.runtime(resource) else { throw CanonicalTrap.wrongResource(index) }
                slots[0] = UInt64(entry.rep)
            }), typeID: typeID)
        case .resourceDrop(let resource):
            return store.addHostFunction(HostFunction(type: .init(parameters: [i32], results: []), raw: { (_, slots) throws(Trap) in
                guard instance.mayLeave else { throw CanonicalTrap.cannotLeave }
                try instance.dropHandle(UInt32(truncatingIfNeeded: slots[0]), resource: resource)
            }), typeID: typeID)
        case .lift, .lower, .builtin:
            preconditionFailure("not a resource built-in")
        }
    }

    /// `canon resource.drop`: an own handle destroys the resource (running
    /// its destructor), a borrow ends its loan.
    func dropHandle(_ index: UInt32, resource: ResourceType) throws(Trap) {
        let runtimeType = runtime(resource)
        let entry = try handles.resource(index)
        guard entry.resource === runtimeType else { throw CanonicalTrap.wrongResource(index) }
        if entry.isOwn, entry.lendCount != 0 { throw CanonicalTrap.lent(index) }
        _ = try handles.remove(index)
        guard entry.isOwn else {
            entry.scope?.borrowCount -= 1
            return
        }
        switch ComponentStoreState.of(store).implementation(of: runtimeType) {
        case .guest(let owner, let destructor)?:
            // As a call of the destructor lifted in its instance and lowered here.
            try owner.enter(from: self) { () throws(Trap) in
                guard let destructor else { return }
                var slots: [UInt64] = [UInt64(entry.rep)]
                try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    try store.invoke(address: destructor, slots: buffer)
                }
            }
        case .host(let destructor)?:
            try destructor(HostCall(store: store), entry.rep)
        case nil:
            break
        }
    }
}
