/// One `[parameters]` entry: a string the user supplies.
public struct TemplateParameter: Sendable {
    /// The key in `[parameters]`, and the placeholder's name: `{{ http-path }}`.
    public let id: String
    /// What `spin new` shows when it asks for the value.
    public let prompt: String
    /// `default`: used with `--accept-defaults`, or for an empty answer.
    public let defaultValue: String?
    /// A regular expression the value must match somewhere (anchor it with `^…$`).
    public let pattern: String?
    /// The only values allowed, if given.
    public let allowedValues: [String]?

    /// The same parameter offering `defaultValue` instead.
    func offering(_ defaultValue: String) -> TemplateParameter {
        TemplateParameter(id: id, prompt: prompt, defaultValue: defaultValue, pattern: pattern, allowedValues: allowedValues)
    }

    /// Checks `value` against the pattern and the allowed values; returns
    /// why it is refused, or nil.
    public func problem(with value: String) -> String? {
        if let pattern, !TemplatePattern.matches(pattern, value) {
            return "\"\(value)\" does not match the pattern \"\(pattern)\""
        }
        if let allowedValues, !allowedValues.contains(value) {
            return "\"\(value)\" is not one of the allowed values (\(allowedValues.joined(separator: ", ")))"
        }
        return nil
    }
}
