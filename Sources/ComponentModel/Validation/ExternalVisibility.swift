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
            guard Int(index) < typeContentVisibility.count, typeContentVisibility[Int(index)] >= required else {
                throw invalid("type not valid to be used as \(role)", offset)
            }
        case (nil, .function?):
            let index = Int(item!.index)
            guard index < functionVisibility.count, functionVisibility[index] >= required else {
                throw invalid("func not valid to be used as \(role)", offset)
            }
        case (nil, .type?):
            let index = Int(item!.index)
            guard index < typeContentVisibility.count, typeContentVisibility[index] >= required else {
                throw invalid("type not valid to be used as \(role)", offset)
            }
        default:
            break
        }
    }
}
