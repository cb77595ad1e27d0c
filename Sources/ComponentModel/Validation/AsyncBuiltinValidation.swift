import WasmDecoder

/// Validation of the async (🔀), error-context (📝) and thread (🧵)
/// built-ins (CanonicalABI.md, one section per built-in; Explainer.md,
/// "Canonical built-ins").
extension ValidationScope {
    func asyncBuiltin(_ canon: Canon, at offset: Int) throws(ComponentError) -> AsyncBuiltin {
        switch canon {
        case .taskReturn(let result, let optionList):
            let options = try canonOptions(optionList, at: offset)
            guard options.realloc == nil, options.postReturn == nil, !options.isAsync, options.callback == nil else {
                throw invalid("cannot specify options other than `memory` and `string-encoding` for `task.return`", offset)
            }
            let type = try result.map { (reference) throws(ComponentError) in try valueType(reference, at: offset) }
            if let type, options.memory == nil,
               CanonicalLayout.needsMemory(type)
               || CanonicalLayout.flatten(type, limit: CanonicalLayout.flatLimit).count > CanonicalLayout.maxFlatParameters {
                throw invalid("canonical option `memory` is required", offset)
            }
            return .taskReturn(result: type, options: options)
        case .contextGet(let type, let slot), .contextSet(let type, let slot):
            guard type == .i32 else { throw invalid("context slots hold only i32 values", offset) }
            guard slot < 2 else { throw invalid("context slot \(slot) is out of bounds (there are 2)", offset) }
            if case .contextGet = canon { return .contextGet(slot: Int(slot)) }
            return .contextSet(slot: Int(slot))
        case .subtaskCancel(let async): return .subtaskCancel(async: async)
        case .asyncValue(let kind, let operation, let typeIndex):
            let type = try valueType(.index(typeIndex), at: offset)
            let element: ComponentValueType?
            switch (kind, type) {
            case (.stream, .stream(let payload)), (.future, .future(let payload)): element = payload
            default: throw invalid("type index \(typeIndex) is not a \(kind) type", offset)
            }
            return .asyncValue(kind, try asyncValueOperation(operation, element: element, at: offset), type: type)
        case .errorContextNew(let optionList):
            let options = try canonOptions(optionList, at: offset)
            guard !options.isAsync, options.callback == nil, options.postReturn == nil else {
                throw invalid("`error-context.new` takes only `memory` and `string-encoding`", offset)
            }
            guard options.memory != nil else { throw invalid("canonical option `memory` is required", offset) }
            return .errorContextNew(options: options)
        case .errorContextDebugMessage(let optionList):
            let options = try canonOptions(optionList, at: offset)
            guard !options.isAsync, options.callback == nil, options.postReturn == nil else {
                throw invalid("`error-context.debug-message` takes only `memory`, `realloc` and `string-encoding`", offset)
            }
            guard options.memory != nil else { throw invalid("canonical option `memory` is required", offset) }
            guard options.realloc != nil else { throw invalid("canonical option `realloc` is required", offset) }
            return .errorContextDebugMessage(options: options)
        case .waitableSetWait(let cancellable, let memory), .waitableSetPoll(let cancellable, let memory):
            guard Int(memory) < coreMemories.count else {
                throw invalid("unknown memory \(memory): memory index out of bounds", offset)
            }
            if case .waitableSetWait = canon { return .waitableSetWait(cancellable: cancellable, memory: memory) }
            return .waitableSetPoll(cancellable: cancellable, memory: memory)
        case .threadNewIndirect(let typeIndex, let table):
            guard Int(typeIndex) < coreTypes.count, case .function(let type, _) = coreTypes[Int(typeIndex)] else {
                throw invalid("core type index \(typeIndex) is not a function type", offset)
            }
            guard type == FunctionType(parameters: [.i32], results: []) else {
                throw invalid("`thread.new-indirect` needs a function type taking one i32 and returning nothing", offset)
            }
            guard Int(table) < coreTables.count else { throw invalid("unknown table \(table): table index out of bounds", offset) }
            guard coreTables[Int(table)].elementType == .funcref else {
                throw invalid("`thread.new-indirect` needs a table of `funcref`", offset)
            }
            return .threadNewIndirect(type: type, table: table)
        case .threadSwitch(let kind, let cancellable): return .threadSwitch(kind, cancellable: cancellable)
        case .plain(let plain): return .plain(plain)
        case .lift, .lower, .resourceNew, .resourceDrop, .resourceRep:
            preconditionFailure("not a built-in of async, error contexts or threads")
        }
    }

    /// Reading a stream or future lowers its values into this component
    /// (`realloc` for lists and strings); writing lifts them out of it.
    func asyncValueOperation(_ operation: AsyncValueOperation<[CanonOption]>, element: ComponentValueType?,
                             at offset: Int) throws(ComponentError) -> AsyncValueOperation<CanonOptions> {
        func copyOptions(_ list: [CanonOption], reading: Bool) throws(ComponentError) -> CanonOptions {
            let options = try canonOptions(list, at: offset)
            guard options.callback == nil, options.postReturn == nil else {
                throw invalid("cannot specify `callback` or `post-return` for a stream or future copy", offset)
            }
            if let element {
                guard options.memory != nil else { throw invalid("canonical option `memory` is required", offset) }
                if reading, CanonicalLayout.needsMemory(element), options.realloc == nil {
                    throw invalid("canonical option `realloc` is required", offset)
                }
            }
            return options
        }
        switch operation {
        case .new: return .new
        case .read(let list): return .read(try copyOptions(list, reading: true))
        case .write(let list): return .write(try copyOptions(list, reading: false))
        case .cancelRead(let async): return .cancelRead(async: async)
        case .cancelWrite(let async): return .cancelWrite(async: async)
        case .dropReadable: return .dropReadable
        case .dropWritable: return .dropWritable
        }
    }
}

extension AsyncBuiltin {
    /// The core function type a built-in is given (CanonicalABI.md, the
    /// "validation specifies" line of each built-in).
    var coreType: FunctionType {
        switch self {
        case .taskReturn(let result, _):
            var parameters = result.map { CanonicalLayout.flatten($0, limit: CanonicalLayout.flatLimit) } ?? []
            if parameters.count > CanonicalLayout.maxFlatParameters { parameters = [.i32] }
            return FunctionType(parameters: parameters, results: [])
        case .contextGet: return FunctionType(parameters: [], results: [.i32])
        case .contextSet: return FunctionType(parameters: [.i32], results: [])
        case .subtaskCancel: return FunctionType(parameters: [.i32], results: [.i32])
        case .asyncValue(let kind, let operation, _):
            switch operation {
            case .new: return FunctionType(parameters: [], results: [.i64])
            case .read, .write:
                return FunctionType(parameters: kind == .stream ? [.i32, .i32, .i32] : [.i32, .i32], results: [.i32])
            case .cancelRead, .cancelWrite: return FunctionType(parameters: [.i32], results: [.i32])
            case .dropReadable, .dropWritable: return FunctionType(parameters: [.i32], results: [])
            }
        case .errorContextNew: return FunctionType(parameters: [.i32, .i32], results: [.i32])
        case .errorContextDebugMessage: return FunctionType(parameters: [.i32, .i32], results: [])
        case .waitableSetWait, .waitableSetPoll: return FunctionType(parameters: [.i32, .i32], results: [.i32])
        case .threadNewIndirect: return FunctionType(parameters: [.i32, .i32], results: [.i32])
        case .threadSwitch(let kind, _):
            switch kind {
            case .yield, .suspend: return FunctionType(parameters: [], results: [.i32])
            case .suspendThenResume, .yieldThenResume, .suspendThenPromote, .yieldThenPromote:
                return FunctionType(parameters: [.i32], results: [.i32])
            }
        case .plain(let plain):
            switch plain {
            case .taskCancel, .backpressureInc, .backpressureDec: return FunctionType(parameters: [], results: [])
            case .subtaskDrop, .errorContextDrop, .waitableSetDrop, .threadResumeLater:
                return FunctionType(parameters: [.i32], results: [])
            case .waitableSetNew, .threadIndex: return FunctionType(parameters: [], results: [.i32])
            case .waitableJoin: return FunctionType(parameters: [.i32, .i32], results: [])
            }
        }
    }
}
