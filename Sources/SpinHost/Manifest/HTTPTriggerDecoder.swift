import TOMLKit

/// Reads the HTTP-specific fields of a trigger: `route`, `executor` and
/// `static_response` (version 2 `[[trigger.http]]` and version 1
/// `[component.trigger]` alike), and a whole version 2 trigger table.
///
/// See <https://spinframework.dev/v3/manifest-reference#additional-fields-for-triggerhttp-tables>.
enum HTTPTriggerDecoder {
    /// A version 2 trigger before ids are assigned and inline components moved.
    struct Draft {
        enum Target {
            case component(String)
            /// An inline component, decoded with a placeholder id.
            case inline(ComponentManifest)
            case staticResponse(StaticResponse)
        }

        let index: Int
        let explicitID: String?
        let route: HTTPRoute
        let target: Target
        let executor: HTTPExecutor
        let context: String
        /// The line of `id`, for the message when it is taken.
        let idLine: Int?
    }

    static func draft(
        _ fields: TOMLFields, index: Int, components: ComponentManifestDecoder
    ) throws(ManifestError) -> Draft {
        for unsupported in ["components", "dependencies"] where fields.contains(unsupported) {
            throw fields.error(
                "field \(quoted(unsupported)) (trigger middleware and extra components) is not supported by this host", at: unsupported)
        }
        try fields.rejectUnknownFields(allowed: ["id", "component", "route", "executor", "static_response"])
        let explicitID = try fields.string("id").flatMap { $0.isEmpty ? nil : $0 }
        let route = try route(fields)
        let executor = try executor(fields)
        let target: Draft.Target
        switch (fields.value("component"), try staticResponse(fields)) {
        case (.some, .some):
            throw fields.error("a trigger must have either \"component\" or \"static_response\", not both")
        case (nil, nil):
            throw fields.error("missing required field \"component\" (or \"static_response\")")
        case (nil, .some(let response)):
            target = .staticResponse(response)
        case (.some(let value), nil):
            if let id = value.string {
                if let problem = SpinIdentifier.problem(with: id, style: .kebab) {
                    throw fields.error("invalid component id \(quoted(id)): \(problem)", at: "component")
                }
                target = .component(id)
            } else if let table = value.table {
                let inline = fields.nested(
                    table, at: [.key("component")], context: ManifestContext.inlineComponent("http", index: index))
                target = .inline(try components.version2Component(inline, id: ""))
            } else {
                throw fields.typeError("component", "a component id or an inline component table")
            }
        }
        return Draft(
            index: index, explicitID: explicitID, route: route, target: target, executor: executor,
            context: fields.context ?? "", idLine: fields.line(at: [.key("id")]))
    }

    /// `route = "/path/..."` or `route = { private = true }`.
    static func route(_ fields: TOMLFields) throws(ManifestError) -> HTTPRoute {
        guard let value = fields.value("route") else { throw fields.missing("route") }
        if let text = value.string {
            do {
                return .path(try RouteSpec(parsing: text))
            } catch {
                throw fields.error("invalid route \(quoted(text)): \(error.message)", at: "route")
            }
        }
        guard let table = try? fields.table("route") else {
            throw fields.typeError("route", "a path string or { private = true }")
        }
        try table.rejectUnknownFields(allowed: ["private"])
        guard let isPrivate = try table.bool("private") else { throw table.missing("private") }
        guard isPrivate else {
            throw fields.error("field \"route\" must be a path string or { private = true }, not { private = false }", at: "route")
        }
        return .privateEndpoint
    }

    /// `executor = { type = "spin" }` (or `"http"`, the default), or
    /// `{ type = "wagi", argv = "...", entrypoint = "..." }`.
    static func executor(_ fields: TOMLFields) throws(ManifestError) -> HTTPExecutor {
        guard let table = try fields.table("executor") else { return .spin }
        let type = try table.requiredString("type")
        switch type {
        case "spin", "http":
            try table.rejectUnknownFields(allowed: ["type"])
            return .spin
        case "wagi":
            try table.rejectUnknownFields(allowed: ["type", "argv", "entrypoint"])
            return .wagi(
                WAGIExecutorConfig(
                    argv: try table.string("argv") ?? WAGIExecutorConfig.defaultArgv,
                    entrypoint: try table.string("entrypoint") ?? WAGIExecutorConfig.defaultEntrypoint))
        default:
            throw table.error("field \"executor.type\" must be \"spin\" or \"wagi\", not \(quoted(type))", at: "type")
        }
    }

    /// `static_response = { status_code, headers, body }`, all optional.
    static func staticResponse(_ fields: TOMLFields) throws(ManifestError) -> StaticResponse? {
        guard let table = try fields.table("static_response") else { return nil }
        try table.rejectUnknownFields(allowed: ["status_code", "headers", "body"])
        let status = try table.integer("status_code") ?? 200
        guard (100...999).contains(status) else {
            throw table.typeError("status_code", "an HTTP status code (100 to 999)")
        }
        let headers = try table.stringPairs("headers") ?? []
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
                throw table.error("field \"static_response.headers\": invalid header name \(quoted(name))", at: [.key("headers"), .key(name)])
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw table.error(
                    "field \"static_response.headers\": the value of \(quoted(name)) must not contain line breaks",
                    at: [.key("headers"), .key(name)])
            }
        }
        return StaticResponse(
            statusCode: status,
            headers: headers.map { StaticResponse.Header(name: $0.0, value: $0.1) },
            body: try table.string("body"))
    }

    /// RFC 9110 `tchar`: the characters allowed in a header name.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
