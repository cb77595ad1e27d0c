@testable import WasmInterpreter

/// The trap an invocation in `body` ended with; nil when it returned or
/// failed otherwise (no such export, a thrown test error).
func trap(_ body: () throws -> Void) -> Trap? {
    do {
        try body()
        return nil
    } catch {
        if case .trap(let trap) = error as? InvocationError { return trap }
        return nil
    }
}
