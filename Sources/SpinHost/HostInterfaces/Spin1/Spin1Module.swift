import ComponentModel
import WasmDecoder
import WasmInterpreter

/// What every Spin 1 module has, whatever it handles: its memory and
/// wit-bindgen 0.2's allocator as exports, and, for a WASI reactor, an
/// initialiser to run first.
enum Spin1Module {
    static let memoryName = "memory"
    static let reallocName = "canonical_abi_realloc"
    /// A WASI reactor's initialiser, run once per instance before any other export.
    static let initializerName = "_initialize"

    /// What keeps `module` from being called as a Spin 1 module, or nil.
    static func problem(in module: Module) -> String? {
        func function(_ name: String) -> FunctionType? {
            module.exports.first { $0.name == name && $0.kind == .function }.flatMap { module.functionType(ofFunction: $0.index) }
        }
        guard module.exports.contains(where: { $0.name == memoryName && $0.kind == .memory }) else {
            return "exports no memory \"\(memoryName)\""
        }
        let realloc = FunctionType(parameters: [.i32, .i32, .i32, .i32], results: [.i32])
        guard function(reallocName) == realloc else {
            return "exports no function \"\(reallocName)\" of type \(realloc)"
        }
        if let initializer = function(initializerName), initializer != FunctionType(parameters: [], results: []) {
            return "exports \"\(initializerName)\", but not as a function without parameters or results"
        }
        return nil
    }

    /// Runs the module's `_initialize`, if it exports one (the WASI
    /// application ABI: a reactor is initialised before its other exports
    /// are called).
    static func initialize(_ instance: Instance, in store: Store) throws(Trap) {
        guard case .function(let initializer)? = instance.export(named: initializerName) else { return }
        var slots: [UInt64] = [0]
        try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            try store.invoke(address: initializer.storeAddress, slots: buffer)
        }
    }

    /// A fresh instance of `linked` in `store`, initialised, with
    /// `export(argument)` called through wit-bindgen 0.2's ABI: the argument
    /// lowered into the module's memory, the result read from the return
    /// area the export points at (every Spin 1 export returns one).
    static func call(_ linked: LinkedModule, in store: Store, export name: String, _ argument: ComponentValue,
                     _ type: ComponentValueType, result: ComponentValueType) throws -> ComponentValue {
        let instance = try linked.instantiate(in: store)
        try initialize(instance, in: store)
        guard case .function(let export)? = instance.export(named: name),
              case .memory(let memory)? = instance.export(named: memoryName),
              case .function(let realloc)? = instance.export(named: reallocName) else {
            throw Trap(.host("the exports checked at start-up are missing"))
        }
        let abi = CoreModuleABI(store: store, memory: memory, realloc: realloc)
        var slots = try abi.lowerArguments([argument], [type])
        try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            try store.invoke(address: export.storeAddress, slots: buffer)
        }
        return try abi.load(result, at: UInt64(UInt32(truncatingIfNeeded: slots[0])))
    }
}

/// Values a Spin 1 instance refers to by `u32` handle, as Spin 1's host
/// tables did (key-value stores, SQLite connections): in the store's slot
/// `key`, made on first use.
final class Spin1Handles<Value> {
    private var values: [UInt32: Value] = [:]
    private var nextHandle: UInt32 = 1

    var count: Int { values.count }

    static func of(_ store: Store, _ key: HostStateKey<Spin1Handles>) -> Spin1Handles {
        if let handles = store[key] { return handles }
        let handles = Spin1Handles()
        store[key] = handles
        return handles
    }

    func insert(_ value: Value) -> UInt32 {
        let handle = nextHandle
        nextHandle &+= 1
        values[handle] = value
        return handle
    }

    subscript(handle: UInt32) -> Value? { values[handle] }

    func remove(_ handle: UInt32) {
        values[handle] = nil
    }
}
