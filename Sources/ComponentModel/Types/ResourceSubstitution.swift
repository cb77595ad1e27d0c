/// Replacing resource types inside types: binding an import's abstract
/// resources to the actual ones, or giving each import of an instance type
/// fresh resources of its own.
struct ResourceSubstitution {
    var map: [ResourceType: ResourceType] = [:]

    var isEmpty: Bool { map.isEmpty }

    func apply(_ resource: ResourceType) -> ResourceType { map[resource] ?? resource }

    func apply(_ type: ComponentValueType) -> ComponentValueType {
        if map.isEmpty { return type }
        switch type {
        case .own(let resource): return .own(apply(resource))
        case .borrow(let resource): return .borrow(apply(resource))
        case .list(let element): return .list(apply(element))
        case .fixedLengthList(let element, let length): return .fixedLengthList(apply(element), length: length)
        case .map(let key, let value): return .map(key: apply(key), value: apply(value))
        case .option(let element): return .option(apply(element))
        case .record(let fields): return .record(fields.map { .init($0.name, apply($0.type)) })
        case .tuple(let elements): return .tuple(elements.map(apply))
        case .variant(let cases): return .variant(cases.map { .init($0.name, $0.type.map(apply)) })
        case .result(let ok, let error): return .result(ok: ok.map(apply), error: error.map(apply))
        case .stream(let element): return .stream(element.map(apply))
        case .future(let element): return .future(element.map(apply))
        default: return type
        }
    }

    func apply(_ type: ComponentFunctionType) -> ComponentFunctionType {
        if map.isEmpty { return type }
        return ComponentFunctionType(parameters: type.parameters.map { .init($0.name, apply($0.type)) },
                                     result: type.result.map(apply), isAsync: type.isAsync)
    }

    func apply(_ type: ComponentDefinedType) -> ComponentDefinedType {
        if map.isEmpty { return type }
        switch type {
        case .value(let value): return .value(apply(value))
        case .function(let function): return .function(apply(function))
        case .resource(let resource): return .resource(apply(resource))
        case .instance(let instance): return .instance(apply(instance))
        case .component(let component): return .component(apply(component))
        }
    }

    func apply(_ type: ComponentInstanceType) -> ComponentInstanceType {
        if map.isEmpty { return type }
        return ComponentInstanceType(exports: type.exports.map { ($0.name, apply($0.type)) },
                                     resources: type.resources.map(apply))
    }

    func apply(_ type: ComponentComponentType) -> ComponentComponentType {
        if map.isEmpty { return type }
        return ComponentComponentType(imports: type.imports.map { ($0.name, apply($0.type)) },
                                      exports: type.exports.map { ($0.name, apply($0.type)) },
                                      importedResources: type.importedResources.map(apply),
                                      exportedResources: type.exportedResources.map(apply))
    }

    func apply(_ type: ComponentExternType) -> ComponentExternType {
        if map.isEmpty { return type }
        switch type {
        case .module: return type
        case .function(let function): return .function(apply(function))
        case .type(let defined): return .type(apply(defined))
        case .instance(let instance): return .instance(apply(instance))
        case .component(let component): return .component(apply(component))
        }
    }

    /// A copy of `type` whose declared resources are new types: what one
    /// import (or one instantiation's exports) of it introduces.
    static func fresh(_ type: ComponentInstanceType) -> ComponentInstanceType {
        var substitution = ResourceSubstitution()
        for resource in type.resources { substitution.map[resource] = ResourceType(name: resource.name) }
        return substitution.apply(type)
    }
}
