import ComponentModel
import WasmInterpreter

/// `incoming-request`, `outgoing-request` and `request-options`.
extension WASIHTTP {
    static func defineIncomingRequest(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        let interface = WASIHTTPInterface.types
        func define(_ name: String, _ result: ComponentValueType,
                    _ body: @escaping @Sendable (HostCall, IncomingRequestResource) throws(Trap) -> ComponentValue) {
            linker.define(interface, "[method]incoming-request.\(name)",
                          WASIComponentTypes.method(types.incomingRequest, [], result)) { call, arguments throws(Trap) in
                try body(call, try arguments.resource(call, 0, "incoming-request"))
            }
        }
        define("method", WASIHTTPTypes.method) { _, request throws(Trap) in methodValue(request.exchange.request.method) }
        define("path-with-query", .option(.string)) { _, request throws(Trap) in .option(.string(request.exchange.request.pathWithQuery)) }
        define("scheme", .option(WASIHTTPTypes.scheme)) { _, request throws(Trap) in
            .option(schemeValue(request.exchange.request.scheme))
        }
        define("authority", .option(.string)) { _, request throws(Trap) in .option(.string(request.exchange.request.authority)) }
        // A child view: immutable, as in wasmtime.
        define("headers", .own(types.fields)) { call, request throws(Trap) in
            call.own(HTTPFields(copying: request.headers, isImmutable: true))
        }
        define("consume", .result(ok: .own(types.incomingBody), error: nil)) { call, request throws(Trap) in
            guard let body = request.consume() else { return .error(nil) }
            return .ok(call.own(body))
        }
    }

    static func defineOutgoingRequest(in linker: inout ComponentLinker, _ types: WASIHTTPTypes) {
        let interface = WASIHTTPInterface.types
        let request = types.outgoingRequest
        linker.define(interface, "[constructor]outgoing-request",
                      WASIComponentTypes.function([("headers", .own(types.fields))], .own(request))) {
            call, arguments throws(Trap) in
            let headers: HTTPFields = try take(call, arguments, 0, "fields")
            return call.own(OutgoingRequestResource(headers: headers, wakeup: GuestWakeup.of(call.store)))
        }
        func define(_ name: String, _ parameters: [(String, ComponentValueType)], _ result: ComponentValueType?,
                    _ body: @escaping @Sendable (HostCall, OutgoingRequestResource, HostArguments) throws(Trap) -> ComponentValue?) {
            linker.define(interface, "[method]outgoing-request.\(name)",
                          WASIComponentTypes.method(request, parameters, result)) { call, arguments throws(Trap) in
                try body(call, try arguments.resource(call, 0, "outgoing-request"), arguments)
            }
        }
        let unit = ComponentValueType.result(ok: nil, error: nil)
        define("body", [], .result(ok: .own(types.outgoingBody), error: nil)) { call, target, _ throws(Trap) in
            guard !target.bodyTaken else { return .error(nil) }
            target.bodyTaken = true
            target.body.bodyTaken = true
            return .ok(call.own(OutgoingBodyResource(state: target.body)))
        }
        define("method", [], WASIHTTPTypes.method) { _, target, _ throws(Trap) in target.method }
        define("set-method", [("method", WASIHTTPTypes.method)], unit) { _, target, arguments throws(Trap) in
            let method = try arguments.value(1)
            if case .variant(_, .string(let name)?) = method, (try? HTTPFields.validName(name)) == nil { return .error(nil) }
            target.method = method
            return .ok(nil)
        }
        define("path-with-query", [], .option(.string)) { _, target, _ throws(Trap) in .option(target.pathWithQuery.map { .string($0) }) }
        define("set-path-with-query", [("path-with-query", .option(.string))], unit) { _, target, arguments throws(Trap) in
            target.pathWithQuery = try arguments.optionalString(1)
            return .ok(nil)
        }
        define("scheme", [], .option(WASIHTTPTypes.scheme)) { _, target, _ throws(Trap) in .option(target.scheme) }
        define("set-scheme", [("scheme", .option(WASIHTTPTypes.scheme))], unit) { _, target, arguments throws(Trap) in
            guard let scheme = try arguments.option(1) else { return .error(nil) }
            target.scheme = scheme
            return .ok(nil)
        }
        define("authority", [], .option(.string)) { _, target, _ throws(Trap) in .option(target.authority.map { .string($0) }) }
        define("set-authority", [("authority", .option(.string))], unit) { _, target, arguments throws(Trap) in
            target.authority = try arguments.optionalString(1)
            return .ok(nil)
        }
        define("headers", [], .own(types.fields)) { call, target, _ throws(Trap) in
            call.own(HTTPFields(copying: target.headers, isImmutable: true))
        }

        linker.define(interface, "[constructor]request-options",
                      WASIComponentTypes.function([], .own(types.requestOptions))) { call, _ throws(Trap) in
            call.own(RequestOptionsResource())
        }
        let timeouts: [(String, ReferenceWritableKeyPath<RequestOptionsResource, UInt64?>)] = [
            ("connect-timeout", \.connectTimeout), ("first-byte-timeout", \.firstByteTimeout),
            ("between-bytes-timeout", \.betweenBytesTimeout),
        ]
        for (name, keyPath) in timeouts {
            nonisolated(unsafe) let keyPath = keyPath
            linker.define(interface, "[method]request-options.\(name)",
                          WASIComponentTypes.method(types.requestOptions, [], .option(WASIHTTPTypes.duration))) {
                call, arguments throws(Trap) in
                let options: RequestOptionsResource = try arguments.resource(call, 0, "request-options")
                return .option(options[keyPath: keyPath].map { .u64($0) })
            }
            linker.define(interface, "[method]request-options.set-\(name)",
                          WASIComponentTypes.method(types.requestOptions, [("duration", .option(WASIHTTPTypes.duration))], unit)) {
                call, arguments throws(Trap) in
                let options: RequestOptionsResource = try arguments.resource(call, 0, "request-options")
                options[keyPath: keyPath] = try arguments.optionalU64(1)
                return .ok(nil)
            }
        }
    }

    /// A method as the `method` variant: its own case, or `other`.
    static func methodValue(_ method: String) -> ComponentValue {
        if let index = WASIHTTPTypes.methodNames.firstIndex(of: method) {
            return .variant(case: UInt32(index), payload: nil)
        }
        return .variant(case: UInt32(WASIHTTPTypes.methodNames.count), payload: .string(method))
    }

    static func schemeValue(_ scheme: String) -> ComponentValue {
        switch scheme.lowercased() {
        case "http": .variant(case: 0, payload: nil)
        case "https": .variant(case: 1, payload: nil)
        default: .variant(case: 2, payload: .string(scheme))
        }
    }
}
