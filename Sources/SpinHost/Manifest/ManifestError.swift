/// Why an application manifest (`spin.toml`) cannot be used: it cannot be
/// read, is not TOML, breaks a rule of the manifest format, names files that
/// are missing or outside the application, or a remote component source
/// cannot be fetched or fails its digest check.
///
/// The message names the file, then the place in the manifest (a component,
/// a trigger, a variable), then what is wrong, so that it can be printed as is:
///
/// ```
/// spin.toml: component "api": unknown field "sorce"
/// spin.toml: line 6, column 4: expected '=' ...
/// ```
///
/// See <https://spinframework.dev/v3/manifest-reference>.
public struct ManifestError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad reason, for callers that react differently (e.g. exit codes).
    public enum Kind: Equatable, Sendable {
        /// The file is not valid TOML; the position is 1-based.
        case syntax(line: Int, column: Int)
        /// The TOML is well formed but breaks a rule of the manifest format.
        case invalid
        /// The manifest file, or a file or directory it names, cannot be read.
        case unreadable
        /// A remote component source could not be downloaded, or its content
        /// does not match its digest.
        case remoteSource
    }

    /// The manifest file as the user named it, e.g. `spin.toml` or `app/spin.toml`.
    public let file: String
    /// The broad reason.
    public let kind: Kind
    /// Where in the manifest, e.g. `component "api"` or `[[trigger.http]] #2`;
    /// nil for the document as a whole.
    public let context: String?
    /// What is wrong, e.g. `unknown field "sorce"`.
    public let message: String

    /// An error about `file`, at `context`, saying `message`.
    public init(file: String, kind: Kind = .invalid, context: String? = nil, message: String) {
        self.file = file
        self.kind = kind
        self.context = context
        self.message = message
    }

    /// `<file>: [line L, column C: ][<context>: ]<message>`.
    public var description: String {
        var text = file + ": "
        if case .syntax(let line, let column) = kind { text += "line \(line), column \(column): " }
        if let context { text += context + ": " }
        return text + message
    }
}

/// Quotes a name from the manifest for a message: `"api"`, with quotes,
/// backslashes and control characters escaped so that the message stays on one line.
func quoted(_ text: String) -> String {
    text.debugDescription
}

/// The contexts that messages use, spelled in one place.
enum ManifestContext {
    static func component(_ id: String) -> String { "component \(quoted(id))" }
    static func trigger(_ type: String, index: Int) -> String { "[[trigger.\(type)]] #\(index + 1)" }
    static func inlineComponent(_ type: String, index: Int) -> String {
        "inline component of " + trigger(type, index: index)
    }
    static func variable(_ name: String) -> String { "variable \(quoted(name))" }
}
