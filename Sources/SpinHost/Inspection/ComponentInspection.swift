public import ComponentModel
import WasmDecoder
import WasmInterpreter

/// What `spin inspect` reports about a component: its imports and exports
/// by interface, functions with their signatures and resources with their
/// methods, in WIT's syntax (`WITNames`).
public struct ComponentInspection: Sendable {
    /// The component's type: its imports and exports, resolved.
    public let type: ComponentComponentType

    /// Whether `bytes` start like a component rather than a core module.
    public static func isComponent(_ bytes: [UInt8]) -> Bool { isComponentBinary(bytes) }

    /// Decodes and validates a component binary, translating its core
    /// modules; throws the `ComponentError` that stops it.
    public init(bytes: [UInt8]) throws(ComponentError) {
        type = try ValidatedComponent(bytes, engine: Engine()).type
    }

    /// One line: counts of imports and exports.
    public var summary: String {
        "component, \(type.imports.count) imports, \(type.exports.count) exports"
    }

    /// Imports, then exports, in the component's order. An interface is a
    /// line `import NAME` followed by its items, indented as WIT orders
    /// them: `use` lines for the types an interface listed earlier exports
    /// (a resource by identity, a value type by name and structure), its
    /// resources (with their constructors, methods and static functions
    /// below them) and named types in order, then its functions. A
    /// top-level item is one line: `import NAME: func(...)`.
    public var interfaceLines: [String] {
        var lines: [String] = []
        // Names of resources from every interface, for an interface that
        // mentions one without exporting it; the top level's names for all.
        var resourceNames: [(name: String, type: ComponentExternType)] = []
        for (_, extern) in type.imports + type.exports {
            guard case .instance(let instance) = extern else { continue }
            resourceNames += instance.exports.filter { if case .type(.resource) = $0.type { true } else { false } }
        }
        let topLevel = WITNames(exports: type.imports + type.exports, outer: WITNames(exports: resourceNames))
        var owners = TypeOwners()
        for (direction, entries) in [("import", type.imports), ("export", type.exports)] {
            for (name, extern) in entries {
                switch extern {
                case .instance(let instance):
                    lines.append("\(direction) \(name)")
                    let names = WITNames(exports: instance.exports, outer: topLevel)
                    lines += Self.items(of: instance, named: name, names: names, owners: owners).map { "  " + $0 }
                    owners.add(instance, named: name)
                default:
                    lines.append("\(direction) \(Self.topLevelItem(name, extern, names: topLevel))")
                }
            }
        }
        return lines
    }

    /// Which interface listed first exports each type, for `use`.
    struct TypeOwners {
        var resources: [ResourceType: (interface: String, name: String)] = [:]
        var values: [String: [(type: ComponentValueType, interface: String)]] = [:]

        mutating func add(_ instance: ComponentInstanceType, named interface: String) {
            for (name, extern) in instance.exports {
                switch extern {
                case .type(.resource(let resource)) where resources[resource] == nil:
                    resources[resource] = (interface, name)
                case .type(.value(let value)) where !(values[name] ?? []).contains(where: { $0.type == value }):
                    values[name, default: []].append((value, interface))
                default:
                    break
                }
            }
        }

        /// The interface and name to `use` for type export `name` of type `type`.
        func owner(of name: String, _ type: ComponentDefinedType) -> (interface: String, name: String)? {
            switch type {
            case .resource(let resource): resources[resource]
            case .value(let value): values[name]?.first { $0.type == value }.map { ($0.interface, name) }
            default: nil
            }
        }
    }

    static func topLevelItem(_ name: String, _ extern: ComponentExternType, names: WITNames) -> String {
        switch extern {
        case .function(let function): "\(WITNames.identifier(name)): \(names.signature(function))"
        case .type(.resource): "\(WITNames.identifier(name)): resource"
        case .type(.value(let value)): names.definition(name, value)
        case .type: "\(WITNames.identifier(name)): type"
        case .instance: "\(name): instance"
        case .component: "\(name): component"
        case .module: "\(name): core module"
        }
    }

    /// An interface's items, in WIT's order: `use`s, types, functions.
    static func items(of instance: ComponentInstanceType, named interface: String, names: WITNames,
                      owners: TypeOwners) -> [String] {
        // Constructors, methods and statics, by the resource they belong to.
        var members: [String: [String]] = [:]
        var functions: [String] = []
        for (name, extern) in instance.exports {
            guard case .function(let function) = extern else { continue }
            if let (resource, line) = member(name, function, names: names), names.resources.values.contains(resource) {
                members[resource, default: []].append(line)
            } else {
                functions.append("\(WITNames.identifier(name)): \(names.signature(function))")
            }
        }
        var uses: [(interface: String, items: [String])] = []
        var types: [String] = []
        for (name, extern) in instance.exports {
            let id = WITNames.identifier(name)
            guard case .type(let defined) = extern else {
                if case .function = extern { continue }
                types.append(topLevelItem(name, extern, names: names))
                continue
            }
            if let owner = owners.owner(of: name, defined) {
                let item = owner.name == name ? id : "\(WITNames.identifier(owner.name)) as \(id)"
                if let index = uses.firstIndex(where: { $0.interface == owner.interface }) {
                    uses[index].items.append(item)
                } else {
                    uses.append((owner.interface, [item]))
                }
                functions += members[name] ?? []   // not from WIT: a resource's members live where it is defined
                continue
            }
            switch defined {
            case .resource(let resource):
                if let first = names.resources[resource], first != name {
                    types.append("type \(id) = \(WITNames.identifier(first))")
                } else {
                    types.append("resource \(id)")
                    types += (members[name] ?? []).map { "  " + $0 }
                }
            case .value(let value):
                types.append(names.definition(name, value))
            default:
                types.append(topLevelItem(name, extern, names: names))
            }
        }
        return uses.map { "use \($0.interface).{\($0.items.joined(separator: ", "))}" } + types + functions
    }

    /// `[constructor]r`, `[method]r.name`, `[static]r.name` (Explainer.md,
    /// "Import and Export Definitions"): the resource and the member's line.
    static func member(_ name: String, _ function: ComponentFunctionType, names: WITNames) -> (String, String)? {
        if name.hasPrefix("[constructor]") {
            return (String(name.dropFirst("[constructor]".count)), "constructor: \(names.signature(function))")
        }
        for (prefix, keyword) in [("[method]", "func"), ("[static]", "static func")] where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), "\(WITNames.identifier(String(parts[1]))): \(names.signature(function, keyword: keyword))")
        }
        return nil
    }
}
