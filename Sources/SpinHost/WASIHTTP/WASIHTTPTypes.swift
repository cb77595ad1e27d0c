import ComponentModel

/// The resource types of `wasi:http/types@0.2.0` (defined once per linker)
/// and the WIT value types built on them, cases in WIT order: the
/// canonical ABI encodes a case by its position.
struct WASIHTTPTypes {
    let fields: ResourceType
    let incomingRequest: ResourceType
    let outgoingRequest: ResourceType
    let requestOptions: ResourceType
    let responseOutparam: ResourceType
    let incomingResponse: ResourceType
    let incomingBody: ResourceType
    let futureTrailers: ResourceType
    let outgoingResponse: ResourceType
    let outgoingBody: ResourceType
    let futureIncomingResponse: ResourceType
    // Of `wasi:io`, defined by `WASIComponent`.
    let ioError: ResourceType
    let pollable: ResourceType
    let inputStream: ResourceType
    let outputStream: ResourceType

    init(defining linker: inout ComponentLinker) {
        func existing(_ interface: String, _ name: String) -> ResourceType {
            guard let type = linker.resource(interface, name) else {
                preconditionFailure("WASIHTTP.define needs WASIComponent.define first (\(interface) \(name))")
            }
            return type
        }
        ioError = existing(WASIInterface.error, "error")
        pollable = existing(WASIInterface.poll, "pollable")
        inputStream = existing(WASIInterface.streams, "input-stream")
        outputStream = existing(WASIInterface.streams, "output-stream")
        let interface = WASIHTTPInterface.types
        fields = linker.defineResource(interface, "fields")
        incomingRequest = linker.defineResource(interface, "incoming-request")
        outgoingRequest = linker.defineResource(interface, "outgoing-request")
        requestOptions = linker.defineResource(interface, "request-options")
        responseOutparam = linker.defineResource(interface, "response-outparam")
        incomingResponse = linker.defineResource(interface, "incoming-response")
        incomingBody = linker.defineResource(interface, "incoming-body")
        futureTrailers = linker.defineResource(interface, "future-trailers")
        outgoingResponse = linker.defineResource(interface, "outgoing-response")
        outgoingBody = linker.defineResource(interface, "outgoing-body")
        futureIncomingResponse = linker.defineResource(interface, "future-incoming-response")
    }

    static let method = ComponentValueType.variant([
        .init("get", nil), .init("head", nil), .init("post", nil), .init("put", nil), .init("delete", nil),
        .init("connect", nil), .init("options", nil), .init("trace", nil), .init("patch", nil),
        .init("other", .string),
    ])
    /// The methods with a case of their own, in case order.
    static let methodNames = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    static let scheme = ComponentValueType.variant([.init("HTTP", nil), .init("HTTPS", nil), .init("other", .string)])

    static let headerError = ComponentValueType.variant([
        .init("invalid-syntax", nil), .init("forbidden", nil), .init("immutable", nil),
    ])

    static let fieldEntries = ComponentValueType.list(.tuple([.string, .list(.u8)]))
    static let duration = ComponentValueType.u64

    private static let fieldSizePayload = ComponentValueType.record([
        .init("field-name", .option(.string)), .init("field-size", .option(.u32)),
    ])

    /// `error-code`, every case (`HTTPErrorCode` names the ones we send).
    static let errorCode = ComponentValueType.variant([
        .init("DNS-timeout", nil),
        .init("DNS-error", .record([.init("rcode", .option(.string)), .init("info-code", .option(.u16))])),
        .init("destination-not-found", nil),
        .init("destination-unavailable", nil),
        .init("destination-IP-prohibited", nil),
        .init("destination-IP-unroutable", nil),
        .init("connection-refused", nil),
        .init("connection-terminated", nil),
        .init("connection-timeout", nil),
        .init("connection-read-timeout", nil),
        .init("connection-write-timeout", nil),
        .init("connection-limit-reached", nil),
        .init("TLS-protocol-error", nil),
        .init("TLS-certificate-error", nil),
        .init("TLS-alert-received", .record([.init("alert-id", .option(.u8)), .init("alert-message", .option(.string))])),
        .init("HTTP-request-denied", nil),
        .init("HTTP-request-length-required", nil),
        .init("HTTP-request-body-size", .option(.u64)),
        .init("HTTP-request-method-invalid", nil),
        .init("HTTP-request-URI-invalid", nil),
        .init("HTTP-request-URI-too-long", nil),
        .init("HTTP-request-header-section-size", .option(.u32)),
        .init("HTTP-request-header-size", .option(fieldSizePayload)),
        .init("HTTP-request-trailer-section-size", .option(.u32)),
        .init("HTTP-request-trailer-size", fieldSizePayload),
        .init("HTTP-response-incomplete", nil),
        .init("HTTP-response-header-section-size", .option(.u32)),
        .init("HTTP-response-header-size", fieldSizePayload),
        .init("HTTP-response-body-size", .option(.u64)),
        .init("HTTP-response-trailer-section-size", .option(.u32)),
        .init("HTTP-response-trailer-size", fieldSizePayload),
        .init("HTTP-response-transfer-coding", .option(.string)),
        .init("HTTP-response-content-coding", .option(.string)),
        .init("HTTP-response-timeout", nil),
        .init("HTTP-upgrade-failed", nil),
        .init("HTTP-protocol-error", nil),
        .init("loop-detected", nil),
        .init("configuration-error", nil),
        .init("internal-error", .option(.string)),
    ])
}

/// The `error-code` values the host produces, as values of `WASIHTTPTypes.errorCode`.
enum HTTPErrorCode {
    /// `HTTP-request-body-size(some(limit))`: the body was over the server's limit.
    static func requestBodySize(_ limit: Int) -> ComponentValue {
        .variant(case: 17, payload: .option(.u64(UInt64(limit))))
    }

    /// `HTTP-response-body-size(some(size))`: the body disagreed with its `content-length`.
    static func responseBodySize(_ size: Int) -> ComponentValue {
        .variant(case: 28, payload: .option(.u64(UInt64(size))))
    }

    /// `connection-terminated`: the client (or an outbound request's server) went away.
    static let connectionTerminated = ComponentValue.variant(case: 7, payload: nil)

    /// `DNS-error`: an outbound request's host name did not resolve.
    static func dnsError(_ message: String) -> ComponentValue {
        .variant(case: 1, payload: .record([.option(nil), .option(nil)]))
    }

    static let connectionRefused = ComponentValue.variant(case: 6, payload: nil)
    static let connectionTimeout = ComponentValue.variant(case: 8, payload: nil)
    static let connectionReadTimeout = ComponentValue.variant(case: 9, payload: nil)
    static let tlsProtocolError = ComponentValue.variant(case: 12, payload: nil)
    static let tlsCertificateError = ComponentValue.variant(case: 13, payload: nil)
    /// `HTTP-request-denied`: `allowed_outbound_hosts` does not allow the destination.
    static let requestDenied = ComponentValue.variant(case: 15, payload: nil)
    static let uriInvalid = ComponentValue.variant(case: 19, payload: nil)

    /// `internal-error(some(message))`.
    static func internalError(_ message: String) -> ComponentValue {
        .variant(case: 38, payload: .option(.string(message)))
    }
}

/// The fully qualified names of the interfaces, as components import and export them.
enum WASIHTTPInterface {
    static let types = "wasi:http/types@0.2.0"
    static let incomingHandler = "wasi:http/incoming-handler@0.2.0"
}
