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
}
