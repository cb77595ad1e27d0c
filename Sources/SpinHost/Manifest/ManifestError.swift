/// Why an application manifest (`spin.toml`) cannot be used: it cannot be
/// read, is not TOML, breaks a rule of the manifest format, names files that
/// are missing or outside the application, or a remote component source
/// cannot be fetched or fails its digest check.
///
/// The message names the file and, when known, the line (and for a syntax
/// error the column), then the place in the manifest (a component, a
/// trigger, a variable), then what is wrong, so that it can be printed as is
/// and an editor can jump to it:
///
/// ```
/// spin.toml:12: component "api": unknown field "sorce"
/// spin.toml:6:4: expected "=" after the key
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
    /// The 1-based line the problem is on, when it is about one place in
    /// the text (for `.syntax`, the line is in `kind`).
    public let line: Int?
    /// Where in the manifest, e.g. `component "api"` or `[[trigger.http]] #2`;
    /// nil for the document as a whole.
    public let context: String?
    /// What is wrong, e.g. `unknown field "sorce"`.
    public let message: String

    /// An error about `file`, on `line`, at `context`, saying `message`.
    public init(file: String, kind: Kind = .invalid, line: Int? = nil, context: String? = nil, message: String) {
        self.file = file
        self.kind = kind
        self.line = line
        self.context = context
        self.message = message
    }

    /// `<file>[:<line>[:<column>]]: [<context>: ]<message>`.
    public var description: String {
        var text = file
        if case .syntax(let line, let column) = kind {
            text += ":\(line):\(column)"
        } else if let line {
            text += ":\(line)"
        }
        text += ": "
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
