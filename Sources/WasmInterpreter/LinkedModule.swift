import WasmDecoder

/// A compiled module whose imports, all host functions, were resolved and
/// type-checked once: instantiating it in a store only allocates (no name
/// look-ups, no type comparisons). `spin up` links each component at start
/// and instantiates the result per request.
public struct LinkedModule: Sendable {
    public let compiled: CompiledModule
    /// One per import, in order, with its canonical type id.
    let hostFunctions: [(function: HostFunction, typeID: Int)]

    /// A fresh instance in `store` (spec §4.5.4 from step 4 on).
    public func instantiate(in store: Store) throws(InstantiationError) -> Instance {
        guard compiled.engine === store.engine else {
            throw .link(LinkError(message: "module compiled by another engine", module: "", name: ""))
        }
        // The host functions, then the instance's table: their copies and its own.
        store.reserveFunctions(hostFunctions.count + compiled.module.functionCount)
        var externs: [StoreExtern] = []
        externs.reserveCapacity(hostFunctions.count)
        for (function, typeID) in hostFunctions {
            externs.append(.function(address: store.addHostFunction(function, typeID: typeID)))
        }
        return try Instantiation(compiled: compiled, store: store, imports: externs).run()
    }
}

extension Linker {
    /// Resolves every import of `compiled` to a host function defined here,
    /// once. Fails for imports that are missing, of another type, or not
    /// functions (those belong to a store: use `instantiate(_:in:)`).
    public func link(_ compiled: CompiledModule) throws(LinkError) -> LinkedModule {
        let module = compiled.module
        var hostFunctions: [(function: HostFunction, typeID: Int)] = []
        for entry in module.imports {
            guard case .function(typeIndex: let typeIndex) = entry.descriptor else {
                throw LinkError(message: "only function imports can be linked ahead of a store",
                                import: entry, types: module.types)
            }
            guard let function = hostFunction(module: entry.module, name: entry.name) else {
                throw LinkError(message: "unknown import", import: entry, types: module.types)
            }
            guard function.type == module.types[Int(typeIndex)] else {
                throw LinkError(message: "incompatible import type", import: entry, types: module.types)
            }
            hostFunctions.append((function, compiled.engine.typeID(of: function.type)))
        }
        return LinkedModule(compiled: compiled, hostFunctions: hostFunctions)
    }
}
