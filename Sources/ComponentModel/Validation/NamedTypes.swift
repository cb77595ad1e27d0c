/// The types that imports (or exports) of one component or component type
/// have named so far, for the external-visibility rule on instances
/// (Explainer.md, "External Visibility of Types"): an instance imported or
/// exported brings the types of all its exports along, and each of them may
/// only be made of named types.
///
/// Instance types are known only resolved, so names are kept by resolved
/// type: a resource by identity, a record, variant, enum or flags by
/// structure. Two distinct records of the same shape are one name here, so
/// this can accept an instance whose record a component never named (when an
/// equal one was); it never refuses a named one. Functions and types imported
/// or exported one by one are checked by type index instead
/// (`ExternalVisibility.swift`), which keeps them apart.
struct NamedTypes {
    private var resources: Set<ResourceType> = []
    private var values: Set<ComponentValueType> = []

    /// Records `type` as named: only resources and nominal value types need a name.
    mutating func insert(_ type: ComponentDefinedType) {
        switch type {
        case .resource(let resource): resources.insert(resource)
        case .value(let value) where value.isNominal: values.insert(value)
        default: break
        }
    }

    /// Whether a use of `value` is named: a nominal type must be named
    /// itself, a structural one only needs its parts named.
    func names(_ value: ComponentValueType) -> Bool {
        if value.isNominal { return values.contains(value) }
        return namesParts(of: value)
    }

    /// Whether everything `value` is made of is named (`value` itself may not be).
    func namesParts(of value: ComponentValueType) -> Bool {
        switch value {
        case .record(let fields): fields.allSatisfy { names($0.type) }
        case .variant(let cases): cases.allSatisfy { $0.type.map(names) ?? true }
        case .list(let element), .option(let element): names(element)
        case .tuple(let elements): elements.allSatisfy(names)
        case .result(let ok, let error): (ok.map(names) ?? true) && (error.map(names) ?? true)
        case .own(let resource), .borrow(let resource): resources.contains(resource)
        default: true
        }
    }

    func names(_ function: ComponentFunctionType) -> Bool {
        function.parameters.allSatisfy { names($0.type) } && (function.result.map(names) ?? true)
    }

    /// Whether the parts of a type definition are named. An instance type's
    /// exports may use the types it exported before them, but as a type it
    /// names nothing beyond itself.
    func namesParts(of type: ComponentDefinedType) -> Bool {
        switch type {
        case .value(let value): return namesParts(of: value)
        case .function(let function): return names(function)
        case .instance(let instance):
            var local = self
            return local.nameExports(of: instance)
        case .resource, .component: return true
        }
    }

    /// Checks an instance's exports in order, each exported type named for
    /// the exports after it.
    mutating func nameExports(of instance: ComponentInstanceType) -> Bool {
        for (_, export) in instance.exports {
            switch export {
            case .type(let defined):
                guard namesParts(of: defined) else { return false }
                insert(defined)
            case .function(let function):
                guard names(function) else { return false }
            case .instance(let nested):
                guard nameExports(of: nested) else { return false }
            case .module, .component:
                break
            }
        }
        return true
    }
}

extension ComponentValueType {
    /// Records, variants, enums and flags are named by their definition
    /// (Explainer.md); tuples, lists, options and results are structural.
    var isNominal: Bool {
        switch self {
        case .record, .variant, .enum, .flags: true
        default: false
        }
    }
}

extension ValidationScope {
    /// An import or export names what `type` is: a type itself, an instance
    /// each of its exports in turn. An instance may only bring types whose
    /// parts were named before, by an earlier import or export or by an
    /// earlier export of the same instance. Component types check nothing
    /// (they were checked where they were defined); instance types check
    /// only where they are imported or exported.
    func name(_ type: ComponentExternType, isExport: Bool, at offset: Int) throws(ComponentError) {
        guard !isInstanceType else { return }
        guard nameExports(of: type, isExport: isExport) else {
            throw invalid("\(type.kindName) not valid to be used as \(isExport ? "export" : "import")", offset)
        }
    }

    private func nameExports(of type: ComponentExternType, isExport: Bool) -> Bool {
        switch type {
        case .type(let defined):
            // Its parts were checked by type index already.
            if !isExport { namedByImports.insert(defined) }
            namedByExports.insert(defined)
            return true
        case .instance(let instance):
            if isExport { return namedByExports.nameExports(of: instance) }
            // Imported types are named for exports too; those names hold more.
            guard namedByImports.nameExports(of: instance) else { return false }
            _ = namedByExports.nameExports(of: instance)
            return true
        case .function, .module, .component:
            return true
        }
    }
}
