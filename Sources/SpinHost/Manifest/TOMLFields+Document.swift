import TOMLKit

extension TOMLFields {
    /// The top-level table of a TOML document (a manifest or a runtime
    /// config), with the line of every key for messages. A syntax error
    /// names its line and column.
    static func document(_ text: String, file: String) throws(ManifestError) -> TOMLFields {
        let positions: TOMLPositions
        do {
            positions = try TOMLSyntax.check(text)
        } catch {
            throw ManifestError(file: file, kind: .syntax(line: error.line, column: error.column), message: error.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            // What is left after the syntax check are semantic errors such as
            // a key defined twice; toml++ words them "Error while parsing
            // <construct>: <problem>", and the problem is what matters.
            var message = Substring(error.description)
            if message.hasPrefix("Error while parsing "), let colon = message.firstRange(of: ": ") {
                message = message[colon.upperBound...]
            }
            throw ManifestError(
                file: file, kind: .syntax(line: error.source.begin.line, column: error.source.begin.column),
                message: String(message))
        } catch {
            throw ManifestError(file: file, message: "not a TOML document: \(error)")
        }
        return TOMLFields(root: table, file: file, positions: positions)
    }
}
