import WasmDecoder

/// Validation of `canon` definitions (Explainer.md, "Canonical Definitions";
/// CanonicalABI.md, "canon lift" and "canon lower").
extension ValidationScope {
    func addCanon(_ canon: Canon, at offset: Int) throws(ComponentError) -> ResolvedCanon {
        switch canon {
        case .lift(let coreFunction, let optionList, let typeIndex):
            guard Int(coreFunction) < coreFunctions.count else {
                throw invalid("unknown core function \(coreFunction): function index out of bounds", offset)
            }
            let type = try functionType(typeIndex, at: offset)
            let options = try canonOptions(optionList, at: offset)
            try checkAsyncOptions(options, for: type, lifting: true, at: offset)
            let expected = CanonicalLayout.coreType(of: type, context: .lift, isAsync: options.isAsync,
                                                    hasCallback: options.callback != nil)
            guard coreFunctions[Int(coreFunction)] == expected else {
                throw invalid("lowered function type `\(coreFunctions[Int(coreFunction)])` does not match the expected type `\(expected)` for a lifted function", offset)
            }
            try requireOptions(options, for: type, lifting: true, at: offset)
            if let postReturn = options.postReturn {
                let expectedPostReturn = FunctionType(parameters: expected.results, results: [])
                guard coreFunctions[Int(postReturn)] == expectedPostReturn else {
                    throw invalid("canonical option `post-return` uses a core function with an incorrect signature", offset)
                }
            }
            functions.append(type)
            functionVisibility.append(visibility(of: typeIndex))
            return .lift(coreFunction: coreFunction, type: type, options: options)
        case .lower(let function, let optionList):
            guard Int(function) < functions.count else {
                throw invalid("unknown function \(function): function index out of bounds", offset)
            }
            let type = functions[Int(function)]
            let options = try canonOptions(optionList, at: offset)
            guard options.postReturn == nil else {
                throw invalid("canonical option `post-return` cannot be specified for lowerings", offset)
            }
            try checkAsyncOptions(options, for: type, lifting: false, at: offset)
            try requireOptions(options, for: type, lifting: false, at: offset)
            coreFunctions.append(CanonicalLayout.coreType(of: type, context: .lower, isAsync: options.isAsync))
            return .lower(function: function, type: type, options: options)
        case .resourceNew(let typeIndex):
            let resource = try localResource(typeIndex, at: offset)
            coreFunctions.append(FunctionType(parameters: [.i32], results: [.i32]))
            return .resourceNew(resource)
        case .resourceRep(let typeIndex):
            let resource = try localResource(typeIndex, at: offset)
            coreFunctions.append(FunctionType(parameters: [.i32], results: [.i32]))
            return .resourceRep(resource)
        case .resourceDrop(let typeIndex):
            let resource = try self.resource(typeIndex, at: offset)
            coreFunctions.append(FunctionType(parameters: [.i32], results: []))
            return .resourceDrop(resource)
        default:
            let builtin = try asyncBuiltin(canon, at: offset)
            coreFunctions.append(builtin.coreType)
            return .builtin(builtin)
        }
    }

    /// `async` only for async function types, `callback` only on an async
    /// lift, and no `post-return` with either (CanonicalABI.md, `canonopt` validation).
    func checkAsyncOptions(_ options: CanonOptions, for type: ComponentFunctionType, lifting: Bool,
                           at offset: Int) throws(ComponentError) {
        if options.isAsync, !type.isAsync {
            throw invalid("the `async` canonical option requires an async function type", offset)
        }
        if let callback = options.callback {
            guard lifting else { throw invalid("canonical option `callback` is not allowed for lowerings", offset) }
            guard options.isAsync else { throw invalid("cannot specify callback without async", offset) }
            guard coreFunctions[Int(callback)] == FunctionType(parameters: [.i32, .i32, .i32], results: [.i32]) else {
                throw invalid("canonical option `callback` uses a core function with an incorrect signature", offset)
            }
        }
        if options.isAsync, options.postReturn != nil {
            throw invalid("cannot specify post-return function in async", offset)
        }
    }

    func localResource(_ index: UInt32, at offset: Int) throws(ComponentError) -> ResourceType {
        let resource = try self.resource(index, at: offset)
        guard localResources.contains(resource) else {
            throw invalid("type index \(index) is not a local resource", offset)
        }
        return resource
    }

    func canonOptions(_ list: [CanonOption], at offset: Int) throws(ComponentError) -> CanonOptions {
        var options = CanonOptions()
        var sawEncoding = false
        for option in list {
            switch option {
            case .utf8, .utf16, .latin1UTF16:
                guard !sawEncoding else { throw invalid("canonical encoding option conflicts with another", offset) }
                sawEncoding = true
                options.encoding = option == .utf8 ? .utf8 : option == .utf16 ? .utf16 : .latin1UTF16
            case .memory(let index):
                guard options.memory == nil else { throw invalid("canonical option `memory` is specified more than once", offset) }
                guard Int(index) < coreMemories.count else {
                    throw invalid("unknown memory \(index): memory index out of bounds", offset)
                }
                options.memory = index
            case .realloc(let index):
                try checkFunctionOption(options.realloc, "realloc", index, offset)
                guard coreFunctions[Int(index)] == FunctionType(parameters: [.i32, .i32, .i32, .i32], results: [.i32]) else {
                    throw invalid("canonical option `realloc` uses a core function with an incorrect signature", offset)
                }
                options.realloc = index
            case .postReturn(let index):
                try checkFunctionOption(options.postReturn, "post-return", index, offset)
                options.postReturn = index
            case .async:
                guard !options.isAsync else { throw invalid("canonical option `async` is specified more than once", offset) }
                options.isAsync = true
            case .callback(let index):
                try checkFunctionOption(options.callback, "callback", index, offset)
                options.callback = index
            }
        }
        return options
    }

    /// An option naming a core function: given once, and a function that exists.
    func checkFunctionOption(_ current: UInt32?, _ name: String, _ index: UInt32, _ offset: Int) throws(ComponentError) {
        guard current == nil else { throw invalid("canonical option `\(name)` is specified more than once", offset) }
        guard Int(index) < coreFunctions.count else {
            throw invalid("unknown core function \(index): function index out of bounds", offset)
        }
    }

    /// `memory` is needed where values pass through memory, `realloc` where
    /// the callee side must allocate (CanonicalABI.md, validation of options).
    /// With `async`, a lower passes results (and more than 4 flat
    /// parameters) through memory, and a lift hands up to 16 flat results to
    /// `task.return` before it needs memory.
    func requireOptions(_ options: CanonOptions, for type: ComponentFunctionType, lifting: Bool,
                        at offset: Int) throws(ComponentError) {
        var parameterFlat: [ValueType] = []
        for parameter in type.parameters {
            CanonicalLayout.flatten(parameter.type, into: &parameterFlat, limit: CanonicalLayout.flatLimit)
        }
        let resultFlat = type.result.map { CanonicalLayout.flatten($0, limit: CanonicalLayout.flatLimit) } ?? []
        let parameterLimit = CanonicalLayout.maxFlatParameters(context: lifting ? .lift : .lower, isAsync: options.isAsync)
        let resultLimit = !options.isAsync ? CanonicalLayout.maxFlatResults : lifting ? CanonicalLayout.maxFlatParameters : 0
        let parametersNeedMemory = type.parameters.contains { CanonicalLayout.needsMemory($0.type) }
            || parameterFlat.count > parameterLimit
        let resultNeedsMemory = type.result.map(CanonicalLayout.needsMemory) ?? false
            || resultFlat.count > resultLimit
        // Lifting: arguments are written into this side (allocation), results read.
        // Lowering: arguments are read from this side, results written (allocation).
        let allocates = lifting ? parametersNeedMemory : (type.result.map(CanonicalLayout.needsMemory) ?? false)
        if (parametersNeedMemory || resultNeedsMemory), options.memory == nil {
            throw invalid("canonical option `memory` is required", offset)
        }
        if allocates, options.realloc == nil {
            throw invalid("canonical option `realloc` is required", offset)
        }
    }
}
