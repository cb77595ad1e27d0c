/// External visibility of types (Explainer.md, "External Visibility of
/// Types"): a record, variant, enum, flags or resource type used in the type
/// of an import or export must be reachable through a name, the type index
/// an import or export introduced; imports may only use imported names.
/// Tracked per type index because resolved types are structural.
enum Visibility: Int, Comparable {
    case hidden, exportsOnly, everywhere

    static func < (lhs: Visibility, rhs: Visibility) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ValidationScope {
    func appendType(_ type: ComponentDefinedType, use: Visibility, content: Visibility) {
        types.append(type)
        typeUseVisibility.append(use)
        typeContentVisibility.append(content)
    }

    func visibility(of reference: ValueTypeReference) -> Visibility {
        switch reference {
        case .primitive: .everywhere
        case .index(let index): Int(index) < typeUseVisibility.count ? typeUseVisibility[Int(index)] : .hidden
        }
    }

    func visibility(of index: UInt32) -> Visibility {
        Int(index) < typeUseVisibility.count ? typeUseVisibility[Int(index)] : .hidden
    }

    /// (use, content) of a type definition: nominal types are hidden until named.
    func visibility(of definition: ComponentTypeDefinition) -> (Visibility, Visibility) {
        switch definition {
        case .value(let value):
            let references: [ValueTypeReference]
            var nominal = false
            switch value {
            case .primitive: references = []
            case .record(let fields): references = fields.map(\.type); nominal = true
            case .variant(let cases): references = cases.compactMap(\.type); nominal = true
            case .flags, .enum: references = []; nominal = true
            case .list(let element), .option(let element), .fixedLengthList(let element, _): references = [element]
            case .map(let key, let value): references = [key, value]
            case .tuple(let elements): references = elements
            case .result(let ok, let error): references = [ok, error].compactMap { $0 }
            case .own(let index), .borrow(let index): references = [.index(index)]
            case .stream(let element), .future(let element): references = element.map { [$0] } ?? []
            }
            let content = references.map(visibility(of:)).min() ?? .everywhere
            return (nominal ? .hidden : content, content)
        case .function(let function):
            let references = function.parameters.map(\.type) + (function.result.map { [$0] } ?? [])
            let content = references.map(visibility(of:)).min() ?? .everywhere
            return (content, content)
        case .resource:
            return (.hidden, .everywhere)
        case .instance, .component:
            return (.everywhere, .everywhere)
        }
    }

    /// The visibility of a type known only resolved (aliased from an instance).
    static func visibility(ofResolved type: ComponentDefinedType) -> Visibility {
        switch type {
        case .resource: .hidden
        case .value(let value):
            switch value {
            case .record, .variant, .enum, .flags: .hidden
            default: .everywhere
            }
        default: .everywhere
        }
    }

    /// An import or export of a function or type must only use named types.
    func checkVisibility(of type: ExternType?, item: SortIndex?, isExport: Bool, at offset: Int) throws(ComponentError) {
        let required: Visibility = isExport ? .exportsOnly : .everywhere
        let role = isExport ? "export" : "import"
        switch (type, item?.sort) {
        case (.function(let index)?, _):
            guard visibility(of: index) >= required else { throw invalid("func not valid to be used as \(role)", offset) }
        case (.type(.equal(let index))?, _):
            guard Int(index) < typeContentVisibility.count, typeContentVisibility[Int(index)] >= required,
                  namesExports(ofInstanceType: Int(index), isExport: isExport) else {
                throw invalid("type not valid to be used as \(role)", offset)
            }
        case (.instance(let index)?, _):
            guard !instanceTypesWithUnnamedExports.contains(Int(index)) else {
                throw invalid("instance not valid to be used as \(role)", offset)
            }
        case (nil, .function?):
            let index = Int(item!.index)
            guard index < functionVisibility.count, functionVisibility[index] >= required else {
                throw invalid("func not valid to be used as \(role)", offset)
            }
        case (nil, .type?):
            let index = Int(item!.index)
            guard index < typeContentVisibility.count, typeContentVisibility[index] >= required,
                  namesExports(ofInstanceType: index, isExport: isExport) else {
                throw invalid("type not valid to be used as \(role)", offset)
            }
        default:
            break
        }
    }

    /// An instance type imported or exported as a type names nothing for the
    /// component: its exports may only use what it exports before them, or
    /// what the component named already.
    private func namesExports(ofInstanceType index: Int, isExport: Bool) -> Bool {
        guard index < types.count, case .instance = types[index] else { return true }
        guard !instanceTypesWithUnnamedExports.contains(index) else { return false }
        return (isExport ? namedByExports : namedByImports).namesParts(of: types[index])
    }

    /// How visible what an export declaration of an instance type is made of
    /// is, in the instance type's own scope: hidden means no scope names it.
    func exportVisibility(of type: ExternType) -> Visibility {
        switch type {
        case .function(let index): visibility(of: index)
        case .type: contentVisibility(of: type)
        case .instance(let index): instanceTypesWithUnnamedExports.contains(Int(index)) ? .hidden : .everywhere
        case .coreModule, .component: .everywhere
        }
    }

    /// Whether an outer alias `count` levels out keeps the names its type
    /// has there. Only instance types defer visibility to the scope around
    /// them; a component or component type names its own types, so what it
    /// aliases from outside arrives unnamed.
    func keepsNames(_ count: UInt32) -> Bool {
        var scope: ValidationScope? = self
        for _ in 0..<count {
            guard let current = scope, current.isInstanceType else { return false }
            scope = current.parent
        }
        return true
    }

    /// (use, content) of a type that arrives without any of its names.
    static func unnamedVisibility(of type: ComponentDefinedType) -> (Visibility, Visibility) {
        switch type {
        case .instance, .component: return (.everywhere, .everywhere)
        case .resource: return (.hidden, .everywhere)
        case .value, .function:
            let content: Visibility = NamedTypes().namesParts(of: type) ? .everywhere : .hidden
            if case .value(let value) = type, value.isNominal { return (.hidden, content) }
            return (content, content)
        }
    }
}
