import WasmDecoder

/// Whether an actual import or argument can stand where a type is expected
/// (Explainer.md, "Subtyping"), binding the expected type's abstract
/// resources to the actual ones as it goes.
struct Subtyping {
    /// Abstract resources of the expected side that may still be bound.
    var bindable: Set<ResourceType>
    var bindings = ResourceSubstitution()

    init(bindable: some Sequence<ResourceType>) {
        self.bindable = Set(bindable)
    }

    /// nil when `actual` is a subtype of `expected`, else why not.
    mutating func check(_ actual: ComponentExternType, _ expected: ComponentExternType) -> String? {
        switch (actual, expected) {
        case (.module(let a), .module(let e)): return check(a, e)
        case (.function(let a), .function(let e)): return check(a, e)
        case (.type(let a), .type(let e)): return check(a, e)
        case (.instance(let a), .instance(let e)): return check(a, e)
        case (.component(let a), .component(let e)): return check(a, e)
        default: return "expected \(expected.kindName), found \(actual.kindName)"
        }
    }

    mutating func check(_ actual: ComponentDefinedType, _ expected: ComponentDefinedType) -> String? {
        switch (actual, expected) {
        case (.resource(let a), .resource(let e)):
            if bindable.contains(e), bindings.map[e] == nil {
                bindings.map[e] = a
                return nil
            }
            return bindings.apply(e) == a ? nil : "resource types are not the same"
        case (.value(let a), .value(let e)):
            return bindings.apply(e) == a ? nil : "type mismatch"
        case (.function(let a), .function(let e)): return check(a, e)
        case (.instance(let a), .instance(let e)): return check(a, e)
        case (.component(let a), .component(let e)): return check(a, e)
        default: return "type mismatch"
        }
    }

    mutating func check(_ actual: ComponentFunctionType, _ expected: ComponentFunctionType) -> String? {
        let expected = bindings.apply(expected)
        guard actual.parameters.count == expected.parameters.count else { return "expected \(expected.parameters.count) parameters, found \(actual.parameters.count)" }
        for (a, e) in zip(actual.parameters, expected.parameters) {
            guard a.name == e.name else { return "expected parameter named `\(e.name)`, found `\(a.name)`" }
            guard a.type == e.type else { return "type mismatch in parameter `\(e.name)`" }
        }
        guard actual.result == expected.result else { return "type mismatch in function result" }
        guard actual.isAsync == expected.isAsync else { return "expected \(expected.isAsync ? "an async" : "a sync") function type" }
        return nil
    }

    /// Every export the expected instance lists must be present and match.
    mutating func check(_ actual: ComponentInstanceType, _ expected: ComponentInstanceType) -> String? {
        bindable.formUnion(expected.resources)
        for (name, type) in expected.exports {
            guard let found = actual.export(name) else { return "missing expected export `\(name)`" }
            if let problem = check(found, type) { return "type mismatch in instance export `\(name)`: \(problem)" }
        }
        return nil
    }

    /// Contravariant imports, covariant exports.
    mutating func check(_ actual: ComponentComponentType, _ expected: ComponentComponentType) -> String? {
        // Imports are contravariant: what the expected type offers must do
        // for what the actual one imports; its abstract resources are bound
        // to the offered ones, for the imports after and for the exports.
        var reversed = Subtyping(bindable: actual.importedResources)
        reversed.bindings = bindings
        for (name, type) in actual.imports {
            guard let offered = expected.imports.first(where: { $0.name == name })?.type else {
                return "missing expected import `\(name)`"
            }
            if let problem = reversed.check(offered, type) { return "type mismatch in import `\(name)`: \(problem)" }
        }
        bindable.formUnion(expected.exportedResources)
        for (name, type) in expected.exports {
            guard let found = actual.exports.first(where: { $0.name == name })?.type else {
                return "missing expected export `\(name)`"
            }
            if let problem = check(reversed.bindings.apply(found), type) {
                return "type mismatch in export `\(name)`: \(problem)"
            }
        }
        return nil
    }

    func check(_ actual: CoreModuleType, _ expected: CoreModuleType) -> String? {
        for entry in actual.imports {
            guard let offered = expected.imports.first(where: { $0.module == entry.module && $0.name == entry.name }) else {
                return "missing expected import `\(entry.module)::\(entry.name)`"
            }
            guard Subtyping.isCoreSubtype(offered.type, of: entry.type) else { return "type mismatch in import `\(entry.module)::\(entry.name)`" }
        }
        for entry in expected.exports {
            guard let found = actual.exports.first(where: { $0.name == entry.name }) else {
                return "missing expected export `\(entry.name)`"
            }
            guard Subtyping.isCoreSubtype(found.type, of: entry.type) else { return "type mismatch in export `\(entry.name)`" }
        }
        return nil
    }

    static func isCoreSubtype(_ actual: CoreModuleType.CoreExternType, of expected: CoreModuleType.CoreExternType) -> Bool {
        switch (actual, expected) {
        case (.function(let a), .function(let e)): return a == e
        case (.global(let a), .global(let e)): return a == e
        case (.tag(let a), .tag(let e)): return a == e
        case (.memory(let a), .memory(let e)): return limits(a.limits, within: e.limits)
        case (.table(let a), .table(let e)): return a.elementType == e.elementType && limits(a.limits, within: e.limits)
        default: return false
        }
    }

    static func limits(_ actual: Limits, within expected: Limits) -> Bool {
        guard actual.minimum >= expected.minimum else { return false }
        guard let maximum = expected.maximum else { return true }
        guard let actualMaximum = actual.maximum else { return false }
        return actualMaximum <= maximum
    }
}
