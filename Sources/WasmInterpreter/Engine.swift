public import WasmDecoder
import Synchronization

/// The shared, thread-safe part of the runtime: configuration and the
/// canonical numbering of function types that makes `call_indirect`'s type
/// check one integer comparison across modules.
public final class Engine: Sendable {
    public let configuration: EngineConfiguration
    private let types = Mutex(TypeRegistry())
    /// Execution stacks of finished stores, reused by new ones.
    let executions = ExecutionPool()
    /// Function tables of finished stores and instances, reused by new ones.
    let functionEntries = FunctionEntryPool()

    public init(configuration: EngineConfiguration = EngineConfiguration()) {
        self.configuration = configuration
    }

    /// Decodes, validates and translates a module binary.
    public func compile(_ bytes: [UInt8]) throws(ModuleLoadError) -> CompiledModule {
        let module: Module
        do {
            module = try loadModule(bytes, features: configuration.features)
        } catch {
            throw .module(error)
        }
        return try compile(module)
    }

    /// Translates an already validated module.
    public func compile(_ module: Module) throws(ModuleLoadError) -> CompiledModule {
        do {
            return try CompiledModule(module: module, engine: self)
        } catch {
            throw .compile(error)
        }
    }

    /// Decodes, validates and translates a module binary with function bodies
    /// handled on `parallelism` concurrent tasks: the faster way to compile a
    /// large module (`spin up` compiles components this way). Same result and
    /// same errors as `compile(_:)`.
    public func compile(_ bytes: [UInt8], parallelism: Int) async throws(ModuleLoadError) -> CompiledModule {
        let module: Module
        do {
            module = try await loadModule(bytes, features: configuration.features, parallelism: parallelism)
        } catch {
            throw .module(error)
        }
        do {
            return try await CompiledModule.translated(module, engine: self, parallelism: parallelism)
        } catch {
            throw .compile(error)
        }
    }

    /// The canonical id of a host function's type: equal types, equal ids.
    package func typeID(of type: FunctionType) -> Int {
        types.withLock { $0.register(engineForm: type) }
    }

    /// The canonical ids of a validated module's types (`TypeRegistry`):
    /// equivalent types of any two modules get equal ids. With them, the
    /// heap layout of each struct and array type, for allocation and casts.
    func typeIDs(of module: Module) -> (ids: [Int], heapTypes: [HeapObjectType?]) {
        types.withLock { registry in
            let ids: [Int]
            switch registry.register(module.definedTypes, groups: module.recursionGroups) {
            case .success(let result): ids = result
            case .failure: preconditionFailure("validation refuses types that name later ones")
            }
            let heapTypes = zip(ids, module.definedTypes).map { id, type -> HeapObjectType? in
                var ancestors = [id]
                while let parent = ancestors.first.map({ registry.supertypes[$0] }), parent >= 0 {
                    ancestors.insert(parent, at: 0)
                }
                switch type.composite {
                case .function: return nil
                case .structure(let fields):
                    return HeapObjectType(kind: .structure, identity: id, ancestors: ancestors, storages: fields.map(\.storage))
                case .array(let element):
                    return HeapObjectType(kind: .array, identity: id, ancestors: ancestors, storages: [element.storage])
                }
            }
            return (ids, heapTypes)
        }
    }

    /// The subtype relation over every type this engine has seen, in engine form.
    var hierarchy: TypeHierarchy {
        types.withLock { TypeHierarchy(identities: nil, registry: $0) }
    }

    /// Whether the type of identity `actual` is `expected` or a declared subtype of it.
    func isSubtype(_ actual: Int, of expected: Int) -> Bool {
        actual == expected || types.withLock { registry in
            var current = actual
            while current >= 0 {
                if current == expected { return true }
                current = registry.supertypes[current]
            }
            return false
        }
    }
}

/// Why `Engine.compile` failed.
public enum ModuleLoadError: Error, CustomStringConvertible, Sendable {
    case module(ModuleError)
    case compile(CompileError)

    public var description: String {
        switch self {
        case .module(let error): error.description
        case .compile(let error): error.description
        }
    }
}
