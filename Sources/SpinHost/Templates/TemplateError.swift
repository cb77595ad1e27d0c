/// Why a template cannot be loaded, installed or run: its files are not in
/// Spin's template format, a placeholder is malformed, a parameter value is
/// refused, the output would overwrite something, or a template source
/// cannot be read or cloned.
///
/// The message names the template or file first and can be printed as is:
///
/// ```
/// template "http-c": parameter "http-path": "api" does not match the pattern "^/\S*$"
/// spin.toml already has a component "api"
/// ```
///
/// See <https://spinframework.dev/v3/template-authoring>.
public struct TemplateError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad reason, for callers (and tests) that react differently.
    public enum Kind: Equatable, Sendable {
        /// A placeholder or tag in a template file is malformed.
        case syntax
        /// A placeholder uses a filter this renderer does not know.
        case unknownFilter
        /// A placeholder names a value that is not set.
        case unknownVariable
        /// `metadata/spin-template.toml` breaks a rule of the template format.
        case invalidTemplate
        /// No template has the requested id.
        case notFound
        /// A parameter value is missing, unknown or refused by its pattern.
        case invalidValue
        /// The output would overwrite a directory, file or manifest entry.
        case conflict
        /// The template does not support the requested operation.
        case unsupported
        /// A file or directory could not be read or written.
        case io
        /// `git` failed or is missing.
        case git
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
