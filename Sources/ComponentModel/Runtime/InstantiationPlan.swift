import WasmDecoder
import WasmInterpreter

/// What instantiation can know of a component's core instance graph before
/// any instance exists, worked out once when the component is validated:
/// the export names of each core instance defined as a bag, and, where the
/// providing instance's exports are known (a module the component defines,
/// a bag), where each core import and `alias core export` will find its
/// item: the providing instance and the position in its exports. A source
/// names the export list it was computed from (`CoreExportNames`, by
/// identity), and instantiation takes the item at the position only from an
/// instance made from that same list, with no name compared; any other
/// instance is searched by name. So a source saves the search and the string
/// handling (a Python component resolves about 4,500 per request) and can
/// never pick a wrong item.
struct InstantiationPlan: Sendable {
    /// Per core instance defined as a bag of exports, in definition order.
    let bags: [CoreExportNames]
    /// Per core instantiation, in definition order.
    let coreInstantiations: [CoreInstantiationPlan]
    /// Per `alias core export`, in definition order, where it finds its item.
    let aliasSources: [PlannedSource?]
    /// The component's definitions as instantiation walks them, without the
    /// core modules and nested components (their translations are in
    /// `ValidatedComponent`): copying a definition that holds a decoded
    /// module retained each of the module's arrays, per instance.
    let steps: [InstantiationStep]

    init(component: Component, modules: [CompiledModule]) {
        steps = component.definitions.map(InstantiationStep.init)
        var bags: [CoreExportNames] = []
        var coreInstantiations: [CoreInstantiationPlan] = []
        var aliasSources: [PlannedSource?] = []
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
                        let sources = zip(module?.imports ?? [], providers).map { entry, provider -> PlannedSource? in
                            guard let provider else { return nil }
                            return PlannedSource(instance: arguments[provider].instance, name: entry.name, in: instanceSpace)
                        }
                        let exports = module.map { CoreExportNames($0.exports.map(\.name)) }
                        coreInstantiations.append(CoreInstantiationPlan(
                            module: module.map(ObjectIdentifier.init), providers: providers, sources: sources, exports: exports))
                        instanceSpace.append(exports)
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
                        aliasSources.append(PlannedSource(instance: instance, name: name, in: instanceSpace))
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
        self.aliasSources = aliasSources
    }
}

/// Where a core import or alias finds its item when its instance was made
/// from the export list `origin`: at `position` of `instance`'s exports.
struct PlannedSource: Sendable {
    let instance: Int
    let position: Int
    let origin: ObjectIdentifier

    /// The source of export `name` of core instance `instance`, if the plan
    /// knows that instance's export list (`instanceSpace`).
    init?(instance: UInt32, name: String, in instanceSpace: [CoreExportNames?]) {
        guard instanceSpace.indices.contains(Int(instance)), let names = instanceSpace[Int(instance)],
              let position = names.positions[name] else { return nil }
        self.instance = Int(instance)
        self.position = position
        origin = ObjectIdentifier(names)
    }
}

/// What the plan knows of one core instantiation: the module it saw (nil
/// when not known here); per import of that module, which of the
/// instantiation's arguments provides it (the last one with the import's
/// module name; nil when none does) and where it finds its item (nil when
/// unknown); and the module's export names. All of it is used only when
/// instantiation finds the same module object.
struct CoreInstantiationPlan: Sendable {
    let module: ObjectIdentifier?
    let providers: [Int?]
    let sources: [PlannedSource?]
    let exports: CoreExportNames?
}

/// A core instance's export positions by name. A class: its identity marks
/// the instances whose exports it lists (`PlannedSource.origin`).
final class CoreExportNames: Sendable {
    let positions: [String: Int]

    init(_ names: [String]) {
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
