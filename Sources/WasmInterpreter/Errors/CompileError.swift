/// Why a valid module could not be prepared for execution: an implementation
/// limit or a feature the interpreter does not execute yet.
public struct CompileError: Error, CustomStringConvertible, Sendable {
    public let function: UInt32?
    public let message: String

    public var description: String {
        let at = function.map { "func \($0): " } ?? ""
        return "cannot compile module: \(at)\(message)"
    }
}
