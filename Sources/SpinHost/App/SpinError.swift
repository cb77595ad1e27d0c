/// A user-facing failure of `spin up` / `spin build`, naming the file,
/// component or field at fault.
public enum SpinError: Error, CustomStringConvertible {
    case manifest(ManifestError)
    case component(String, String)
    case build(String)
    case io(String)
    /// An application variable without a value, or a template that cannot be expanded.
    case variables(String)

    public var description: String {
        switch self {
        case .manifest(let error): "\(error)"
        case .component(let id, let message): "component \"\(id)\" \(message)"
        case .build(let message): message
        case .io(let message): message
        case .variables(let message): message
        }
    }
}
