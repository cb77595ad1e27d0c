import WasmDecoder

/// Resolves a module's imports by (module, name) and instantiates it (spec
/// §4.5.4). Definitions are host functions, which any store can use, or
/// externs of a particular store.
public struct Linker {
    private enum Definition {
        case host(HostFunction)
        case extern(Extern)
    }

    /// Names as bytes: String equality would merge canonically equivalent
    /// spellings, which Wasm treats as different names.
    private struct Key: Hashable {
        let module: [UInt8]
        let name: [UInt8]

        init(module: String, name: String) {
            self.module = Array(module.utf8)
            self.name = Array(name.utf8)
        }
    }

    private var definitions: [Key: Definition] = [:]

    public init() {}

    public mutating func define(_ module: String, _ name: String, _ function: HostFunction) {
        definitions[Key(module: module, name: name)] = .host(function)
    }

    public mutating func define(_ module: String, _ name: String, _ extern: Extern) {
        definitions[Key(module: module, name: name)] = .extern(extern)
    }

    /// The host function defined as `module`::`name`, if that is one.
    func hostFunction(module: String, name: String) -> HostFunction? {
        guard case .host(let function) = definitions[Key(module: module, name: name)] else { return nil }
        return function
    }

    /// Makes every export of `instance` importable under `moduleName`.
    public mutating func define(instance: Instance, as moduleName: String) {
        for export in instance.state.module.exports {
            if let extern = instance.export(named: export.name) {
                define(moduleName, export.name, extern)
            }
        }
    }

    /// Instantiates `compiled` in `store`: links imports, allocates the
    /// module's functions, memories, tables and globals, applies its segments
    /// and runs its start function.
    public func instantiate(_ compiled: CompiledModule, in store: Store) throws(InstantiationError) -> Instance {
        guard compiled.engine === store.engine else {
            throw .link(LinkError(message: "module compiled by another engine", module: "", name: ""))
        }
        var externs: [StoreExtern] = []
        externs.reserveCapacity(compiled.module.imports.count)
        for entry in compiled.module.imports {
            // `resolve` checked that a function or tag is of `store`.
            externs.append(StoreExtern(checked: try resolve(entry, of: compiled, in: store)))
        }
        return try Instantiation(compiled: compiled, store: store, imports: externs).run()
    }

    private func resolve(_ entry: Import, of compiled: CompiledModule, in store: Store) throws(InstantiationError) -> Extern {
        func failure(_ message: String) -> InstantiationError {
            .link(LinkError(message: message, import: entry, types: compiled.module.types))
        }
        guard let definition = definitions[Key(module: entry.module, name: entry.name)] else {
            throw failure("unknown import")
        }
        let extern: Extern
        switch definition {
        case .host(let host):
            let typeID = store.engine.typeID(of: host.type)
            let address = store.addHostFunction(host, typeID: typeID)
            extern = .function(Function(store: store, address: address))
        case .extern(let value):
            extern = value
        }
        guard ImportMatching.matches(extern, entry.descriptor, of: compiled, store: store) else {
            throw failure("incompatible import type")
        }
        return extern
    }
}

/// Import matching (spec §4.5.2): the extern's type must be a subtype of the
/// import's. Externs carry their types in engine form (concrete types as
/// canonical ids), and so are compared with the import's in that form.
enum ImportMatching {
    static func matches(_ extern: Extern, _ descriptor: ImportDescriptor, of importer: CompiledModule,
                        store: Store) -> Bool {
        switch (extern, descriptor) {
        case (.function(let function), .function(let typeIndex)):
            // A function of a subtype may stand in for the declared type (GC's declared subtyping).
            return function.store === store
                && store.engine.isSubtype(store.entries[function.address].typeID, of: importer.typeIDs[Int(typeIndex)])
        case (.memory(let memory), .memory(let type)):
            return memory.type.limits.is64 == type.limits.is64
                && limits(current: memory.pageCount, maximum: memory.type.limits.maximum, within: type.limits)
        case (.table(let table), .table(let type)):
            // A table is read and written: its element type must be equal.
            let expected = importer.engineForm(type.elementType.valueType)
            return table.type.elementType.valueType == expected
                && table.type.limits.is64 == type.limits.is64
                && limits(current: table.count, maximum: table.type.limits.maximum, within: type.limits)
        case (.global(let global), .global(let type)):
            let expected = importer.engineForm(type.valueType)
            guard global.type.isMutable == type.isMutable else { return false }
            // A mutable global is read and written: its type must be equal.
            return type.isMutable ? global.type.valueType == expected
                : store.engine.hierarchy.matches(global.type.valueType, expected)
        case (.tag(let tag), .tag(let typeIndex)):
            // Tag types are compared for equality, as function imports are.
            return tag.store === store && store.tags[tag.address].typeID == importer.typeIDs[Int(typeIndex)]
        default:
            return false
        }
    }

    static func limits(current: Int, maximum: UInt64?, within required: Limits) -> Bool {
        guard UInt64(current) >= required.minimum else { return false }
        guard let requiredMaximum = required.maximum else { return true }
        guard let maximum else { return false }
        return maximum <= requiredMaximum
    }
}

/// Why an import could not be linked (spec §4.5.4, step 3).
public struct LinkError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let module: String
    public let name: String
    /// What the module asks for, e.g. `func (i32) -> (i32)`; nil when unknown.
    public let importType: String?

    public init(message: String, module: String, name: String, importType: String? = nil) {
        self.message = message
        self.module = module
        self.name = name
        self.importType = importType
    }

    /// `importType` of `entry` as the module declares it.
    init(message: String, import entry: Import, types: [FunctionType]) {
        let type: String
        switch entry.descriptor {
        case .function(let index): type = "func \(types[Int(index)])"
        case .table(let table): type = "table \(table.limits.is64 ? "i64 " : "")\(table.limits.minimum)\(table.limits.maximum.map { " \($0)" } ?? "") \(table.elementType.valueType)"
        case .memory(let memory): type = "memory \(memory.limits.is64 ? "i64 " : "")\(memory.limits.minimum)\(memory.limits.maximum.map { " \($0)" } ?? "")"
        case .global(let global): type = "global \(global.isMutable ? "mut " : "")\(global.valueType)"
        case .tag(let index): type = "tag \(types[Int(index)])"
        }
        self.init(message: message, module: entry.module, name: entry.name, importType: type)
    }

    public var description: String {
        "\(message): \(module)::\(name)" + (importType.map { " (\($0))" } ?? "")
    }
}

/// Why instantiation failed: linking, or a trap while applying segments or
/// running the start function.
public enum InstantiationError: Error, CustomStringConvertible {
    case link(LinkError)
    case trap(Trap)

    public var description: String {
        switch self {
        case .link(let error): "link error: \(error)"
        case .trap(let trap): trap.description
        }
    }
}

extension CompiledModule {
    /// Instantiates the module with `imports` given in import order, each
    /// an item of `store` checked against its import's type: for layers that
    /// resolve imports by their own rules (the component model's core instances).
    package func instantiate(imports: [StoreExtern], in store: Store) throws(InstantiationError) -> Instance {
        guard engine === store.engine else {
            throw .link(LinkError(message: "module compiled by another engine", module: "", name: ""))
        }
        guard imports.count == module.imports.count else {
            throw .link(LinkError(message: "expected \(module.imports.count) imports, got \(imports.count)", module: "", name: ""))
        }
        let entries = module.imports
        for index in imports.indices {
            let descriptor = entries[index].descriptor
            func failure(_ message: String) -> InstantiationError {
                .link(LinkError(message: message, import: entries[index], types: module.types))
            }
            switch imports[index] {
            case .function(let address):
                guard address >= 0, address < store.functionCount else { throw failure("import from another store") }
                // By canonical type id: no `FunctionType` built and compared per import.
                if case .function(let typeIndex) = descriptor, store.entries[address].typeID == typeIDs[Int(typeIndex)] { continue }
            case .tag(let address):
                guard address >= 0, address < store.tags.count else { throw failure("import from another store") }
            case .memory, .table, .global:
                break
            }
            guard ImportMatching.matches(imports[index].extern(in: store), descriptor, of: self, store: store) else {
                throw failure("incompatible import type")
            }
        }
        return try Instantiation(compiled: self, store: store, imports: imports).run()
    }
}
