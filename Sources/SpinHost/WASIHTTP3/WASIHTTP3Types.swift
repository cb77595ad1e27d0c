import ComponentModel

/// The resource types of `wasi:http/types@0.3.0` (WASIp3) and the WIT
/// value types built on them, cases in WIT order. `method`, `scheme` and
/// `error-code` are the same as in 0.2.
struct WASIHTTP3Types {
    /// `wasi:http/types@<version>`.
    let interface: String
    let fields: ResourceType
    let request: ResourceType
    let requestOptions: ResourceType
    let response: ResourceType

    init(version: String, defining linker: inout ComponentLinker) {
        interface = WASIHTTP3Interface.types(version)
        fields = linker.defineResource(interface, "fields")
        request = linker.defineResource(interface, "request")
        requestOptions = linker.defineResource(interface, "request-options")
        response = linker.defineResource(interface, "response")
    }

    static let headerError = ComponentValueType.variant([
        .init("invalid-syntax", nil), .init("forbidden", nil), .init("immutable", nil),
        .init("size-exceeded", nil), .init("other", .option(.string)),
    ])

    static let requestOptionsError = ComponentValueType.variant([
        .init("not-supported", nil), .init("immutable", nil), .init("other", .option(.string)),
    ])

    static let errorCode = WASIHTTPTypes.errorCode
    /// `result<_, error-code>`, what a body's transmission ends with.
    static let transmitResult = ComponentValueType.result(ok: nil, error: errorCode)

    /// `result<option<trailers>, error-code>`, how a body ends.
    static func trailersResult(_ fields: ResourceType) -> ComponentValueType {
        .result(ok: .option(.own(fields)), error: errorCode)
    }

    var trailersResult: ComponentValueType { Self.trailersResult(fields) }

    /// `future<result<option<trailers>, error-code>>`.
    func trailersFuture() -> ComponentValueType { .future(trailersResult) }

    static let body = ComponentValueType.stream(.u8)
    static let transmitFuture = ComponentValueType.future(transmitResult)
}

/// The fully qualified names of the p3 interfaces, under both names the
/// Spin 4 SDKs and toolchains use (`WASIp3.versions`).
enum WASIHTTP3Interface {
    static let versions = WASIp3.versions
    static func types(_ version: String) -> String { "wasi:http/types@\(version)" }
    static func client(_ version: String) -> String { "wasi:http/client@\(version)" }
    static let handlerPrefix = "wasi:http/handler@0.3"
}
