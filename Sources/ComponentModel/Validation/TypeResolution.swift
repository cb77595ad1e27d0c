import WasmDecoder

/// Resolving type definitions of a scope into `ComponentDefinedType`s
/// (Explainer.md, "Type Definitions"), with the checks that belong to them.
extension ValidationScope {
    func invalid(_ message: String, _ offset: Int) -> ComponentError {
        ComponentError(.invalid, message, offset: offset)
    }

    func type(_ index: UInt32, at offset: Int) throws(ComponentError) -> ComponentDefinedType {
        guard Int(index) < types.count else { throw invalid("type index out of bounds: \(index)", offset) }
        return types[Int(index)]
    }

    func valueType(_ reference: ValueTypeReference, at offset: Int) throws(ComponentError) -> ComponentValueType {
        switch reference {
        case .primitive(let primitive): return ComponentValueType(primitive)
        case .index(let index):
            guard case .value(let value) = try type(index, at: offset) else {
                throw invalid("type index \(index) is not a defined value type", offset)
            }
            return value
        }
    }

    func resource(_ index: UInt32, at offset: Int) throws(ComponentError) -> ResourceType {
        guard case .resource(let resource) = try type(index, at: offset) else {
            throw invalid("type index \(index) is not a resource type", offset)
        }
        return resource
    }

    func functionType(_ index: UInt32, at offset: Int) throws(ComponentError) -> ComponentFunctionType {
        guard case .function(let function) = try type(index, at: offset) else {
            throw invalid("type index \(index) is not a function type", offset)
        }
        return function
    }

    func definedValueType(_ definition: DefinedValueType, at offset: Int) throws(ComponentError) -> ComponentValueType {
        func labels(_ names: [String], _ what: String) throws(ComponentError) {
            guard !names.isEmpty else { throw invalid("\(what) must have at least one case", offset) }
            var seen: Set<String> = []
            for name in names {
                guard Kebab.isLabel(Substring(name)) else { throw invalid("`\(name)` is not in kebab case", offset) }
                guard seen.insert(name.lowercased()).inserted else { throw invalid("duplicate \(what) label `\(name)`", offset) }
            }
        }
        switch definition {
        case .primitive(let primitive): return ComponentValueType(primitive)
        case .record(let fields):
            try labels(fields.map(\.label), "record")
            var resolved: [ComponentValueType.Field] = []
            for field in fields { resolved.append(.init(field.label, try valueType(field.type, at: offset))) }
            return .record(resolved)
        case .variant(let cases):
            try labels(cases.map(\.label), "variant")
            var resolved: [ComponentValueType.Case] = []
            for item in cases {
                var payload: ComponentValueType?
                if let type = item.type { payload = try valueType(type, at: offset) }
                resolved.append(.init(item.label, payload))
            }
            return .variant(resolved)
        case .list(let element): return .list(try valueType(element, at: offset))
        case .fixedLengthList(let element, let length):
            guard length > 0 else { throw invalid("Fixed-length lists must have more than zero elements", offset) }
            return .fixedLengthList(try valueType(element, at: offset), length: Int(length))
        case .map(let key, let value):
            // `keytype` by what the key resolves to: a type index naming `u32` is `u32`.
            let resolvedKey = try valueType(key, at: offset)
            guard resolvedKey.isMapKey else { throw invalid("invalid map key type", offset) }
            return .map(key: resolvedKey, value: try valueType(value, at: offset))
        case .tuple(let elements):
            guard !elements.isEmpty else { throw invalid("tuple type must have at least one type", offset) }
            var resolved: [ComponentValueType] = []
            for element in elements { resolved.append(try valueType(element, at: offset)) }
            return .tuple(resolved)
        case .flags(let names):
            try labels(names, "flags")
            guard names.count <= 32 else { throw invalid("cannot have more than 32 flags", offset) }
            return .flags(names)
        case .enum(let names):
            try labels(names, "enum")
            return .enum(names)
        case .option(let element): return .option(try valueType(element, at: offset))
        case .result(let ok, let error):
            return .result(ok: try ok.map { (type) throws(ComponentError) in try valueType(type, at: offset) },
                           error: try error.map { (type) throws(ComponentError) in try valueType(type, at: offset) })
        case .own(let index): return .own(try resource(index, at: offset))
        case .borrow(let index): return .borrow(try resource(index, at: offset))
        case .stream(let element):
            let resolved = try element.map { (type) throws(ComponentError) in try valueType(type, at: offset) }
            guard resolved != .char else { throw invalid("`stream<char>` is not valid", offset) }
            try checkAsyncElement(resolved, at: offset)
            return .stream(resolved)
        case .future(let element):
            let resolved = try element.map { (type) throws(ComponentError) in try valueType(type, at: offset) }
            try checkAsyncElement(resolved, at: offset)
            return .future(resolved)
        }
    }

    /// A borrow may not outlive its call, so no stream or future carries one (Binary.md).
    func checkAsyncElement(_ element: ComponentValueType?, at offset: Int) throws(ComponentError) {
        if let element, element.containsBorrow {
            throw invalid("stream and future payloads cannot contain a `borrow` type", offset)
        }
    }

    func functionType(_ definition: FunctionTypeDefinition, at offset: Int) throws(ComponentError) -> ComponentFunctionType {
        var seen: Set<String> = []
        var parameters: [ComponentValueType.Field] = []
        for parameter in definition.parameters {
            guard Kebab.isLabel(Substring(parameter.label)) else { throw invalid("`\(parameter.label)` is not in kebab case", offset) }
            guard seen.insert(parameter.label.lowercased()).inserted else {
                throw invalid("function parameter name `\(parameter.label)` conflicts with previous parameter name", offset)
            }
            parameters.append(.init(parameter.label, try valueType(parameter.type, at: offset)))
        }
        let result = try definition.result.map { (type) throws(ComponentError) in try valueType(type, at: offset) }
        if let result, result.containsBorrow {
            throw invalid("function result cannot contain a `borrow` type", offset)
        }
        return ComponentFunctionType(parameters: parameters, result: result, isAsync: definition.isAsync)
    }

    /// Resolves one `type` definition of this scope.
    func defineType(_ definition: ComponentTypeDefinition, at offset: Int,
                    isComponent: Bool) throws(ComponentError) -> ComponentDefinedType {
        switch definition {
        case .value(let value):
            let resolved = try definedValueType(value, at: offset)
            let size = typeSize(value)
            try checkTypeSize(size, at: offset)
            try checkByteSize(resolved, at: offset)
            valueTypeSizes[types.count] = size  // the index this definition takes
            return .value(resolved)
        case .function(let function):
            let resolved = try functionType(function, at: offset)
            try checkTypeSize(typeSize(function), at: offset)
            return .function(resolved)
        case .resource(let destructor):
            guard isComponent else { throw invalid("resources can only be defined within a concrete component", offset) }
            if let destructor {
                guard Int(destructor) < coreFunctions.count else {
                    throw invalid("function index out of bounds: \(destructor)", offset)
                }
                guard coreFunctions[Int(destructor)] == FunctionType(parameters: [.i32], results: []) else {
                    throw invalid("wrong signature for a destructor", offset)
                }
            }
            let resource = ResourceType(name: "resource \(types.count)")
            localResources.insert(resource)
            return .resource(resource)
        case .instance(let declarations):
            let (instance, hasUnnamedExport) = try instanceType(declarations, at: offset)
            if hasUnnamedExport { instanceTypesWithUnnamedExports.insert(types.count) }  // the index this definition takes
            return .instance(instance)
        case .component(let declarations):
            return .component(try componentType(declarations, at: offset))
        }
    }

    /// An instance type, and whether one of its exports is made of a type
    /// nothing names (then it may never be imported or exported).
    func instanceType(_ declarations: [InstanceTypeDeclaration],
                      at offset: Int) throws(ComponentError) -> (ComponentInstanceType, hasUnnamedExport: Bool) {
        let scope = ValidationScope(parent: self, isTypeScope: true)
        scope.isInstanceType = true
        var resources: [ResourceType] = []
        for declaration in declarations {
            try scope.declare(declaration, at: offset, exportedResources: &resources)
        }
        return (ComponentInstanceType(exports: scope.exports, resources: resources), scope.hasUnnamedExport)
    }

    func componentType(_ declarations: [ComponentTypeDeclaration], at offset: Int) throws(ComponentError) -> ComponentComponentType {
        let scope = ValidationScope(parent: self, isTypeScope: true)
        var exported: [ResourceType] = []
        for declaration in declarations {
            switch declaration {
            case .import(let entry):
                try scope.addImport(entry, at: offset)
            case .instance(let declaration):
                try scope.declare(declaration, at: offset, exportedResources: &exported)
            }
        }
        return ComponentComponentType(imports: scope.imports, exports: scope.exports,
                                      importedResources: scope.importedResources, exportedResources: exported)
    }

    /// One declaration of an instance or component type.
    func declare(_ declaration: InstanceTypeDeclaration, at offset: Int,
                 exportedResources: inout [ResourceType]) throws(ComponentError) {
        switch declaration {
        case .coreType(let core): try defineCoreType(core, at: offset)
        case .type(let definition):
            let (use, content) = visibility(of: definition)
            appendType(try defineType(definition, at: offset, isComponent: false), use: use, content: content)
        case .alias(let alias): try addAlias(alias, at: offset)
        case .export(let name, let type):
            try checkName(name, at: offset, names: &exportNames, isExport: true)
            let resolved = try externType(type, at: offset, introduced: &exportedResources)
            try checkAnnotation(name, resolved, isExport: true, at: offset)
            if isInstanceType {
                if exportVisibility(of: type) == .hidden { hasUnnamedExport = true }
            } else {
                try checkVisibility(of: type, item: nil, isExport: true, at: offset)
            }
            try self.name(resolved, isExport: true, at: offset)
            exports.append((name.name, resolved))
            push(resolved, visibility: .exportsOnly, content: contentVisibility(of: type))
        }
    }

    /// An `externtype` of an import or export declaration; abstract resources
    /// it introduces (`sub resource`) are added to `introduced`.
    func externType(_ type: ExternType, at offset: Int,
                    introduced: inout [ResourceType]) throws(ComponentError) -> ComponentExternType {
        switch type {
        case .coreModule(let index):
            guard Int(index) < coreTypes.count, case .module(let module) = coreTypes[Int(index)] else {
                throw invalid("core type index \(index) is not a module type", offset)
            }
            return .module(module)
        case .function(let index): return .function(try functionType(index, at: offset))
        case .type(.equal(let index)): return .type(try self.type(index, at: offset))
        case .type(.subResource):
            let resource = ResourceType(name: "imported resource")
            introduced.append(resource)
            return .type(.resource(resource))
        case .component(let index):
            guard case .component(let component) = try self.type(index, at: offset) else {
                throw invalid("type index \(index) is not a component type", offset)
            }
            return .component(component)
        case .instance(let index):
            guard case .instance(let instance) = try self.type(index, at: offset) else {
                throw invalid("type index \(index) is not an instance type", offset)
            }
            // Each use of an instance type has resources of its own.
            let fresh = ResourceSubstitution.fresh(instance)
            introduced.append(contentsOf: fresh.resources)
            return .instance(fresh)
        }
    }

    /// What a type bound of an import or export is made of, as visible.
    func contentVisibility(of type: ExternType) -> Visibility {
        if case .type(.equal(let index)) = type, Int(index) < typeContentVisibility.count {
            return typeContentVisibility[Int(index)]
        }
        return .everywhere
    }

    /// Adds an item of type `type` to the index space of its sort; a type or
    /// function is as visible as `visibility` says (an import or export names it).
    func push(_ type: ComponentExternType, visibility: Visibility = .everywhere, content: Visibility = .everywhere) {
        switch type {
        case .module(let module): coreModules.append(module)
        case .function(let function):
            functions.append(function)
            functionVisibility.append(visibility)
        case .type(let defined): appendType(defined, use: visibility, content: content)
        case .instance(let instance):
            instances.append(instance)
            instanceVisibility.append(visibility)
        case .component(let component): components.append(component)
        }
    }

    func addImport(_ entry: ComponentImport, at offset: Int) throws(ComponentError) {
        try checkName(entry.name, at: offset, names: &importNames, isExport: false)
        var introduced: [ResourceType] = []
        let resolved = try externType(entry.type, at: offset, introduced: &introduced)
        importedResources.append(contentsOf: introduced)
        try checkAnnotation(entry.name, resolved, isExport: false, at: offset)
        try checkVisibility(of: entry.type, item: nil, isExport: false, at: offset)
        try name(resolved, isExport: false, at: offset)
        imports.append((entry.name.name, resolved))
        push(resolved, visibility: .everywhere, content: contentVisibility(of: entry.type))
    }

    func checkName(_ name: ExternName, at offset: Int, names: inout Set<String>, isExport: Bool) throws(ComponentError) {
        guard let parsed = ExternNameSyntax(name.name) else {
            throw invalid("`\(name.name)` is not a valid \(isExport ? "export" : "import") name", offset)
        }
        guard names.insert(parsed.uniquenessKey).inserted else {
            throw invalid("\(isExport ? "export" : "import") name `\(name.name)` conflicts with previous name", offset)
        }
    }

    func defineCoreType(_ definition: CoreTypeDefinition, at offset: Int) throws(ComponentError) {
        switch definition {
        case .function, .recursionGroup:
            try appendCoreFunctionTypes(definition, to: &coreTypes, at: offset)
        case .module(let declarations):
            coreTypes.append(.module(try moduleType(declarations, at: offset)))
        }
    }

    /// Appends the function types `definition` declares to `types`, checking
    /// each declared supertype: at most one, defined earlier, a function
    /// type that is not final, and matching (with the Wasm 2.0 value types a
    /// component's core types use, matching is equality).
    func appendCoreFunctionTypes(_ definition: CoreTypeDefinition, to types: inout [CoreTypeEntry],
                                        at offset: Int) throws(ComponentError) {
        func functionType(_ parameters: [CoreValueType], _ results: [CoreValueType]) -> FunctionType {
            FunctionType(parameters: parameters.map(\.valueType), results: results.map(\.valueType))
        }
        switch definition {
        case .function(let parameters, let results):
            types.append(.function(functionType(parameters, results)))
        case .recursionGroup(let members):
            for member in members {
                let type = functionType(member.parameters, member.results)
                guard member.supertypes.count <= 1 else { throw invalid("type \(types.count) has multiple supertypes", offset) }
                if let supertype = member.supertypes.first {
                    guard Int(supertype) < types.count else {
                        throw invalid("supertype index \(supertype) out of bounds: must be a type defined before type \(types.count)", offset)
                    }
                    guard case .function(let parent, let isFinal) = types[Int(supertype)] else {
                        throw invalid("sub type must match super type: type \(supertype) is not a function type", offset)
                    }
                    guard !isFinal else { throw invalid("sub type cannot have a final super type", offset) }
                    guard parent == type else { throw invalid("sub type must match super type", offset) }
                }
                types.append(.function(type, isFinal: member.isFinal))
            }
        case .module:
            preconditionFailure("module types are not function types")
        }
    }

    func moduleType(_ declarations: [CoreModuleDeclaration], at offset: Int) throws(ComponentError) -> CoreModuleType {
        var localTypes: [CoreTypeEntry] = []
        var imports: [(module: String, name: String, type: CoreModuleType.CoreExternType)] = []
        var exports: [(name: String, type: CoreModuleType.CoreExternType)] = []
        func extern(_ type: CoreExternType) throws(ComponentError) -> CoreModuleType.CoreExternType {
            switch type {
            case .function(let index):
                guard Int(index) < localTypes.count, case .function(let function, _) = localTypes[Int(index)] else {
                    throw invalid("type index \(index) is not a function type", offset)
                }
                return .function(function)
            case .table(let element, let minimum, let maximum):
                guard let reference = element.valueType.referenceType else { throw invalid("invalid table element type", offset) }
                return .table(TableType(elementType: reference, limits: Limits(minimum: UInt64(minimum), maximum: maximum.map(UInt64.init))))
            case .memory(let minimum, let maximum):
                guard minimum <= 65536, (maximum ?? 0) <= 65536 else {
                    throw invalid("memory size must be at most 65536 pages (4GiB)", offset)
                }
                return .memory(MemoryType(limits: Limits(minimum: UInt64(minimum), maximum: maximum.map(UInt64.init))))
            case .global(let type, let mutable):
                return .global(GlobalType(valueType: type.valueType, isMutable: mutable))
            case .tag(let index):
                guard Int(index) < localTypes.count, case .function(let function, _) = localTypes[Int(index)] else {
                    throw invalid("type index \(index) is not a function type", offset)
                }
                guard function.results.isEmpty else { throw invalid("non-empty tag result type", offset) }
                return .tag(function)
            }
        }
        var exportNames: Set<String> = []
        for declaration in declarations {
            switch declaration {
            case .import(let module, let name, let type): imports.append((module, name, try extern(type)))
            case .type(let definition):
                if case .module = definition { throw invalid("module types cannot nest module types", offset) }
                try appendCoreFunctionTypes(definition, to: &localTypes, at: offset)
            case .outerTypeAlias(let count, let index):
                guard count == 1, Int(index) < coreTypes.count else { throw invalid("invalid outer core type alias", offset) }
                localTypes.append(coreTypes[Int(index)])
            case .export(let name, let type):
                guard exportNames.insert(name).inserted else { throw invalid("duplicate export name `\(name)`", offset) }
                exports.append((name, try extern(type)))
            }
        }
        try checkUniqueImports(imports.map { ($0.module, $0.name) }, at: offset)
        return CoreModuleType(imports: imports, exports: exports)
    }
}

extension CoreValueType {
    var valueType: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcref: .funcref
        case .externref: .externref
        }
    }
}
