import Foundation
import TOMLKit

/// What `spin new` and `spin add` ask of a template.
public struct TemplateRunOptions: Sendable {
    public enum Target: Sendable {
        /// `spin new`: a new application in `outputPath`.
        case newApplication
        /// `spin add`: a component in `outputPath` below the manifest's
        /// directory, and the template's snippets appended to the manifest.
        case addComponent(manifestPath: String)
    }

    public var target: Target
    /// The NAME from the command line: `{{project-name}}`.
    public var name: String
    /// Where the files go: for a new application relative to the current
    /// directory, for a component relative to the manifest's directory.
    /// Also `{{output-path}}`.
    public var outputPath: String
    /// `--value` settings, by parameter id.
    public var values: [String: String] = [:]
    /// Use each parameter's default instead of asking.
    public var acceptDefaults = false
    /// Generate into a directory that already has files.
    public var allowOverwrite = false
    /// Leave out `.gitignore` files.
    public var noVersionControl = false
    /// `{{authors}}`; nil to find it as Spin does (Git settings, then `$USER`).
    public var authors: String?
    /// The environment used to find the author.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(target: Target, name: String, outputPath: String) {
        self.target = target
        self.name = name
        self.outputPath = outputPath
    }

    /// Why `name` cannot name an application or component, or nil. Spin
    /// requires a kebab-case id: `-`-separated words of ASCII letters and
    /// digits, each starting with a letter, each all lower or all upper case.
    public static func problem(withName name: String) -> String? {
        let rule = "the name must be kebab-case (like \"my-app\"): words of letters and digits separated by '-', each starting with a letter"
        if name.isEmpty { return "the name is empty" }
        if name.contains("_") { return "\(rule); words must be separated with '-', not '_'" }
        for word in name.split(separator: "-", omittingEmptySubsequences: false) {
            guard let first = word.first else { return "\(rule); \"\(name)\" has an empty word" }
            guard first.isASCII && first.isLetter else { return "\(rule); \"\(word)\" does not start with a letter" }
            guard word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return "\(rule); \"\(word)\" has a character that is not a letter or digit"
            }
            let letters = word.filter(\.isLetter)
            guard letters.allSatisfy(\.isLowercase) || letters.allSatisfy(\.isUppercase) else {
                return "\(rule); \"\(word)\" mixes upper and lower case"
            }
        }
        return nil
    }

    /// The parameter values of a `--values-file`: a TOML file of `name = "value"` lines.
    public static func values(fromValuesFile text: String, file: String) throws(TemplateError) -> [String: String] {
        let table = try TemplateTargetManifest.parse(text, what: file)
        var values: [String: String] = [:]
        for key in table.keys {
            guard let value = table[key]?.string else {
                throw TemplateError(.invalidValue, "\(file): the value of \"\(key)\" must be a string")
            }
            values[key] = value
        }
        return values
    }

    /// `name` as a directory name: characters outside `[-_.a-zA-Z0-9]` become `_` (Spin's rule).
    public static func pathSafe(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }

    var kind: TemplateVariant.Kind {
        switch target {
        case .newApplication: .newApplication
        case .addComponent: .addComponent
        }
    }
}
