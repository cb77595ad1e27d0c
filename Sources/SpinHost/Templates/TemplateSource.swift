import Foundation

/// Where `spin templates install` takes templates from.
public enum TemplateSource: Sendable, Equatable {
    /// `--dir PATH`
    case directory(String)
    /// `--git URL [--branch B]`: cloned with `git`; any URL git accepts,
    /// including `file://` URLs and local paths.
    case git(url: String, branch: String?)

    /// A `--git` argument as Spin reads it: `owner/repo` means GitHub;
    /// URLs and existing local paths are used as they are.
    public static func gitArgument(_ argument: String, branch: String?) -> TemplateSource {
        let isURL = argument.contains("://") || argument.contains("@")
        let isPath = argument.hasPrefix("/") || argument.hasPrefix(".") || FileManager.default.fileExists(atPath: argument)
        if isURL || isPath { return .git(url: argument, branch: branch) }
        return .git(url: "https://github.com/" + argument, branch: branch)
    }
}
