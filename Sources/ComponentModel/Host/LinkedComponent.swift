public import WasmInterpreter

/// A validated component whose imports were resolved against a
/// `ComponentLinker` and type-checked, once. `instantiate` only allocates.
public struct LinkedComponent: Sendable {
    public let component: ValidatedComponent
    /// Per top-level import name, what serves it.
    let imports: [String: LinkedImport]

    indirect enum LinkedImport: Sendable {
        case function(HostComponentFunction)
        /// A resource type some other import defines (bound by that import).
        case resource(ResourceType)
        /// A resource type the host defines, with its destructor.
        case hostResource(HostResourceDefinition)
        case structuralType
        case instance([(name: String, item: LinkedImport)])
    }

    /// The imports as runtime items, made once: host functions and
    /// interfaces hold no per-instance state, so every instance shares them.
    let hostImports: HostImports

    init(component: ValidatedComponent, imports: [String: LinkedImport]) {
        self.component = component
        self.imports = imports
        hostImports = HostImports(imports, of: component)
    }

    /// A fresh instance of the component in `store`.
    public func instantiate(in store: Store) throws(InstantiationError) -> ComponentInstance {
        guard component.engine === store.engine else {
            throw .link(LinkError(message: "component compiled by another engine", module: "", name: ""))
        }
        store.reserveFunctions(component.functionCountHint)
        // What `resource.drop` of the guest's last owning handle of a host resource runs.
        ComponentStoreState.of(store).addHostDestructors(hostImports.destructors)
        let root = ComponentInstantiation(store: store)
        defer { root.finish() }
        let exports = try root.instantiate(ComponentClosure(component: component, enclosing: nil),
                                           arguments: hostImports.arguments, parent: nil, host: hostImports)
        // Taken before `finish()` empties the scopes.
        let state = root.rootState
        return ComponentInstance(store: store, exports: exports, type: component.type, state: state)
    }
}

/// A linked component's imports as runtime items, with the host resource
/// types among them. Built once by `link` and never changed after, which
/// is what makes sharing it between threads safe.
final class HostImports: @unchecked Sendable {
    let arguments: [String: RuntimeItem]
    /// The component's imported resource types bound to the host's, as
    /// instantiating binds them: the same every time, so worked out here.
    let resourceBindings: [ResourceType: ResourceType]
    /// What dropping the last owning handle of each host resource type runs.
    let destructors: [ResourceType: HostResourceDefinition.Destructor]
    /// The items of the component's `alias export`s of the host's
    /// instances, by the alias's place among its `alias export`s of
    /// component instances (nil for the others). A Python component aliases
    /// hundreds of interface functions by name, and the host's instances
    /// never change, so the names are looked up here once.
    let instanceAliases: [KnownInstanceAlias?]

    init(_ imports: [String: LinkedComponent.LinkedImport], of component: ValidatedComponent) {
        var resources: [HostResourceDefinition] = []
        func materialize(_ linked: LinkedComponent.LinkedImport) -> RuntimeItem {
            switch linked {
            case .function(let host):
                return .function(RuntimeFunction(type: host.type, body: .host(host), signature: host.signature))
            case .resource(let type):
                return .type(.resource(type))
            case .hostResource(let definition):
                resources.append(definition)
                return .type(.resource(definition.type))
            case .structuralType:
                return .type(.structural)
            case .instance(let items):
                let instance = RuntimeInstance()
                for (name, item) in items { instance.add(name, materialize(item)) }
                return .instance(instance)
            }
        }
        arguments = imports.mapValues(materialize)
        destructors = Dictionary(resources.map { ($0.type, $0.destructor) }) { _, last in last }
        var bindings: [ResourceType: ResourceType] = [:]
        var importIndex = 0
        for case .imports(let entries) in component.plan.steps {
            for entry in entries {
                if let item = arguments[entry.name.name] {
                    ComponentInstantiation.bind(component.importTypes[importIndex], to: item, in: &bindings)
                }
                importIndex += 1
            }
        }
        resourceBindings = bindings
        instanceAliases = Self.instanceAliases(of: component, arguments: arguments)
    }

    /// Follows the root's component instance index space through its
    /// definitions, as instantiating fills it, knowing only the host's
    /// instances (and instances aliased out of them). Instantiation checks
    /// each alias's instance against the one recorded, so a place this
    /// misjudges costs a name look-up, never a wrong item.
    private static func instanceAliases(of component: ValidatedComponent,
                                        arguments: [String: RuntimeItem]) -> [KnownInstanceAlias?] {
        var instances: [RuntimeInstance?] = []
        var aliases: [KnownInstanceAlias?] = []
        func instance(_ index: UInt32) -> RuntimeInstance? {
            Int(index) < instances.count ? instances[Int(index)] : nil
        }
        for step in component.plan.steps {
            switch step {
            case .imports(let entries):
                for entry in entries {
                    if case .instance(let imported)? = arguments[entry.name.name] { instances.append(imported) }
                }
            case .aliases(let definitions):
                for case .instanceExport(let sort, let index, let name) in definitions {
                    let source = instance(index)
                    let item = source?.items[name]
                    if let source, let item {
                        aliases.append(KnownInstanceAlias(instance: source, item: item))
                    } else {
                        aliases.append(nil)
                    }
                    if sort == .instance {
                        if case .instance(let aliased)? = item { instances.append(aliased) } else { instances.append(nil) }
                    }
                }
            case .instances(let definitions):
                instances.append(contentsOf: repeatElement(nil, count: definitions.count))
            case .exports(let entries):
                for entry in entries where entry.item.sort == .instance { instances.append(instance(entry.item.index)) }
            case .coreModule, .coreInstances, .coreTypes, .component, .types, .canons:
                break
            }
        }
        return aliases
    }
}

/// An item of one of the host's instances, found once by name.
struct KnownInstanceAlias {
    let instance: RuntimeInstance
    let item: RuntimeItem
}

extension ComponentLinker {
    /// Resolves every import of `component` to a definition here and
    /// checks its type (semver-compatible interface names; resource types
    /// bound by name). Fails with the import and the reason.
    public func link(_ component: ValidatedComponent) throws(LinkError) -> LinkedComponent {
        var subtyping = Subtyping(bindable: component.type.importedResources)
        var imports: [String: LinkedComponent.LinkedImport] = [:]
        for (name, type) in component.type.imports {
            func failure(_ message: String, _ item: String = "") -> LinkError {
                LinkError(message: message, module: name, name: item)
            }
            switch type {
            case .instance(let expected):
                guard let interface = interface(servingImport: name) ?? undefinedInterface(name, expected) else {
                    throw failure("no host implements this interface")
                }
                subtyping.bindable.formUnion(expected.resources)
                var items: [(name: String, item: LinkedComponent.LinkedImport)] = []
                for (exportName, exportType) in expected.exports {
                    switch exportType {
                    case .type(.resource(let declared))
                        where !expected.resources.contains(declared) || subtyping.bindings.map[declared] != nil:
                        // A resource of another interface used here (`use`), bound by that import,
                        // or another name for one bound already (`type headers = fields`).
                        items.append((exportName, .resource(subtyping.bindings.apply(declared))))
                    case .type(.resource(let declared)):
                        guard let resource = interface.resources[exportName] else { throw failure("unknown resource", exportName) }
                        if let problem = subtyping.check(.resource(resource.type), .resource(declared)) {
                            throw failure(problem, exportName)
                        }
                        items.append((exportName, .hostResource(resource)))
                    case .type:
                        // Value types: checked through the functions that use them.
                        items.append((exportName, .structuralType))
                    case .function(let function):
                        var host = interface.functions[exportName]
                        // A function nothing defines (an interface we lack, or one a newer
                        // minor version added) is served as undefined, when that is allowed.
                        if host == nil, let server = undefinedInterfaceServer {
                            let bound = subtyping.bindings.apply(function)
                            host = server(name, exportName, bound).map { HostComponentFunction(type: bound, $0) }
                        }
                        guard let host else { throw failure("unknown import function", exportName) }
                        if let problem = subtyping.check(host.type, function) {
                            throw failure("incompatible import type: \(problem)", exportName)
                        }
                        items.append((exportName, .function(host)))
                    default:
                        throw failure("only functions and resources can be imported from the host", exportName)
                    }
                }
                imports[name] = .instance(items)
            case .function(let expected):
                guard let host = functions[name] else { throw failure("unknown import function") }
                if let problem = subtyping.check(host.type, expected) { throw failure("incompatible import type: \(problem)") }
                imports[name] = .function(host)
            default:
                throw failure("only instances and functions can be imported from the host")
            }
        }
        return LinkedComponent(component: component, imports: imports)
    }

    /// An interface of fresh host resources and no functions (they are made
    /// per import type in `link`), when undefined interfaces are served.
    private func undefinedInterface(_ name: String, _ expected: ComponentInstanceType) -> Interface? {
        guard undefinedInterfaceServer != nil else { return nil }
        var interface = Interface(name: name)
        for (exportName, type) in expected.exports {
            guard case .type(.resource(let declared)) = type, expected.resources.contains(declared) else { continue }
            interface.resources[exportName] = HostResourceDefinition(type: ResourceType(name: declared.name)) { call, rep in
                call.resources.remove(rep)
            }
        }
        return interface
    }
}
