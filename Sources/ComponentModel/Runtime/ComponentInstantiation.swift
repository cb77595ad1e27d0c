import WasmDecoder
import WasmInterpreter

/// Instantiating a validated component (Explainer.md, "Instance
/// Definitions"): walks its definitions in order, filling runtime index
/// spaces parallel to the ones validation built. Only allocation happens
/// here: types were checked and core modules translated before.
struct ComponentInstantiation {
    let store: Store
    /// Every scope this instantiation made: a scope's nested components
    /// point back at it, and its core functions hold the store, so scopes are
    /// emptied once the whole instantiation is done (`finish()`), or the
    /// store and all its memory would leak with each instance.
    private let scopes = ScopeList()

    init(store: Store) {
        self.store = store
    }

    /// The state of the first instance this instantiation made: the root's.
    var rootState: ComponentInstanceState { scopes.all[0].state }

    /// Drops what the scopes hold once the root component is instantiated:
    /// outer aliases and nested instantiations can no longer need them.
    func finish() {
        for scope in scopes.all { scope.empty() }
        scopes.all = []
    }

    /// `host`: the arguments of a linked component with what instantiating
    /// works out from them, done once (`HostImports`), when `arguments` are
    /// its; nil for a nested component's.
    func instantiate(_ closure: ComponentClosure, arguments: [String: RuntimeItem],
                     parent: ComponentInstanceState?, host: HostImports? = nil) throws(InstantiationError) -> RuntimeInstance {
        let validated = closure.component
        let state = ComponentInstanceState(store: store, parent: parent)
        let importBindings = host?.resourceBindings
        if let importBindings { state.resourceMap = importBindings }
        let scope = RuntimeScope(state: state, enclosing: closure.enclosing)
        if let host { scope.knownInstanceAliases = host.instanceAliases }
        scopes.all.append(scope)
        let exports = RuntimeInstance()
        var moduleIndex = 0, childIndex = 0, canonIndex = 0, importIndex = 0
        for step in validated.plan.steps {
            switch step {
            case .coreModule:
                scope.coreModules.append(validated.modules[moduleIndex])
                moduleIndex += 1
            case .coreInstances(let instances):
                for instance in instances { try addCoreInstance(instance, scope, validated) }
            case .coreTypes:
                break
            case .component:
                scope.components.append(ComponentClosure(component: validated.children[childIndex], enclosing: scope))
                childIndex += 1
            case .instances(let instances):
                for instance in instances { try addInstance(instance, scope) }
            case .aliases(let aliases):
                for position in aliases.indices { try addAlias(aliases, at: position, scope, validated) }
            case .types(let definitions):
                for definition in definitions { try defineType(definition, scope, validated) }
            case .canons(let count):
                for _ in 0..<count {
                    try addCanon(validated.canons[canonIndex], signature: validated.canonSignatures[canonIndex],
                                 typeID: validated.canonCoreTypeIDs[canonIndex], scope)
                    canonIndex += 1
                }
            case .imports(let imports):
                for entry in imports {
                    guard let item = arguments[entry.name.name] else {
                        throw .link(LinkError(message: "missing import", module: "", name: entry.name.name))
                    }
                    if importBindings == nil { Self.bind(validated.importTypes[importIndex], to: item, in: &state.resourceMap) }
                    importIndex += 1
                    push(item, scope, validated)
                }
            case .exports(let entries):
                for entry in entries {
                    let item = self.item(entry.item, scope)
                    exports.add(entry.name.name, item)
                    push(item, scope, validated)
                }
            }
        }
        return exports
    }

    // MARK: Index spaces

    func item(_ index: SortIndex, _ scope: RuntimeScope) -> RuntimeItem {
        let i = Int(index.index)
        switch index.sort {
        case .function: return .function(scope.functions[i])
        case .type: return .type(scope.types[i])
        case .instance: return .instance(scope.instances[i])
        case .component: return .component(scope.components[i])
        case .core(.module): return .module(scope.coreModules[i])
        default: preconditionFailure("validated: not a component-level sort")
        }
    }

    /// Adds `item` to its index space; a type records which runtime
    /// resource the static one at the same index stands for.
    func push(_ item: RuntimeItem, _ scope: RuntimeScope, _ validated: ValidatedComponent) {
        switch item {
        case .module(let module): scope.coreModules.append(module)
        case .function(let function): scope.functions.append(function)
        case .type(let type):
            if case .resource(let runtime) = type, scope.types.count < validated.types.count,
               case .resource(let declared) = validated.types[scope.types.count] {
                scope.state.resourceMap[declared] = runtime
            }
            scope.types.append(type)
        case .instance(let instance): scope.instances.append(instance)
        case .component(let component): scope.components.append(component)
        }
    }

    /// Records the runtime resources an import's abstract ones stand for.
    static func bind(_ type: ComponentExternType, to item: RuntimeItem, in map: inout [ResourceType: ResourceType]) {
        switch (type, item) {
        case (.type(.resource(let declared)), .type(.resource(let runtime))):
            map[declared] = runtime
        case (.instance(let instanceType), .instance(let instance)):
            // Only resources (and instances holding them) bind anything: the
            // functions, most of an interface, are skipped before the lookup.
            instanceType.exports.withUnsafeBufferPointer { exports in
                for index in exports.indices {
                    switch exports[index].type {
                    case .type(.resource), .instance:
                        if let exported = instance.items[exports[index].name] {
                            bind(exports[index].type, to: exported, in: &map)
                        }
                    default:
                        continue
                    }
                }
            }
        default:
            break
        }
    }

    func extern(_ item: CoreSortIndex, _ scope: RuntimeScope) -> StoreExtern {
        let i = Int(item.index)
        switch item.sort {
        case .function: return .function(address: scope.coreFunctions[i])
        case .table: return .table(scope.coreTables[i])
        case .memory: return .memory(scope.coreMemories[i])
        case .global: return .global(scope.coreGlobals[i])
        case .tag: return .tag(address: scope.coreTags[i])
        default: preconditionFailure("validated: not a core export sort")
        }
    }

    func pushCore(_ extern: StoreExtern, _ scope: RuntimeScope) {
        switch extern {
        case .function(let address): scope.coreFunctions.append(address)
        case .table(let table): scope.coreTables.append(table)
        case .memory(let memory): scope.coreMemories.append(memory)
        case .global(let global): scope.coreGlobals.append(global)
        case .tag(let address): scope.coreTags.append(address)
        }
    }

    func addCoreInstance(_ instance: CoreInstanceDefinition, _ scope: RuntimeScope,
                         _ validated: ValidatedComponent) throws(InstantiationError) {
        switch instance {
        case .instantiate(let moduleIndex, let arguments):
            let module = scope.coreModules[Int(moduleIndex)]
            let planned = validated.plan.coreInstantiations[scope.coreInstantiationCount]
            let known = planned.module == ObjectIdentifier(module)
            let providers = known ? planned.providers : [], sources = known ? planned.sources : []
            scope.coreInstantiationCount += 1
            // Local copies of the arrays, read in place below: going through
            // `scope` or copying each import entry cost retains and releases
            // per import.
            let entries = module.imports, coreInstances = scope.coreInstances
            var imports: [StoreExtern] = []
            imports.reserveCapacity(entries.count)
            for index in entries.indices {
                if index < sources.count, let source = sources[index],
                   coreInstances[source.instance].origin == source.origin {
                    imports.append(coreInstances[source.instance].externs[source.position])
                    continue
                }
                // The plan knows the providing argument when it knew the
                // module; otherwise a linear search (few arguments) beats hashing the module name.
                let provider = index < providers.count ? providers[index].map { arguments[$0] }
                    : arguments.last { $0.name == entries[index].module }
                guard let provider, let extern = coreInstances[Int(provider.instance)][entries[index].name] else {
                    throw .link(LinkError(message: "unknown import", module: entries[index].module, name: entries[index].name))
                }
                imports.append(extern)
            }
            let instance = try module.instantiate(imports: imports, in: store)
            scope.coreInstances.append(CoreInstanceExports(origin: known ? planned.exports.map(ObjectIdentifier.init) : nil,
                                                           positions: module.exportPositions,
                                                           externs: instance.exportedItems))
        case .exports(let items):
            let bag = validated.plan.bags[scope.coreExportBagCount]
            scope.coreExportBagCount += 1
            scope.coreInstances.append(CoreInstanceExports(origin: ObjectIdentifier(bag), positions: bag.positions,
                                                           externs: items.map { extern($0.item, scope) }))
        }
    }

    func addInstance(_ instance: InstanceDefinition, _ scope: RuntimeScope) throws(InstantiationError) {
        switch instance {
        case .instantiate(let componentIndex, let arguments):
            var provided: [String: RuntimeItem] = [:]
            for argument in arguments { provided[argument.name] = item(argument.item, scope) }
            let closure = scope.components[Int(componentIndex)]
            scope.instances.append(try instantiate(closure, arguments: provided, parent: scope.state))
        case .exports(let items):
            let bag = RuntimeInstance()
            for entry in items { bag.add(entry.name.name, item(entry.item, scope)) }
            scope.instances.append(bag)
        }
    }

    /// Adds `aliases[position]`. The alias is read in place, and a core
    /// alias the plan resolved never copies its name: copying each alias out
    /// of the array was a retain and a release of its name.
    func addAlias(_ aliases: [Alias], at position: Int, _ scope: RuntimeScope,
                  _ validated: ValidatedComponent) throws(InstantiationError) {
        switch aliases[position] {
        case .instanceExport(_, let instanceIndex, let name):
            let instance = scope.instances[Int(instanceIndex)]
            let ordinal = scope.instanceAliasCount
            scope.instanceAliasCount += 1
            if ordinal < scope.knownInstanceAliases.count, let known = scope.knownInstanceAliases[ordinal],
               known.instance === instance {
                push(known.item, scope, validated)
                return
            }
            guard let item = instance.items[name] else {
                throw .link(LinkError(message: "instance has no export", module: "", name: name))
            }
            push(item, scope, validated)
        case .coreInstanceExport(_, let instanceIndex, _):
            let source = validated.plan.aliasSources[scope.coreAliasCount]
            scope.coreAliasCount += 1
            let instance = Int(instanceIndex)
            if let source, scope.coreInstances[instance].origin == source.origin {
                pushCore(scope.coreInstances[instance].externs[source.position], scope)
                return
            }
            guard case .coreInstanceExport(_, _, let name) = aliases[position] else { return }
            guard let extern = scope.coreInstances[instance][name] else {
                throw .link(LinkError(message: "core instance has no export", module: "", name: name))
            }
            pushCore(extern, scope)
        case .outer(let sort, let count, let index):
            let outer = scope.outer(count)
            let i = Int(index)
            switch sort {
            case .type: push(.type(outer.types[i]), scope, validated)
            case .component: scope.components.append(outer.components[i])
            case .core(.module): scope.coreModules.append(outer.coreModules[i])
            default: break  // core types have no runtime form
            }
        }
    }

    func defineType(_ definition: ComponentTypeDefinition, _ scope: RuntimeScope,
                    _ validated: ValidatedComponent) throws(InstantiationError) {
        guard case .resource(let destructor) = definition else {
            scope.types.append(.structural)
            return
        }
        guard case .resource(let declared) = validated.types[scope.types.count] else {
            preconditionFailure("validated: resource definition")
        }
        let runtime = ResourceType(name: declared.name)
        scope.state.resourceMap[declared] = runtime
        scope.state.implemented.insert(runtime)
        let destructorAddress = destructor.map { scope.coreFunctions[Int($0)] }
        ComponentStoreState.of(store).guestImplementations[runtime] = .guest(owner: scope.state, destructor: destructorAddress)
        scope.types.append(.resource(runtime))
    }

    func options(_ options: CanonOptions, _ scope: RuntimeScope) -> RuntimeOptions {
        RuntimeOptions(encoding: options.encoding,
                       memory: options.memory.map { scope.coreMemories[Int($0)] },
                       realloc: options.realloc.map { scope.coreFunctions[Int($0)] },
                       postReturn: options.postReturn.map { scope.coreFunctions[Int($0)] },
                       isAsync: options.isAsync,
                       callback: options.callback.map { scope.coreFunctions[Int($0)] })
    }

    /// `typeID`: the canon's core function type in the store's engine.
    func addCanon(_ canon: ResolvedCanon, signature: FlatSignature?, typeID: Int, _ scope: RuntimeScope) throws(InstantiationError) {
        switch canon {
        case .lift(let coreFunction, let type, let options):
            let core = scope.coreFunctions[Int(coreFunction)]
            scope.functions.append(RuntimeFunction(type: type, body: .lifted(instance: scope.state, core: core,
                                                                              options: self.options(options, scope)),
                                                   signature: signature))
        case .lower(let function, let type, let options):
            let signature = signature ?? FlatSignature(type, context: .lower, isAsync: options.isAsync)
            let callee = scope.functions[Int(function)], runtimeOptions = self.options(options, scope)
            // Called directly: a method taken as a value is a closure made and released per canon.
            let address = options.isAsync || type.isAsync
                ? scope.state.lowerAsync(callee, type: type, signature: signature, options: runtimeOptions, typeID: typeID)
                : scope.state.lower(callee, type: type, signature: signature, options: runtimeOptions, typeID: typeID)
            scope.coreFunctions.append(address)
        case .resourceNew, .resourceRep, .resourceDrop:
            scope.coreFunctions.append(scope.state.resourceBuiltin(canon, typeID: typeID))
        case .builtin(let builtin):
            scope.coreFunctions.append(try scope.state.asyncBuiltin(builtin, typeID: typeID, options: { self.options($0, scope) },
                                                                    memory: { scope.coreMemories[Int($0)] },
                                                                    table: { scope.coreTables[Int($0)] }))
        }
    }
}
