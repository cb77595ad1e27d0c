import ComponentModel
import WasmInterpreter

/// Answers for interfaces this host does not implement yet: a component
/// built by a Spin SDK imports every Spin interface whether it uses it or
/// not (key-value, SQLite, Redis, LLM, ...), so each must link. Each call
/// returns the interface's own error value, built from the function's
/// result type, saying that the interface is not available here: a guest
/// sees an ordinary failure it can report, never a fake success. A function
/// that has no error to return (no `result` in its type) traps when called,
/// naming the interface; linking never fails because of it.
enum UnavailableInterface {
    /// For `ComponentLinker.serveUndefinedInterfaces`.
    static func serve(_ interface: String, _ function: String,
                      _ type: ComponentFunctionType) -> HostComponentFunction.Body? {
        let message = "\(interface) is not available in this host"
        // Sockets are denied, as Spin denies a connection no rule allows: every
        // socket a guest asks for is one this host refuses it.
        let preferred = interface.hasPrefix("wasi:sockets/") ? ["access-denied"] + preferredCases : preferredCases
        if let result = type.result, let failure = errorValue(result, message: message, preferring: preferred) {
            return { _, _ throws(Trap) in failure }
        }
        return { _, _ throws(Trap) in throw Trap(.host("\(interface)#\(function): \(message)")) }
    }

    /// `error(...)` of a `result` type, or nil when there is no such value.
    static func errorValue(_ type: ComponentValueType, message: String,
                           preferring preferred: [String] = preferredCases) -> ComponentValue? {
        guard case .result(_, let error) = type else { return nil }
        guard let error else { return .error(nil) }
        return errorPayload(error, message: message, preferring: preferred).map { .error($0) }
    }

    /// Case names that mean "something else went wrong", most general first.
    static let preferredCases = [
        "other", "io", "internal-error", "runtime-error", "provider", "upstream", "connection-failed",
        "not-supported", "unsupported",
    ]

    /// A value of an error type that carries `message` if it can.
    static func errorPayload(_ type: ComponentValueType, message: String,
                             preferring preferred: [String] = preferredCases) -> ComponentValue? {
        switch type {
        case .string:
            return .string(message)
        case .variant(let cases):
            func payload(_ caseType: ComponentValueType?) -> ComponentValue?? {
                switch caseType {
                case nil: .some(nil)
                case .string?: .some(.string(message))
                case .option(.string)?: .some(.option(.string(message)))
                default: nil
                }
            }
            let ordered = preferred.compactMap { name in cases.firstIndex { $0.name == name } }
                + cases.indices.filter { cases[$0].type == .string || cases[$0].type == .option(.string) }
                + cases.indices
            for index in ordered {
                if let value = payload(cases[index].type) { return .variant(case: UInt32(index), payload: value) }
            }
            return nil
        case .enum(let names):
            let index = preferred.compactMap { names.firstIndex(of: $0) }.first ?? 0
            return names.isEmpty ? nil : .enum(UInt32(index))
        default:
            return nil
        }
    }
}
