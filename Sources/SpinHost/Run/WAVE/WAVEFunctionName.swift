/// The function a WAVE call names, in the form the wasmtime CLI's
/// `--invoke` takes for components: `func`, `iface.func`, or
/// `ns:pkg/iface.func@1.2.3` (the version, if any, goes last; wit-parser's
/// `ItemName`).
public struct WAVEFunctionName: Sendable, Hashable, CustomStringConvertible {
    /// `ns:pkg`, when the name is package-qualified.
    public let package: String?
    /// The interface (an exported instance) holding the function, if named.
    public let interface: String?
    public let function: String
    /// The package version, `1.2.3`; only with a package.
    public let version: String?

    public init(package: String? = nil, interface: String? = nil, function: String, version: String? = nil) {
        self.package = package
        self.interface = interface
        self.function = function
        self.version = version
    }

    /// The export name of the instance holding the function, as a component
    /// exports it: `ns:pkg/iface@1.2.3`, or `iface` for `iface.func`; nil
    /// for a function exported by the component itself.
    public var instanceName: String? {
        guard let interface else { return nil }
        return (package.map { $0 + "/" } ?? "") + interface + (version.map { "@" + $0 } ?? "")
    }

    public var description: String {
        (package.map { $0 + "/" } ?? "") + (interface.map { $0 + "." } ?? "") + function + (version.map { "@" + $0 } ?? "")
    }

    /// Reads a name at `lexer.position`, leaving the lexer after it.
    static func parse(_ lexer: inout WAVELexer) throws(WAVEError) -> WAVEFunctionName {
        lexer.skipTrivia()
        let scalars = lexer.scalars
        var position = lexer.position
        func label() throws(WAVEError) -> String {
            let start = position
            while position < scalars.count, scalars[position] == "-" || WAVELexer.isAlphanumeric(scalars[position]) {
                position += 1
            }
            let name = lexer.text(start, position)
            if name.isEmpty {
                let found = start < scalars.count ? "`\(WAVELexer.show(scalars[start]))`" : "the end of the text"
                throw WAVEError(at: start, "expected a function name, found \(found)")
            }
            if let problem = WAVELexer.labelProblem(name) {
                throw WAVEError(at: start, "invalid name `\(name)`: \(problem)")
            }
            return name
        }
        func next(_ scalar: Unicode.Scalar) -> Bool {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
            return true
        }
        let start = position
        var package: String?
        var first = try label()
        if next(":") {
            let name = try label()
            guard next("/") else {
                throw WAVEError(at: position, "expected `/` after the package `\(first):\(name)`")
            }
            package = first + ":" + name
            first = try label()
        }
        var interface: String?
        var function = first
        if next(".") {
            interface = first
            function = try label()
        }
        if package != nil && interface == nil {
            throw WAVEError(at: start, "a name with a package names an interface and a function: `\(package!)/iface.func`")
        }
        var version: String?
        if position < scalars.count, scalars[position] == "@" {
            guard package != nil else {
                throw WAVEError(at: position, "only a package-qualified name has a version: `ns:pkg/iface.func@1.0.0`")
            }
            let versionStart = position + 1
            position = versionStart
            while position < scalars.count, WAVELexer.isAlphanumeric(scalars[position]) || [".", "-", "+"].contains(scalars[position]) {
                position += 1
            }
            let text = lexer.text(versionStart, position)
            guard isSemanticVersion(text) else {
                throw WAVEError(at: versionStart, "invalid version `\(text)`: expected MAJOR.MINOR.PATCH")
            }
            version = text
        }
        lexer = WAVELexer(scalars, position: position)
        return WAVEFunctionName(package: package, interface: interface, function: function, version: version)
    }

    /// `MAJOR.MINOR.PATCH` without leading zeros, then an optional `-pre`
    /// and `+build` (semver.org).
    private static func isSemanticVersion(_ text: String) -> Bool {
        var core = Substring(text)
        if let cut = core.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            let suffix = core[core.index(after: cut)...]
            guard !suffix.isEmpty, !suffix.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
            else { return false }
            core = core[..<cut]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && (part == "0" || part.first != "0")
        }
    }
}
