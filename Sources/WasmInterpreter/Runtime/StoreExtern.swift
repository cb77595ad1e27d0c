/// An extern of one known store, without the store: a function or a tag is
/// its address there. Instantiation keeps its imports in this form, and a
/// component passes its core items between the core instances of its store
/// in it. A function `Extern` holds its store, so each copy of one was a
/// retain and a release: a Python component moves about 10,000 of them per
/// request (RATIONALE.md, "Per-instance work that validation can do once").
package enum StoreExtern {
    case function(address: Int)
    case memory(LinearMemory)
    case table(Table)
    case global(GlobalCell)
    case tag(address: Int)

    /// `extern` without its store; the caller checked that it is the store at hand.
    init(checked extern: Extern) {
        switch extern {
        case .function(let function): self = .function(address: function.address)
        case .memory(let memory): self = .memory(memory)
        case .table(let table): self = .table(table)
        case .global(let global): self = .global(global)
        case .tag(let tag): self = .tag(address: tag.address)
        }
    }

    /// The embedder's form, which holds the store.
    package func extern(in store: Store) -> Extern {
        switch self {
        case .function(let address): .function(Function(store: store, address: address))
        case .memory(let memory): .memory(memory)
        case .table(let table): .table(table)
        case .global(let global): .global(global)
        case .tag(let address): .tag(ExceptionTag(store: store, address: address))
        }
    }
}
