/// The rules names with `[constructor]`, `[method]` and `[static]` impose
/// on the functions they name (Binary.md, "Import and Export Definitions"):
/// the resource is looked up by name among the imports (or exports) before.
extension ValidationScope {
    /// Records a resource imported or exported under a plain name, and checks
    /// an annotated function name against the resources named before it.
    func checkAnnotation(_ externName: ExternName, _ type: ComponentExternType, isExport: Bool,
                         at offset: Int) throws(ComponentError) {
        let names = isExport ? exportedResourceNames : importedResourceNames
        guard let (label, resource) = try checkAnnotation(externName, type, names: names, at: offset) else { return }
        if isExport { exportedResourceNames[label] = resource } else { importedResourceNames[label] = resource }
    }

    /// Checks `externName` (its `implements` too) against the resources
    /// `names` knows; returns the resource a plain name names, for the caller
    /// to record. A bag of exports (`(instance (export ...))`) passes an empty
    /// context and records nothing: it has no index space a name could refer to.
    func checkAnnotation(_ externName: ExternName, _ type: ComponentExternType, names: [String: ResourceType],
                         at offset: Int) throws(ComponentError) -> (label: String, resource: ResourceType)? {
        let name = externName.name
        guard let syntax = ExternNameSyntax(name) else { return nil }
        if let implements = externName.implements {
            guard let interface = ExternNameSyntax(implements) else {
                throw invalid("`\(implements)` is not a valid name", offset)
            }
            guard interface.form == .interface else { throw invalid("`implements` must be an interface name", offset) }
            guard case .instance = type else { throw invalid("only instances can have an `implements`", offset) }
            guard case .label = syntax.form else { throw invalid("name `\(name)` is not valid with `implements`", offset) }
        }
        func named(_ resource: ResourceType) -> String? { names.first { $0.value == resource }?.key }
        func function() throws(ComponentError) -> ComponentFunctionType {
            guard case .function(let function) = type else { throw invalid("`\(name)` is not a func", offset) }
            return function
        }
        // A resource may have several names (`type headers = fields` exports
        // `fields` again as `headers`): the label must be one of them.
        func expect(_ resource: ResourceType, named label: String) throws(ComponentError) {
            if names[label] == resource { return }
            guard let actual = named(resource) else {
                throw invalid("resource used in function does not have a name in this context", offset)
            }
            throw invalid("function does not match expected resource name `\(actual)`", offset)
        }
        switch syntax.form {
        case .label(let label):
            if case .type(.resource(let resource)) = type { return (label, resource) }
        case .constructor(let label):
            let function = try function()
            guard let result = function.result else { throw invalid("function should return one value", offset) }
            let owned: ResourceType
            switch result {
            case .own(let resource): owned = resource
            case .result(.own(let resource)?, _): owned = resource
            default:
                throw invalid(names[label] == nil ? "function should return `(own $T)`"
                              : "function should return `(own $T)` or `(result (own $T))`", offset)
            }
            try expect(owned, named: label)
        case .method(let label, _):
            let function = try function()
            guard let first = function.parameters.first else { throw invalid("method should have at least one argument", offset) }
            guard first.name == "self" else { throw invalid("method should have a first argument called `self`", offset) }
            guard case .borrow(let resource) = first.type else {
                throw invalid("method should take a first argument of `(borrow $T)`", offset)
            }
            try expect(resource, named: label)
        case .static(let label, _):
            _ = try function()
            guard names[label] != nil else { throw invalid("static resource name is not known in this context", offset) }
        case .interface:
            break
        }
        return nil
    }
}
