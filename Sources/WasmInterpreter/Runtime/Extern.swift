public import WasmDecoder

/// Something an instance exports or a linker provides for an import (spec
/// §4.2.12, "external value").
public enum Extern {
    case function(Function)
    case memory(LinearMemory)
    case table(Table)
    case global(GlobalCell)
    /// An exception tag (Wasm 3.0).
    case tag(ExceptionTag)
}

/// A function in a store: defined by an instance or by the host.
public struct Function {
    public let store: Store
    let address: Int

    public var type: FunctionType { store.function(at: address).type }

    /// Calls the function with `arguments` and returns its results. A guest
    /// that exits (WASI `proc_exit`) ends the call with `Trap.Reason.exit`.
    public func call(_ arguments: [Value]) throws(Trap) -> [Value] {
        try store.call(address: address, arguments: arguments)
    }

    /// How a run ended that did not fault.
    public enum Completion: Equatable {
        case returned([Value])
        /// The guest asked to end with this code (WASI `proc_exit`).
        case exited(Int32)
    }

    /// Calls the function like `call`, but reports an exit as an outcome of
    /// its own rather than an error: a command's `proc_exit(0)` is success.
    public func run(_ arguments: [Value]) throws(Trap) -> Completion {
        do {
            return .returned(try call(arguments))
        } catch {
            if case .exit(let code) = error.reason { return .exited(code) }
            throw error
        }
    }

    /// The function's store address, for the layers above (canonical ABI)
    /// that call it through `Store.invoke(address:slots:)`.
    package var storeAddress: Int { address }

    public var reference: FunctionReference { FunctionReference(address: address) }
}
