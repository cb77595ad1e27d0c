/// `{{authors}}` and `{{username}}`, found as Spin (and cargo) find them:
/// `$GIT_AUTHOR_NAME`, `$GIT_COMMITTER_NAME`, git's `user.name`, then
/// `$USER`; the e-mail likewise, appended as `Name <email>`.
enum TemplateAuthor {
    static func discover(_ environment: [String: String]) -> (name: String, user: String) {
        func variable(_ names: [String]) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        func gitConfig(_ key: String) -> String? {
            (try? TemplateGit.run(["config", "--get", key])).map { TemplateFilter.trimmed($0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let name = variable(["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"]) ?? gitConfig("user.name")
            ?? variable(["USER", "USERNAME", "NAME"]) else { return ("", "") }
        var email = variable(["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"]) ?? gitConfig("user.email") ?? variable(["EMAIL"])
        if let text = email, text.hasPrefix("<"), text.hasSuffix(">") { email = String(text.dropFirst().dropLast()) }
        let trimmed = TemplateFilter.trimmed(name)
        guard let email, !email.isEmpty else { return (trimmed, trimmed) }
        return ("\(trimmed) <\(TemplateFilter.trimmed(email))>", trimmed)
    }
}
