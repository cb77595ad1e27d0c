package import WasmDecoder
package import WasmInterpreter

/// The canonical ABI over a plain core module's memory and allocator, with
/// no component around it. Modules built before components (Spin 1's, by
/// wit-bindgen 0.2) pass values this way: the same flattening and memory
/// layout, `canonical_abi_realloc` as `realloc`, results past one flat
/// value through a return area. No resources, no async values.
package struct CoreModuleABI {
    /// Held strongly: the instance state refers to its store without owning it.
    private let store: Store
    private let state: ComponentInstanceState
    private let options: RuntimeOptions

    /// `realloc`: the module's `(old-pointer, old-size, alignment, new-size) -> pointer`
    /// export, needed only to lower strings and lists into the module.
    package init(store: Store, memory: LinearMemory, realloc: Function?) {
        self.store = store
        state = ComponentInstanceState(store: store, parent: nil)
        options = RuntimeOptions(encoding: .utf8, memory: memory, realloc: realloc?.storeAddress)
    }

    /// The core function type of a function of `parameters` and `result`
    /// as a module exports it (`lift`) or imports it (`lower`).
    package static func coreType(parameters: [ComponentValueType], result: ComponentValueType?,
                                 imported: Bool) -> FunctionType {
        let type = ComponentFunctionType(parameters: parameters.enumerated().map { .init("p\($0.offset)", $0.element) },
                                         result: result)
        return FlatSignature(type, context: imported ? .lower : .lift).coreType
    }

    /// Arguments flattened for a call into the module; strings and lists are
    /// copied into memory the module allocates. Past 16 flat values they go
    /// in memory as a tuple, and the one argument is its address.
    package func lowerArguments(_ values: [ComponentValue], _ types: [ComponentValueType]) throws(Trap) -> [UInt64] {
        var context = CanonicalContext(instance: state, options: options, scope: nil)
        guard Self.flatCount(types) > CanonicalLayout.maxFlatParameters(context: .lift, isAsync: false) else {
            var flat: [UInt64] = []
            for (value, type) in zip(values, types) { try context.lowerFlat(value, type, into: &flat) }
            return flat
        }
        let tuple = ComponentValueType.tuple(types)
        let pointer = try context.allocate(alignment: CanonicalLayout.alignment(tuple), size: CanonicalLayout.size(tuple))
        try context.storeFields(values, types, at: pointer)
        return [UInt64(pointer)]
    }

    /// Arguments of a call out of the module, lifted from its flat values
    /// (or from the tuple they point at, past 16).
    package func liftArguments(_ slots: [UInt64], _ types: [ComponentValueType]) throws(Trap) -> [ComponentValue] {
        var context = CanonicalContext(instance: state, options: options, scope: nil)
        if Self.flatCount(types) > CanonicalLayout.maxFlatParameters(context: .lower, isAsync: false) {
            guard case .tuple(let values) = try load(.tuple(types), at: slots.first ?? 0) else {
                throw CanonicalTrap.trap("the arguments did not load as a tuple")
            }
            return values
        }
        var values: [ComponentValue] = []
        var slots = slots
        try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            var reader = FlatReader(slots: buffer)
            for type in types { values.append(try context.liftFlat(type, &reader)) }
        }
        return values
    }

    /// A value of `type` read from the module's memory at `address`, such
    /// as a result in the return area whose address an export returned.
    package func load(_ type: ComponentValueType, at address: UInt64) throws(Trap) -> ComponentValue {
        var context = CanonicalContext(instance: state, options: options, scope: nil)
        guard address <= UInt64(UInt32.max), Int(address) % CanonicalLayout.alignment(type) == 0 else {
            throw CanonicalTrap.misaligned("result pointer")
        }
        return try context.load(type, at: Int(address))
    }

    /// Writes `value` at `address` (a return area the module passed),
    /// allocating in the module for its strings and lists.
    package func store(_ value: ComponentValue, _ type: ComponentValueType, at address: UInt64) throws(Trap) {
        var context = CanonicalContext(instance: state, options: options, scope: nil)
        guard address <= UInt64(UInt32.max), Int(address) % CanonicalLayout.alignment(type) == 0 else {
            throw CanonicalTrap.misaligned("result pointer")
        }
        _ = try context.checkRange(address, UInt64(CanonicalLayout.size(type)), "result")
        try context.store(value, type, at: Int(address))
    }

    /// A single flat result of a call out of the module (at most one flat value).
    package func lowerFlatResult(_ value: ComponentValue, _ type: ComponentValueType) throws(Trap) -> UInt64 {
        var context = CanonicalContext(instance: state, options: options, scope: nil)
        var flat: [UInt64] = []
        try context.lowerFlat(value, type, into: &flat)
        return flat.first ?? 0
    }

    /// How many flat values `types` take (up to the flattening limit each).
    private static func flatCount(_ types: [ComponentValueType]) -> Int {
        types.reduce(0) { $0 + CanonicalLayout.flatten($1, limit: CanonicalLayout.flatLimit).count }
    }
}
