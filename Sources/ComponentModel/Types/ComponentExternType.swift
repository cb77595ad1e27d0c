public import WasmDecoder

/// What a type index of a component names, resolved.
public indirect enum ComponentDefinedType: Sendable {
    case value(ComponentValueType)
    case function(ComponentFunctionType)
    case resource(ResourceType)
    case instance(ComponentInstanceType)
    case component(ComponentComponentType)
}

extension ComponentDefinedType {
    /// Whether the type is or contains a resource type.
    var mentionsResource: Bool {
        switch self {
        case .resource: return true
        case .value(let value):
            var found = false
            value.forEachResource { _ in found = true }
            return found
        case .function(let function):
            var found = false
            for parameter in function.parameters { parameter.type.forEachResource { _ in found = true } }
            function.result?.forEachResource { _ in found = true }
            return found
        case .instance(let instance):
            return instance.exports.contains { $0.type.mentionsResource }
        case .component(let component):
            return component.imports.contains { $0.type.mentionsResource } || component.exports.contains { $0.type.mentionsResource }
        }
    }
}

extension ComponentExternType {
    var mentionsResource: Bool {
        switch self {
        case .module: false
        case .function(let function): ComponentDefinedType.function(function).mentionsResource
        case .type(let type): type.mentionsResource
        case .instance(let instance): ComponentDefinedType.instance(instance).mentionsResource
        case .component(let component): ComponentDefinedType.component(component).mentionsResource
        }
    }
}

/// The type of an import or export, resolved (`externdesc`).
public indirect enum ComponentExternType: Sendable {
    case module(CoreModuleType)
    case function(ComponentFunctionType)
    case type(ComponentDefinedType)
    case instance(ComponentInstanceType)
    case component(ComponentComponentType)

    var kindName: String {
        switch self {
        case .module: "module"
        case .function: "func"
        case .type: "type"
        case .instance: "instance"
        case .component: "component"
        }
    }
}

/// An instance type: named exports, in order. `resources` are the abstract
/// resource types it declares (`(export "r" (type (sub resource)))`); each
/// import of the type gets fresh ones.
public struct ComponentInstanceType: Sendable {
    public var exports: [(name: String, type: ComponentExternType)]
    var resources: [ResourceType]

    public func export(_ name: String) -> ComponentExternType? {
        exports.first { $0.name == name }?.type
    }
}

/// A component type: its imports and exports.
public struct ComponentComponentType: Sendable {
    public var imports: [(name: String, type: ComponentExternType)]
    public var exports: [(name: String, type: ComponentExternType)]
    /// Resources its imports declare (bound by each instantiation's arguments).
    var importedResources: [ResourceType]
    /// Resources its exports declare (fresh per instance).
    var exportedResources: [ResourceType]
}

/// A core module's type: what it imports and exports.
public struct CoreModuleType: Sendable {
    public var imports: [(module: String, name: String, type: CoreExternType)]
    public var exports: [(name: String, type: CoreExternType)]

    public enum CoreExternType: Sendable, Equatable {
        case function(FunctionType)
        case table(TableType)
        case memory(MemoryType)
        case global(GlobalType)
        /// An exception tag, by the function type of its payload (Wasm 3.0).
        case tag(FunctionType)
    }
}
