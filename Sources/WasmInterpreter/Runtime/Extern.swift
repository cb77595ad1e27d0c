public import WasmDecoder

/// Something an instance exports or a linker provides for an import (spec
/// §4.2.12, "external value").
public enum Extern {
    case function(Function)
    case memory(LinearMemory)
    case table(Table)
    case global(GlobalCell)
}

/// A function in a store: defined by an instance or by the host.
public struct Function {
    public let store: Store
    let address: Int

    public var type: FunctionType { store.function(at: address).type }

    /// Calls the function with `arguments` and returns its results.
    public func call(_ arguments: [Value]) throws(Trap) -> [Value] {
        try store.call(address: address, arguments: arguments)
    }

    public var reference: FunctionReference { FunctionReference(address: address) }
}
