import WasmDecoder
import WasmInterpreter

extension ValidatedComponent {
    /// Validates `component` (whose core modules lie in `bytes`) in `parent`'s
    /// scope and translates its core modules.
    convenience init(validating component: Component, bytes: [UInt8], engine: Engine,
                     parent: ValidationScope?) throws(ComponentError) {
        let scope = ValidationScope(parent: parent)
        var modules: [CompiledModule] = []
        var children: [ValidatedComponent] = []
        var canons: [ResolvedCanon] = []
        var importTypes: [ComponentExternType] = []
        var exportedResources: [ResourceType] = []
        for (index, definition) in component.definitions.enumerated() {
            let offset = component.offsets[index]
            switch definition {
            case .coreModule(let module, _):
                let compiled: CompiledModule
                do {
                    try validateModule(module)
                } catch {
                    throw ComponentError(.invalid, "core module: \(error.message)", offset: offset + error.offset)
                }
                do {
                    compiled = try engine.compile(module)
                } catch {
                    throw ComponentError(.invalid, "core module: \(error)", offset: offset)
                }
                try scope.checkUniqueImports(module.imports.map { ($0.module, $0.name) }, at: offset)
                modules.append(compiled)
                scope.coreModules.append(CoreModuleType(compiled.module))
            case .coreInstances(let instances):
                for instance in instances { try scope.addCoreInstance(instance, at: offset) }
            case .coreTypes(let types):
                for type in types { try scope.defineCoreType(type, at: offset) }
            case .component(let nested):
                let child = try ValidatedComponent(validating: nested, bytes: bytes, engine: engine, parent: scope)
                children.append(child)
                scope.components.append(child.type)
            case .instances(let instances):
                for instance in instances { try scope.addInstance(instance, at: offset) }
            case .aliases(let aliases):
                for alias in aliases { try scope.addAlias(alias, at: offset) }
            case .types(let types):
                for type in types {
                    let (use, content) = scope.visibility(of: type)
                    scope.appendType(try scope.defineType(type, at: offset, isComponent: true), use: use, content: content)
                }
            case .canons(let entries):
                for canon in entries { canons.append(try scope.addCanon(canon, at: offset)) }
            case .imports(let imports):
                for entry in imports {
                    try scope.addImport(entry, at: offset)
                    importTypes.append(scope.imports[scope.imports.count - 1].type)
                }
            case .exports(let exports):
                for entry in exports { try scope.addExport(entry, at: offset, exportedResources: &exportedResources) }
            }
        }
        // Resources the component defines are new with each instance too.
        let type = ComponentComponentType(imports: scope.imports, exports: scope.exports,
                                          importedResources: scope.importedResources,
                                          exportedResources: exportedResources + scope.localResources)
        self.init(engine: engine, component: component, type: type, modules: modules, children: children, canons: canons,
                  types: scope.types, importTypes: importTypes)
    }
}

extension CoreModuleType {
    init(_ module: Module) {
        func type(_ descriptor: ImportDescriptor) -> CoreExternType {
            switch descriptor {
            case .function(let index): .function(module.types[Int(index)])
            case .table(let table): .table(table)
            case .memory(let memory): .memory(memory)
            case .global(let global): .global(global)
            case .tag(let typeIndex): .tag(module.types[Int(typeIndex)])
            }
        }
        imports = module.imports.map { ($0.module, $0.name, type($0.descriptor)) }
        exports = module.exports.compactMap { export in
            let index = export.index
            switch export.kind {
            case .function: return module.functionType(ofFunction: index).map { (export.name, .function($0)) }
            case .table: return module.tableType(at: index).map { (export.name, .table($0)) }
            case .memory: return module.memoryType(at: index).map { (export.name, .memory($0)) }
            case .global: return module.globalType(at: index).map { (export.name, .global($0)) }
            case .tag: return module.tagTypeIndex(index).map { (export.name, .tag(module.types[Int($0)])) }
            }
        }
    }
}

extension ValidationScope {
    /// Whether an outer alias `count` levels out leaves a component (rather
    /// than only component and instance types): resources may not.
    func crossesComponent(_ count: UInt32) -> Bool {
        var scope: ValidationScope? = self
        for _ in 0..<count {
            guard let current = scope else { return false }
            if !current.isTypeScope { return true }
            scope = current.parent
        }
        return false
    }

    /// Core modules and module types: two-level import names must be unique
    /// (components mangle them to one level).
    func checkUniqueImports(_ names: [(String, String)], at offset: Int) throws(ComponentError) {
        var seen: Set<String> = []
        for (module, name) in names where !seen.insert(module + "\u{0}" + name).inserted {
            throw invalid("duplicate import name `\(module):\(name)`", offset)
        }
    }

    func coreItemType(_ item: CoreSortIndex, at offset: Int) throws(ComponentError) -> CoreModuleType.CoreExternType {
        let index = Int(item.index)
        func bounds(_ count: Int, _ what: String) throws(ComponentError) {
            guard index < count else { throw invalid("unknown core \(what) \(index): \(what) index out of bounds", offset) }
        }
        switch item.sort {
        case .function: try bounds(coreFunctions.count, "function"); return .function(coreFunctions[index])
        case .table: try bounds(coreTables.count, "table"); return .table(coreTables[index])
        case .memory: try bounds(coreMemories.count, "memory"); return .memory(coreMemories[index])
        case .global: try bounds(coreGlobals.count, "global"); return .global(coreGlobals[index])
        case .tag: try bounds(coreTags.count, "tag"); return .tag(coreTags[index])
        default: throw invalid("core instances may only export functions, tables, memories, globals and tags", offset)
        }
    }

    func pushCore(_ type: CoreModuleType.CoreExternType) {
        switch type {
        case .function(let function): coreFunctions.append(function)
        case .table(let table): coreTables.append(table)
        case .memory(let memory): coreMemories.append(memory)
        case .global(let global): coreGlobals.append(global)
        case .tag(let tag): coreTags.append(tag)
        }
    }

    func addCoreInstance(_ instance: CoreInstanceDefinition, at offset: Int) throws(ComponentError) {
        switch instance {
        case .instantiate(let moduleIndex, let arguments):
            guard Int(moduleIndex) < coreModules.count else {
                throw invalid("unknown module \(moduleIndex): module index out of bounds", offset)
            }
            let module = coreModules[Int(moduleIndex)]
            var named: [String: [String: CoreModuleType.CoreExternType]] = [:]
            for argument in arguments {
                guard Int(argument.instance) < coreInstances.count else {
                    throw invalid("unknown core instance \(argument.instance): instance index out of bounds", offset)
                }
                guard named.updateValue(coreInstances[Int(argument.instance)], forKey: argument.name) == nil else {
                    throw invalid("duplicate module instantiation argument named `\(argument.name)`", offset)
                }
            }
            for entry in module.imports {
                guard let provider = named[entry.module] else {
                    throw invalid("missing module instantiation argument named `\(entry.module)`", offset)
                }
                guard let provided = provider[entry.name] else {
                    throw invalid("module instantiation argument `\(entry.module)` does not export an item named `\(entry.name)`", offset)
                }
                guard Subtyping.isCoreSubtype(provided, of: entry.type) else {
                    throw invalid("type mismatch for export `\(entry.name)` of module instantiation argument `\(entry.module)`", offset)
                }
            }
            coreInstances.append(Dictionary(module.exports.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a }))
        case .exports(let items):
            var exports: [String: CoreModuleType.CoreExternType] = [:]
            for item in items {
                guard exports.updateValue(try coreItemType(item.item, at: offset), forKey: item.name) == nil else {
                    throw invalid("export name `\(item.name)` already defined", offset)
                }
            }
            coreInstances.append(exports)
        }
    }

    func itemType(_ item: SortIndex, at offset: Int) throws(ComponentError) -> ComponentExternType {
        let index = Int(item.index)
        func bounds(_ count: Int, _ what: String) throws(ComponentError) {
            guard index < count else { throw invalid("unknown \(what) \(index): \(what) index out of bounds", offset) }
        }
        switch item.sort {
        case .function: try bounds(functions.count, "function"); return .function(functions[index])
        case .type: try bounds(types.count, "type"); return .type(types[index])
        case .component: try bounds(components.count, "component"); return .component(components[index])
        case .instance: try bounds(instances.count, "instance"); return .instance(instances[index])
        case .core(.module): try bounds(coreModules.count, "module"); return .module(coreModules[index])
        case .value: throw ComponentError.unsupported(.values, at: offset)
        case .core: throw invalid("only modules may be component-level imports, exports and arguments", offset)
        }
    }

    func addInstance(_ instance: InstanceDefinition, at offset: Int) throws(ComponentError) {
        switch instance {
        case .instantiate(let componentIndex, let arguments):
            guard Int(componentIndex) < components.count else {
                throw invalid("unknown component \(componentIndex): component index out of bounds", offset)
            }
            let component = components[Int(componentIndex)]
            var provided: [String: ComponentExternType] = [:]
            for argument in arguments {
                guard provided.updateValue(try itemType(argument.item, at: offset), forKey: argument.name) == nil else {
                    throw invalid("instantiation argument `\(argument.name)` conflicts with previous argument", offset)
                }
            }
            var subtyping = Subtyping(bindable: component.importedResources)
            for (name, expected) in component.imports {
                guard let actual = provided[name] else { throw invalid("missing import named `\(name)`", offset) }
                if let problem = subtyping.check(actual, expected) {
                    throw invalid("type mismatch for component instantiation argument `\(name)`: \(problem)", offset)
                }
            }
            // The instance's own resources are new with each instantiation.
            var substitution = subtyping.bindings
            for resource in component.exportedResources { substitution.map[resource] = ResourceType(name: resource.name) }
            instances.append(ComponentInstanceType(exports: component.exports.map { ($0.name, substitution.apply($0.type)) },
                                                   resources: component.exportedResources.map(substitution.apply)))
            instanceVisibility.append(.hidden)
        case .exports(let items):
            var names: Set<String> = []
            var exports: [(name: String, type: ComponentExternType)] = []
            for item in items {
                let name = item.name.name
                guard let syntax = ExternNameSyntax(name) else { throw invalid("`\(name)` is not a valid export name", offset) }
                guard names.insert(syntax.uniquenessKey).inserted else {
                    throw invalid("export name `\(name)` conflicts with previous name", offset)
                }
                let type = try itemType(item.item, at: offset)
                _ = try checkAnnotation(item.name, type, names: [:], at: offset)
                exports.append((name, type))
            }
            instances.append(ComponentInstanceType(exports: exports, resources: []))
            instanceVisibility.append(.hidden)
        }
    }

    func addAlias(_ alias: Alias, at offset: Int) throws(ComponentError) {
        switch alias {
        case .instanceExport(let sort, let instanceIndex, let name):
            if isTypeScope, sort != .type, sort != .instance {
                throw invalid("aliases in types may only refer to types or instances", offset)
            }
            guard Int(instanceIndex) < instances.count else {
                throw invalid("unknown instance \(instanceIndex): instance index out of bounds", offset)
            }
            guard let type = instances[Int(instanceIndex)].export(name) else {
                throw invalid("instance \(instanceIndex) has no export named `\(name)`", offset)
            }
            guard type.sort == sort else {
                throw invalid("export `\(name)` for instance \(instanceIndex) is not a \(sort.name)", offset)
            }
            let named = instanceVisibility[Int(instanceIndex)]
            push(type, visibility: named > .hidden ? named : type.aliasVisibility,
                 content: named > .hidden ? named : .everywhere)
        case .coreInstanceExport(let sort, let instanceIndex, let name):
            guard Int(instanceIndex) < coreInstances.count else {
                throw invalid("unknown core instance \(instanceIndex): instance index out of bounds", offset)
            }
            guard let type = coreInstances[Int(instanceIndex)][name] else {
                throw invalid("core instance \(instanceIndex) has no export named `\(name)`", offset)
            }
            guard type.sort == sort else { throw invalid("export `\(name)` for core instance \(instanceIndex) is not a \(sort)", offset) }
            pushCore(type)
        case .outer(let sort, let count, let index):
            guard let scope = outer(count) else { throw invalid("invalid outer alias count of \(count)", offset) }
            if isTypeScope, sort != .type, sort != .core(.type) {
                throw invalid("outer aliases in types may only refer to types or instances", offset)
            }
            let i = Int(index)
            switch sort {
            case .type:
                guard i < scope.types.count else { throw invalid("type index out of bounds: \(index)", offset) }
                let type = scope.types[i]
                if crossesComponent(count), type.mentionsResource {
                    throw invalid("outer alias transitively refers to resources not defined in the current component", offset)
                }
                if scope.instanceTypesWithUnnamedExports.contains(i) { instanceTypesWithUnnamedExports.insert(types.count) }
                if keepsNames(count) {
                    appendType(type, use: scope.typeUseVisibility[i], content: scope.typeContentVisibility[i])
                } else {
                    let (use, content) = ValidationScope.unnamedVisibility(of: type)
                    appendType(type, use: use, content: content)
                }
            case .component:
                guard i < scope.components.count else { throw invalid("component index out of bounds: \(index)", offset) }
                components.append(scope.components[i])
            case .core(.module):
                guard i < scope.coreModules.count else { throw invalid("module index out of bounds: \(index)", offset) }
                coreModules.append(scope.coreModules[i])
            case .core(.type):
                guard i < scope.coreTypes.count else { throw invalid("core type index out of bounds: \(index)", offset) }
                coreTypes.append(scope.coreTypes[i])
            default:
                throw invalid("invalid sort for an outer alias", offset)
            }
        }
    }

    func addExport(_ entry: ComponentExport, at offset: Int,
                   exportedResources: inout [ResourceType]) throws(ComponentError) {
        try checkName(entry.name, at: offset, names: &exportNames, isExport: true)
        try checkVisibility(of: entry.type, item: entry.item, isExport: true, at: offset)
        var content = Visibility.everywhere
        if case .type(.equal(let index))? = entry.type { content = typeContentVisibility[Int(index)] }
        else if entry.type == nil, entry.item.sort == .type { content = typeContentVisibility[Int(entry.item.index)] }
        var type = try itemType(entry.item, at: offset)
        if let ascribed = entry.type {
            var introduced: [ResourceType] = []
            let expected = try externType(ascribed, at: offset, introduced: &introduced)
            var subtyping = Subtyping(bindable: introduced)
            if let problem = subtyping.check(type, expected) {
                throw invalid("type mismatch in export `\(entry.name.name)`: \(problem)", offset)
            }
            type = expected
            exportedResources.append(contentsOf: introduced)
        }
        try checkAnnotation(entry.name, type, isExport: true, at: offset)
        try name(type, isExport: true, at: offset)
        exports.append((entry.name.name, type))
        push(type, visibility: .exportsOnly, content: content)
    }
}

extension ComponentExternType {
    /// How visible an item aliased out of an instance is at this level.
    var aliasVisibility: Visibility {
        if case .type(let type) = self { return ValidationScope.visibility(ofResolved: type) }
        return .everywhere
    }

    var sort: Sort {
        switch self {
        case .module: .core(.module)
        case .function: .function
        case .type: .type
        case .instance: .instance
        case .component: .component
        }
    }
}

extension CoreModuleType.CoreExternType {
    var sort: CoreSort {
        switch self {
        case .function: .function
        case .table: .table
        case .memory: .memory
        case .global: .global
        case .tag: .tag
        }
    }
}

extension Sort {
    var name: String {
        switch self {
        case .core(let sort): "core \(sort)"
        case .function: "func"
        case .value: "value"
        case .type: "type"
        case .component: "component"
        case .instance: "instance"
        }
    }
}
