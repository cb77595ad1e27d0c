import WasmDecoder
import WasmInterpreter

/// What instantiation can know of a component's core instance graph before
/// any instance exists, worked out once when the component is validated:
/// the export names of each core instance defined as a bag, and, where the
/// providing instance's exports are known (a module the component defines,
/// a bag), the position at which each core import and `alias core export`
/// will find its item. Positions are hints: instantiation checks the name
/// at the position and otherwise looks the name up, so a hint can only
/// save time, never pick a wrong item.
struct InstantiationPlan: Sendable {
    /// Per core instance defined as a bag of exports, in definition order.
    let bags: [CoreExportNames]
    /// Per core instantiation, in definition order.
    let coreInstantiations: [CoreInstantiationPlan]
    /// Per `alias core export`, in definition order, the export's position.
    let aliasPositions: [Int?]
    /// The component's definitions as instantiation walks them, without the
    /// core modules and nested components (their translations are in
    /// `ValidatedComponent`): copying a definition that holds a decoded
    /// module retained each of the module's arrays, per instance.
    let steps: [InstantiationStep]

    init(component: Component, modules: [CompiledModule]) {
        steps = component.definitions.map(InstantiationStep.init)
        var bags: [CoreExportNames] = []
        var coreInstantiations: [CoreInstantiationPlan] = []
        var aliasPositions: [Int?] = []
        // The module and core instance index spaces, as far as known here.
        var moduleSpace: [CompiledModule?] = []
        var instanceSpace: [CoreExportNames?] = []
        var ownModules = modules.makeIterator()
        for definition in component.definitions {
            switch definition {
            case .coreModule:
                moduleSpace.append(ownModules.next())
            case .coreInstances(let instances):
                for instance in instances {
                    switch instance {
                    case .instantiate(let moduleIndex, let arguments):
                        let module = moduleSpace.indices.contains(Int(moduleIndex)) ? moduleSpace[Int(moduleIndex)] : nil
                        let providers = module?.imports.map { entry in
                            arguments.lastIndex(where: { $0.name == entry.module })
                        } ?? []
                        let positions = zip(module?.imports ?? [], providers).map { entry, provider -> Int? in
                            guard let provider, instanceSpace.indices.contains(Int(arguments[provider].instance)) else { return nil }
                            return instanceSpace[Int(arguments[provider].instance)]?.positions[entry.name]
                        }
                        coreInstantiations.append(CoreInstantiationPlan(
                            module: module.map(ObjectIdentifier.init), providers: providers, positions: positions))
                        instanceSpace.append(module.map { CoreExportNames($0.exports.map(\.name)) })
                    case .exports(let items):
                        let names = CoreExportNames(items.map(\.name))
                        bags.append(names)
                        instanceSpace.append(names)
                    }
                }
            case .aliases(let aliases):
                for alias in aliases {
                    switch alias {
                    case .coreInstanceExport(_, let instance, let name):
                        let names = instanceSpace.indices.contains(Int(instance)) ? instanceSpace[Int(instance)] : nil
                        aliasPositions.append(names?.positions[name])
                    case .outer(.core(.module), _, _), .instanceExport(.core(.module), _, _):
                        moduleSpace.append(nil)
                    default:
                        break
                    }
                }
            case .imports(let imports):
                for entry in imports {
                    if case .coreModule = entry.type { moduleSpace.append(nil) }
                }
            case .exports(let exports):
                for entry in exports where entry.item.sort == .core(.module) {
                    let index = Int(entry.item.index)
                    moduleSpace.append(moduleSpace.indices.contains(index) ? moduleSpace[index] : nil)
                }
            case .coreTypes, .component, .instances, .types, .canons:
                break
            }
        }
        self.bags = bags
        self.coreInstantiations = coreInstantiations
        self.aliasPositions = aliasPositions
    }
}

/// A core instance's export names in order, and their positions by name.
/// What the plan knows of one core instantiation: the module it saw (nil
/// when not known here) and, per import of that module, which of the
/// instantiation's arguments provides it (the last one with the import's
/// module name; nil when none does) and the import's position in that
/// argument's exports (nil when unknown). Providers are used only when
/// instantiation finds the same module object, so they save the name search
/// without a check; positions are hints, checked by name.
struct CoreInstantiationPlan: Sendable {
    let module: ObjectIdentifier?
    let providers: [Int?]
    let positions: [Int?]
}

struct CoreExportNames: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One definition of a component as instantiation needs it.
enum InstantiationStep: Sendable {
    case coreModule
    case coreInstances([CoreInstanceDefinition])
    case coreTypes
    case component
    case instances([InstanceDefinition])
    case aliases([Alias])
    case types([ComponentTypeDefinition])
    case canons(count: Int)
    case imports([ComponentImport])
    case exports([ComponentExport])

    init(_ definition: ComponentDefinition) {
        switch definition {
        case .coreModule: self = .coreModule
        case .coreInstances(let instances): self = .coreInstances(instances)
        case .coreTypes: self = .coreTypes
        case .component: self = .component
        case .instances(let instances): self = .instances(instances)
        case .aliases(let aliases): self = .aliases(aliases)
        case .types(let types): self = .types(types)
        case .canons(let canons): self = .canons(count: canons.count)
        case .imports(let imports): self = .imports(imports)
        case .exports(let exports): self = .exports(exports)
        }
    }
}
