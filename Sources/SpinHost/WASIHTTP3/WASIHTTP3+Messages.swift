import ComponentModel
import WasmInterpreter

/// `request`, `request-options` and `response` of `wasi:http/types@0.3.0`.
extension WASIHTTP3 {
    /// The `result<_, _>` of a setter.
    static let unitResult = ComponentValueType.result(ok: nil, error: nil)

    /// An optional owned handle argument taken from the guest: the host owns its object now.
    static func takeOptional<Object: AnyObject>(_ call: HostCall, _ arguments: HostArguments, _ index: Int, _ name: String,
                                                as type: Object.Type = Object.self) throws(Trap) -> Object? {
        guard case .option(let inner) = try arguments.value(index) else { throw Trap(.host("\(arguments.function): \(name)")) }
        guard let rep = inner?.handleValue else { return nil }
        let object: Object = try HostArguments.object(call, rep, name, arguments.function)
        call.resources.remove(rep)
        return object
    }

    static func optionalStream(_ call: HostCall, _ arguments: HostArguments, _ index: Int) throws(Trap) -> HostStream? {
        guard case .option(let inner) = try arguments.value(index) else { throw Trap(.host("\(arguments.function): contents")) }
        guard let inner else { return nil }
        return try HostStream(receiving: inner, in: call.store)
    }

    /// The body of a message handed back to a guest (`consume-body`): its
    /// stream and trailers future as values to lower.
    static func bodyValues(_ call: HostCall, contents: HostStream?, trailers: HostFuture,
                           _ types: WASIHTTP3Types) -> ComponentValue {
        let stream: ComponentValue
        if let contents {
            stream = contents.value(in: call.store)
        } else {
            let (empty, value) = HostStream.make(elementType: .u8, in: call.store)
            empty.drop()
            stream = value
        }
        return .tuple([stream, trailers.value(in: call.store)])
    }

    static func requestTarget(_ call: HostCall, _ arguments: HostArguments) throws(Trap) -> HTTP3Request {
        try arguments.resource(call, 0, "request")
    }

    static func responseTarget(_ call: HostCall, _ arguments: HostArguments) throws(Trap) -> HTTP3Response {
        try arguments.resource(call, 0, "response")
    }

    static func defineRequests(in linker: inout ComponentLinker, _ types: WASIHTTP3Types) {
        let interface = types.interface
        let request = types.request
        func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ result: ComponentValueType?) -> ComponentFunctionType {
            WASIComponentTypes.method(request, parameters, result)
        }

        linker.define(interface, "[static]request.new",
                      function([("headers", .own(types.fields)), ("contents", .option(WASIHTTP3Types.body)),
                                ("trailers", types.trailersFuture()), ("options", .option(.own(types.requestOptions)))],
                               .tuple([.own(request), WASIHTTP3Types.transmitFuture]))) { call, arguments throws(Trap) in
            let headers: HTTPFields = try WASIHTTP.take(call, arguments, 0, "fields")
            let contents = try optionalStream(call, arguments, 1)
            let trailers = try HostFuture(receiving: try arguments.value(2), in: call.store)
            let options: HTTP3RequestOptions? = try takeOptional(call, arguments, 3, "request-options")
            let (transmitted, transmittedValue) = HostFuture.make(elementType: WASIHTTP3Types.transmitResult, in: call.store)
            let made = HTTP3Request(method: .variant(case: 0, payload: nil), pathWithQuery: nil, scheme: nil, authority: nil,
                                    headers: HTTPFields(copying: headers, isImmutable: true), options: options,
                                    body: .guest(contents: contents, trailers: trailers, transmitted: transmitted))
            return .tuple([call.own(made), transmittedValue])
        }
        linker.define(interface, "[method]request.get-method", method("get-method", [], WASIHTTPTypes.method)) { call, arguments throws(Trap) in
            try requestTarget(call, arguments).method
        }
        linker.define(interface, "[method]request.set-method", method("set-method", [("method", WASIHTTPTypes.method)], unitResult)) {
            call, arguments throws(Trap) in
            try requestTarget(call, arguments).method = try arguments.value(1)
            return .ok(nil)
        }
        linker.define(interface, "[method]request.get-path-with-query", method("get-path-with-query", [], .option(.string))) {
            call, arguments throws(Trap) in
            .option(try requestTarget(call, arguments).pathWithQuery.map { .string($0) })
        }
        linker.define(interface, "[method]request.set-path-with-query",
                      method("set-path-with-query", [("path-with-query", .option(.string))], unitResult)) { call, arguments throws(Trap) in
            try requestTarget(call, arguments).pathWithQuery = try arguments.optionalString(1)
            return .ok(nil)
        }
        linker.define(interface, "[method]request.get-scheme", method("get-scheme", [], .option(WASIHTTPTypes.scheme))) {
            call, arguments throws(Trap) in
            .option(try requestTarget(call, arguments).scheme)
        }
        linker.define(interface, "[method]request.set-scheme", method("set-scheme", [("scheme", .option(WASIHTTPTypes.scheme))], unitResult)) {
            call, arguments throws(Trap) in
            guard case .option(let scheme) = try arguments.value(1) else { throw Trap(.host("\(arguments.function): scheme")) }
            try requestTarget(call, arguments).scheme = scheme
            return .ok(nil)
        }
        linker.define(interface, "[method]request.get-authority", method("get-authority", [], .option(.string))) {
            call, arguments throws(Trap) in
            .option(try requestTarget(call, arguments).authority.map { .string($0) })
        }
        linker.define(interface, "[method]request.set-authority",
                      method("set-authority", [("authority", .option(.string))], unitResult)) { call, arguments throws(Trap) in
            try requestTarget(call, arguments).authority = try arguments.optionalString(1)
            return .ok(nil)
        }
        linker.define(interface, "[method]request.get-options", method("get-options", [], .option(.own(types.requestOptions)))) {
            call, arguments throws(Trap) in
            guard let options = try requestTarget(call, arguments).options else { return .option(nil) }
            let copy = options.copy()
            copy.isImmutable = true
            return .option(call.own(copy))
        }
        linker.define(interface, "[method]request.get-headers", method("get-headers", [], .own(types.fields))) {
            call, arguments throws(Trap) in
            call.own(HTTPFields(copying: try requestTarget(call, arguments).headers, isImmutable: true))
        }
        linker.define(interface, "[static]request.consume-body",
                      function([("this", .own(request)), ("res", WASIHTTP3Types.transmitFuture)],
                               .tuple([WASIHTTP3Types.body, types.trailersFuture()]))) { call, arguments throws(Trap) in
            let consumed: HTTP3Request = try WASIHTTP.take(call, arguments, 0, "request")
            // How the guest fared with the body: nothing here needs to know.
            try HostFuture(receiving: try arguments.value(1), in: call.store).drop()
            switch consumed.body {
            case .incoming(let exchange):
                consumed.body = .consumed
                return try exchange.startRequestBody(call, types)
            case .guest(let contents, let trailers, let transmitted):
                consumed.body = .consumed
                // The body goes back to the guest, not out: nothing will be transmitted.
                transmitted.drop()
                return bodyValues(call, contents: contents, trailers: trailers, types)
            case .consumed:
                throw Trap(.host("\(arguments.function): the request's body was consumed already"))
            }
        }
    }

    static func defineRequestOptions(in linker: inout ComponentLinker, _ types: WASIHTTP3Types) {
        let interface = types.interface
        let options = types.requestOptions
        let setResult = ComponentValueType.result(ok: nil, error: WASIHTTP3Types.requestOptionsError)
        linker.define(interface, "[constructor]request-options", function([], .own(options))) { call, _ throws(Trap) in
            call.own(HTTP3RequestOptions())
        }
        let timeouts: [(String, ReferenceWritableKeyPath<HTTP3RequestOptions, UInt64?>)] = [
            ("connect-timeout", \.connectTimeout), ("first-byte-timeout", \.firstByteTimeout),
            ("between-bytes-timeout", \.betweenBytesTimeout),
        ]
        for (name, keyPath) in timeouts {
            nonisolated(unsafe) let keyPath = keyPath
            linker.define(interface, "[method]request-options.get-\(name)",
                          WASIComponentTypes.method(options, [], .option(WASIHTTPTypes.duration))) { call, arguments throws(Trap) in
                let target: HTTP3RequestOptions = try arguments.resource(call, 0, "request-options")
                return .option(target[keyPath: keyPath].map { .u64($0) })
            }
            linker.define(interface, "[method]request-options.set-\(name)",
                          WASIComponentTypes.method(options, [("duration", .option(WASIHTTPTypes.duration))], setResult)) {
                call, arguments throws(Trap) in
                let target: HTTP3RequestOptions = try arguments.resource(call, 0, "request-options")
                guard !target.isImmutable else { return .error(.variant(case: 1, payload: nil)) }
                target[keyPath: keyPath] = try arguments.optionalU64(1)
                return .ok(nil)
            }
        }
        linker.define(interface, "[method]request-options.clone", WASIComponentTypes.method(options, [], .own(options))) {
            call, arguments throws(Trap) in
            let target: HTTP3RequestOptions = try arguments.resource(call, 0, "request-options")
            return call.own(target.copy())
        }
    }

    static func defineResponses(in linker: inout ComponentLinker, _ types: WASIHTTP3Types) {
        let interface = types.interface
        let response = types.response
        linker.define(interface, "[static]response.new",
                      function([("headers", .own(types.fields)), ("contents", .option(WASIHTTP3Types.body)),
                                ("trailers", types.trailersFuture())],
                               .tuple([.own(response), WASIHTTP3Types.transmitFuture]))) { call, arguments throws(Trap) in
            let headers: HTTPFields = try WASIHTTP.take(call, arguments, 0, "fields")
            let contents = try optionalStream(call, arguments, 1)
            let trailers = try HostFuture(receiving: try arguments.value(2), in: call.store)
            let (transmitted, value) = HostFuture.make(elementType: WASIHTTP3Types.transmitResult, in: call.store)
            let made = HTTP3Response(headers: HTTPFields(copying: headers, isImmutable: true), contents: contents,
                                     trailers: trailers, transmitted: transmitted)
            return .tuple([call.own(made), value])
        }
        linker.define(interface, "[method]response.get-status-code",
                      WASIComponentTypes.method(response, [], .u16)) { call, arguments throws(Trap) in
            .u16(try responseTarget(call, arguments).status)
        }
        linker.define(interface, "[method]response.set-status-code",
                      WASIComponentTypes.method(response, [("status-code", .u16)], unitResult)) { call, arguments throws(Trap) in
            guard case .u16(let status) = try arguments.value(1) else { throw Trap(.host("\(arguments.function): status-code")) }
            guard (100...999).contains(status) else { return .error(nil) }
            try responseTarget(call, arguments).status = status
            return .ok(nil)
        }
        linker.define(interface, "[method]response.get-headers",
                      WASIComponentTypes.method(response, [], .own(types.fields))) { call, arguments throws(Trap) in
            call.own(HTTPFields(copying: try responseTarget(call, arguments).headers, isImmutable: true))
        }
        linker.define(interface, "[static]response.consume-body",
                      function([("this", .own(response)), ("res", WASIHTTP3Types.transmitFuture)],
                               .tuple([WASIHTTP3Types.body, types.trailersFuture()]))) { call, arguments throws(Trap) in
            let consumed: HTTP3Response = try WASIHTTP.take(call, arguments, 0, "response")
            try HostFuture(receiving: try arguments.value(1), in: call.store).drop()
            let (contents, trailers) = consumed.takeBody()
            guard let trailers else { throw Trap(.host("\(arguments.function): the response's body was consumed already")) }
            return bodyValues(call, contents: contents, trailers: trailers, types)
        }
    }
}
